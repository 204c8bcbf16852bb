package lsp

import (
	"context"
	"errors"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"go.lsp.dev/uri"
)

// scheduleBackground summarizes d's uncached chunks at background priority
// once d has been left unchanged for delay. A newer edit cancels the pending
// and running work of the older version.
func (s *Server) scheduleBackground(d *document, delay time.Duration) {
	cfg, _ := s.config()
	if !cfg.BackgroundSummaries || s.ctx.Err() != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopBackgroundLocked()
	ctx, cancel := context.WithCancel(s.ctx)
	d.bgCancel = cancel
	start := func() { s.goBackground(func() { s.summarizeInBackground(ctx, d) }) }
	if delay == 0 {
		start()
		return
	}
	d.bgTimer = time.AfterFunc(delay, start)
}

// summarizeInBackground queues every uncached chunk of d, waits for them with
// progress, and asks the client to refresh its lenses when new summaries
// arrived.
func (s *Server) summarizeInBackground(ctx context.Context, d *document) {
	if ctx.Err() != nil {
		return
	}
	snap, err := s.snapshot(d.uri)
	if err != nil {
		return
	}
	p := s.pipe.Load()
	if p == nil {
		return
	}
	var tickets []*inference.Ticket
	for _, c := range summarizable(snap.file.Chunks) {
		if _, ok := p.cached(ctx, c); ok {
			continue
		}
		t, err := p.submit(ctx, snap.file, c, inference.Background)
		if errors.Is(err, inference.ErrBusy) {
			s.logger.Debug("background queue full", "uri", snap.uri)
			break
		}
		if err != nil {
			return
		}
		tickets = append(tickets, t)
	}
	if len(tickets) == 0 {
		return
	}
	s.sendStatus()
	prog := s.startProgress(nil, "Summarizing "+uri.Basename(snap.uri), len(tickets), progressAfter, nil)
	done := 0
	for _, t := range tickets {
		if _, err := t.Wait(ctx); err != nil && ctx.Err() != nil {
			prog.end("cancelled")
			return
		}
		done++
		prog.report(done)
	}
	prog.end("done")
	s.sendStatus()
	s.refreshCodeLenses()
}

// summarizable are the chunks that get summaries: every chunk but line
// windows of documents in languages without a grammar, which only get
// summaries on request.
func summarizable(chunks []analysis.Chunk) []analysis.Chunk {
	all := analysis.Flatten(chunks)
	out := all[:0:0]
	for _, c := range all {
		if c.Kind != analysis.KindWindow {
			out = append(out, c)
		}
	}
	return out
}

// refreshCodeLenses asks the client to re-request lenses, when it can.
func (s *Server) refreshCodeLenses() {
	if _, caps := s.config(); !caps.codeLensRefresh {
		return
	}
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	if err := s.client.CodeLensRefresh(ctx); err != nil && s.ctx.Err() == nil {
		s.logger.Debug("codeLens refresh failed", "err", err)
	}
}

// status is the payload of the summarizer/status notification and of the
// summarizer.status command.
type status struct {
	Engine  string `json:"engine"`
	Queued  int    `json:"queued"`
	Running int    `json:"running"`
}

func (s *Server) currentStatus() status {
	p := s.pipe.Load()
	if p == nil {
		return status{Engine: "none"}
	}
	st := p.sched.Stats()
	return status{Engine: p.engine.Name(), Queued: st.Queued, Running: st.Running}
}

// sendStatus notifies the client of the engine and queue state (the VS Code
// status bar shows it; other clients ignore the notification).
func (s *Server) sendStatus() {
	s.notify("summarizer/status", s.currentStatus())
}
