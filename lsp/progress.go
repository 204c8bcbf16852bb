package lsp

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
)

// progressAfter is how long background work runs before it shows progress:
// work that finishes sooner (the built-in engine, cache hits) shows nothing.
const progressAfter = 300 * time.Millisecond

var progressSeq atomic.Int64

// progress reports one piece of long work with $/progress, when the client
// supports it. A nil *progress reports nothing. Safe for concurrent use: the
// delayed begin runs on a timer.
type progress struct {
	s      *Server
	title  string
	total  int
	cancel context.CancelFunc // called when the user cancels in the UI

	mu      sync.Mutex
	token   protocol.ProgressToken
	timer   *time.Timer
	started bool
	ended   bool
}

// startProgress prepares progress for work of total steps. With a token from
// the request (workDoneToken) it begins at once; otherwise it creates a token
// with window/workDoneProgress/create once the work has run for delay.
// cancel, when not nil, is called if the user cancels the work in the UI.
func (s *Server) startProgress(token protocol.ProgressToken, title string, total int, delay time.Duration, cancel context.CancelFunc) *progress {
	_, caps := s.config()
	if token == nil && !caps.workDoneProgress {
		return nil
	}
	p := &progress{s: s, token: token, title: title, total: total, cancel: cancel}
	if token != nil || delay == 0 {
		p.mu.Lock()
		p.beginLocked()
		p.mu.Unlock()
		return p
	}
	p.timer = time.AfterFunc(delay, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.started && !p.ended {
			p.beginLocked()
		}
	})
	return p
}

func (p *progress) beginLocked() {
	p.started = true
	if p.token == nil {
		tok := protocol.String(fmt.Sprintf("summarizer-%d", progressSeq.Add(1)))
		ctx, cancel := context.WithTimeout(p.s.ctx, 5*time.Second)
		defer cancel()
		if err := p.s.client.WorkDoneProgressCreate(ctx, &protocol.WorkDoneProgressCreateParams{Token: tok}); err != nil {
			p.s.logger.Debug("workDoneProgress/create failed", "err", err)
			return
		}
		p.token = tok
	}
	if p.cancel != nil {
		p.s.progressCancels.Store(tokenString(p.token), p.cancel)
	}
	cancellable := p.cancel != nil
	pct := uint32(0)
	p.sendLocked(&protocol.WorkDoneProgressBegin{Kind: "begin", Title: p.title, Cancellable: &cancellable,
		Message: ptr(fmt.Sprintf("0/%d", p.total)), Percentage: &pct})
}

// report tells the client done of total steps are finished.
func (p *progress) report(done int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.started || p.ended {
		return
	}
	pct := uint32(0)
	if p.total > 0 {
		pct = uint32(done * 100 / p.total)
	}
	p.sendLocked(&protocol.WorkDoneProgressReport{Kind: "report", Message: ptr(fmt.Sprintf("%d/%d", done, p.total)), Percentage: &pct})
}

// end closes the progress, if it ever began, and stops a pending begin.
func (p *progress) end(message string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return
	}
	p.ended = true
	if p.timer != nil {
		p.timer.Stop()
	}
	if !p.started || p.token == nil {
		return
	}
	p.sendLocked(&protocol.WorkDoneProgressEnd{Kind: "end", Message: &message})
	p.s.progressCancels.Delete(tokenString(p.token))
}

func (p *progress) sendLocked(value any) {
	if p.token == nil {
		return
	}
	raw, err := protocol.Marshal(value)
	if err != nil {
		return
	}
	p.s.notify(protocol.MethodProgress, &protocol.ProgressParams{Token: p.token, Value: raw})
}

// cancelProgress handles window/workDoneProgress/cancel.
func (s *Server) cancelProgress(params *protocol.WorkDoneProgressCancelParams) error {
	if c, ok := s.progressCancels.LoadAndDelete(tokenString(params.Token)); ok {
		c.(context.CancelFunc)()
	}
	return nil
}

func tokenString(t protocol.ProgressToken) string { return fmt.Sprint(t) }

func ptr[T any](v T) *T { return &v }
