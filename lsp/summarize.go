package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// pipeline is one engine with its scheduler. It is replaced as a whole when
// the configuration changes the engine.
type pipeline struct {
	engine      inference.Engine
	sched       *inference.Scheduler
	fingerprint string
	isModel     bool // a model engine, slower than the built-in fallback
	cache       Cache
	logger      *slog.Logger
}

func (p *pipeline) close() {
	p.sched.Close()
	if c, ok := p.engine.(io.Closer); ok {
		_ = c.Close()
	}
}

// chunkKey is the cache key of a chunk's summary under an engine. The doc
// comment is part of the text: a changed comment changes the summary of the
// engines that quote it.
func chunkKey(fingerprint string, c analysis.Chunk) cache.Key {
	return cache.Key(service.ChunkKey(fingerprint, c))
}

// storingEngine stores each successful result in the cache. The scheduler
// runs one job per key, so each result is stored once, whoever waits for it.
type storingEngine struct {
	inference.Engine
	cache       Cache
	logger      *slog.Logger
	fingerprint string
}

func (e storingEngine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	res, err := e.Engine.Summarize(ctx, req)
	if err != nil {
		return res, err
	}
	if b, merr := json.Marshal(res); merr == nil {
		if perr := e.cache.Put(context.WithoutCancel(ctx), chunkKey(e.fingerprint, req.Chunk), b); perr != nil {
			e.logger.Warn("cache put failed", "chunk", req.Chunk.Name, "err", perr)
		}
	}
	return res, nil
}

// newPipeline starts a scheduler for engine with the configured slots; its
// results are stored in c.
func newPipeline(engine inference.Engine, cfg Config, isModel bool, c Cache, logger *slog.Logger) (*pipeline, error) {
	fp := engine.Fingerprint()
	stored := storingEngine{Engine: engine, cache: c, logger: logger, fingerprint: fp}
	sched, err := inference.NewScheduler(stored, inference.SchedulerOptions{
		Slots: cfg.Slots, QueueSize: cfg.QueueSize, JobTimeout: cfg.JobTimeout(),
	})
	if err != nil {
		return nil, err
	}
	return &pipeline{engine: engine, sched: sched, fingerprint: fp, isModel: isModel, cache: c, logger: logger}, nil
}

// cached returns the stored summary of chunk, if any.
func (p *pipeline) cached(ctx context.Context, c analysis.Chunk) (inference.Result, bool) {
	b, ok, err := p.cache.Get(ctx, chunkKey(p.fingerprint, c))
	if err != nil {
		p.logger.Warn("cache get failed", "chunk", c.Name, "err", err)
		return inference.Result{}, false
	}
	if !ok {
		return inference.Result{}, false
	}
	var res inference.Result
	if err := json.Unmarshal(b, &res); err != nil {
		p.logger.Warn("ignoring unreadable cache entry", "chunk", c.Name, "err", err)
		return inference.Result{}, false
	}
	return res, true
}

// submit schedules the summary of c (a chunk of file) at prio; ctx is the
// waiter's lifetime (see Scheduler.Submit).
func (p *pipeline) submit(ctx context.Context, file analysis.FileInfo, c analysis.Chunk, prio inference.Priority) (*inference.Ticket, error) {
	return p.sched.Submit(ctx, service.ChunkKey(p.fingerprint, c).String(), prio, inference.Request{Chunk: c, File: file})
}

// summary is what a feature shows for a chunk.
type summary struct {
	inference.Result
	cached  bool
	pending bool // Result is the built-in fallback; the model's summary is still being computed
}

// summarize returns the chunk's summary: from the cache at once, else by
// scheduling it at prio and waiting up to wait. When the wait runs out (or
// the queue is full) it returns the built-in engine's summary marked pending;
// the job goes on and its result lands in the cache.
func (s *Server) summarize(ctx context.Context, snap *snapshot, c analysis.Chunk, prio inference.Priority, wait time.Duration) (summary, error) {
	p := s.pipe.Load()
	if p == nil {
		return summary{Result: heuristic.Describe(c)}, nil
	}
	if res, ok := p.cached(ctx, c); ok {
		return summary{Result: res, cached: true}, nil
	}
	t, err := p.submit(s.ctx, snap.file, c, prio)
	if err != nil {
		if errors.Is(err, inference.ErrBusy) {
			s.logger.Info("summary queue full; showing the built-in summary", "chunk", c.Name)
			return summary{Result: heuristic.Describe(c), pending: p.isModel}, nil
		}
		return summary{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	res, err := t.Wait(wctx)
	switch {
	case err == nil:
		return summary{Result: res}, nil
	case ctx.Err() != nil:
		return summary{}, ctx.Err()
	case errors.Is(err, context.DeadlineExceeded) && wctx.Err() != nil:
		return summary{Result: heuristic.Describe(c), pending: p.isModel}, nil
	}
	s.logger.Warn("summary failed; showing the built-in summary", "chunk", c.Name, "err", err)
	return summary{Result: heuristic.Describe(c)}, nil
}

// summarizeAll queues every chunk at command priority so they run on all
// slots, then collects the results in document order, calling report after
// each. A chunk whose job fails (or finds the queue full) gets the built-in
// summary.
func (p *pipeline) summarizeAll(ctx context.Context, file analysis.FileInfo, chunks []analysis.Chunk, report func(done int, e inference.FileEntry, cached bool)) ([]inference.FileEntry, error) {
	entries := make([]inference.FileEntry, len(chunks))
	tickets := make([]*inference.Ticket, len(chunks))
	hit := make([]bool, len(chunks))
	for i, c := range chunks {
		entries[i].Chunk = c
		if res, ok := p.cached(ctx, c); ok {
			entries[i].Result, hit[i] = res, true
			continue
		}
		t, err := p.submit(ctx, file, c, inference.Command)
		if err != nil && !errors.Is(err, inference.ErrBusy) {
			return nil, err
		}
		tickets[i] = t
	}
	for i, t := range tickets {
		if t != nil {
			res, err := t.Wait(ctx)
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if err != nil {
				p.logger.Warn("summary failed; using the built-in summary", "chunk", chunks[i].Name, "err", err)
			} else {
				entries[i].Result = res
			}
		}
		if entries[i].Result.Summary == "" {
			entries[i].Result = heuristic.Describe(chunks[i])
		}
		if report != nil {
			report(i+1, entries[i], hit[i])
		}
	}
	return entries, nil
}
