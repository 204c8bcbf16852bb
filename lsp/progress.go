package lsp

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"go.lsp.dev/protocol"
)

// progressAfter is how long background work runs before it shows progress:
// work that finishes sooner (the built-in engine, cache hits) shows nothing.
const progressAfter = 300 * time.Millisecond

var progressSeq atomic.Int64

// progress reports one piece of long work with $/progress, when the client
// supports it. The zero value and a nil *progress report nothing.
type progress struct {
	s       *Server
	token   protocol.ProgressToken
	title   string
	total   int
	after   time.Time
	started bool
	cancel  context.CancelFunc // called when the user cancels in the UI
}

// startProgress prepares progress for work of total steps. With a token from
// the request (workDoneToken) it begins at once; otherwise it creates a token
// with window/workDoneProgress/create once the work has run for delay.
// cancel, when not nil, is called if the user cancels the work.
func (s *Server) startProgress(ctx context.Context, token protocol.ProgressToken, title string, total int, delay time.Duration) *progress {
	_, caps := s.config()
	if token == nil && !caps.workDoneProgress {
		return nil
	}
	p := &progress{s: s, token: token, title: title, total: total, after: time.Now().Add(delay)}
	if ctx != nil {
		if c, ok := ctx.Value(cancelKey{}).(context.CancelFunc); ok {
			p.cancel = c
		}
	}
	if delay == 0 {
		p.begin()
	}
	return p
}

// cancelKey carries the cancel function of cancellable work in its context.
type cancelKey struct{}

// withCancelKey returns a cancellable context whose cancel function progress
// can reach.
func withCancelKey(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	return context.WithValue(ctx, cancelKey{}, cancel), cancel
}

func (p *progress) begin() {
	p.started = true
	if p.token == nil {
		tok := protocol.String(fmt.Sprintf("summarizer-%d", progressSeq.Add(1)))
		ctx, cancel := context.WithTimeout(p.s.ctx, 5*time.Second)
		defer cancel()
		if err := p.s.client.WorkDoneProgressCreate(ctx, &protocol.WorkDoneProgressCreateParams{Token: tok}); err != nil {
			p.s.logger.Debug("workDoneProgress/create failed", "err", err)
			p.token = nil
			return
		}
		p.token = tok
	}
	if p.cancel != nil {
		p.s.progressCancels.Store(tokenString(p.token), p.cancel)
	}
	cancellable := p.cancel != nil
	pct := uint32(0)
	p.send(&protocol.WorkDoneProgressBegin{Kind: "begin", Title: p.title, Cancellable: &cancellable,
		Message: ptr(fmt.Sprintf("0/%d", p.total)), Percentage: &pct})
}

// report tells the client done of total steps are finished.
func (p *progress) report(done int) {
	if p == nil {
		return
	}
	if !p.started {
		if time.Now().Before(p.after) {
			return
		}
		p.begin()
	}
	pct := uint32(0)
	if p.total > 0 {
		pct = uint32(done * 100 / p.total)
	}
	p.send(&protocol.WorkDoneProgressReport{Kind: "report", Message: ptr(fmt.Sprintf("%d/%d", done, p.total)), Percentage: &pct})
}

// end closes the progress, if it ever began.
func (p *progress) end(message string) {
	if p == nil || !p.started {
		return
	}
	p.send(&protocol.WorkDoneProgressEnd{Kind: "end", Message: &message})
	if p.token != nil {
		p.s.progressCancels.Delete(tokenString(p.token))
	}
}

func (p *progress) send(value any) {
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
