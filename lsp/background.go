package lsp

import (
	"context"
	"time"

	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// scheduleBackground summarizes d's chunks with the model at background
// priority once d has been left unchanged for delay. A newer edit cancels
// the pending and running work of the older version.
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

// summarizeInBackground has the model summarize every chunk of d's current
// version, with progress, and asks the client to refresh its lenses when
// new summaries arrived. Without a model there is nothing to do: built-in
// summaries are computed when shown.
func (s *Server) summarizeInBackground(ctx context.Context, d *document) {
	if ctx.Err() != nil || !s.svc.Status().Model {
		return
	}
	snap := s.snapshot(d.uri)
	if snap == nil {
		return
	}
	file := snap.file()
	reqs := service.Requests(file, service.Summarizable(file.Chunks))
	before := s.svc.Status().Computed
	s.sendStatus()
	prog := s.startProgress(nil, "Summarizing "+uri.Basename(snap.uri), len(reqs), progressAfter, nil)
	err := s.svc.Warm(ctx, reqs, prog.report)
	if err != nil {
		prog.end("cancelled")
		return
	}
	prog.end("done")
	s.sendStatus()
	if s.svc.Status().Computed != before {
		s.refreshCodeLenses()
	}
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
	Engine   string `json:"engine"`
	Model    bool   `json:"model"`
	Queued   int    `json:"queued"`
	Running  int    `json:"running"`
	Computed uint64 `json:"computed"`
	Failed   uint64 `json:"failed"`
	Hits     uint64 `json:"cacheHits"`
	Misses   uint64 `json:"cacheMisses"`
	Invalid  uint64 `json:"cacheInvalid"` // stored values ignored (malformed, oversized, another engine's)
	// Cache has each tier's counters and the team cache's circuit state,
	// as Options.StoreStats gives them.
	Cache any `json:"cache,omitempty"`
}

func (s *Server) currentStatus() status {
	if s.svc == nil {
		return status{Engine: "none"}
	}
	st := s.svc.Status()
	return status{Engine: st.Engine, Model: st.Model, Queued: st.Queued, Running: st.Running,
		Computed: st.Computed, Failed: st.Failed, Hits: st.Hits, Misses: st.Misses, Invalid: st.Invalid,
		Cache: s.storeStats()}
}

func (s *Server) storeStats() any {
	if s.opts.StoreStats == nil {
		return nil
	}
	return s.opts.StoreStats(s.store)
}

// sendStatus notifies the client of the engine and queue state (the VS Code
// status bar shows it; other clients ignore the notification).
func (s *Server) sendStatus() {
	s.notify("summarizer/status", s.currentStatus())
}
