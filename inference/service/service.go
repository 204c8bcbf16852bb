// Package service is the summarizing service beneath the language server
// and the CLI: it computes each request's cache key once, reads summaries
// through the store, runs a model engine (when one is configured) behind
// the scheduler's single admission queue, writes what the model computes to
// the store as an explicit step, and falls back to the built-in engine,
// which it calls inline. It knows no protocol: lsp and every CLI
// subcommand use it the same way.
package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Options are a Summarizer's fixed dependencies.
type Options struct {
	// Store holds summaries between requests and processes (required).
	Store Store
	// InteractiveStoreWait bounds a store's shared tier on interactive
	// reads (hovers, lenses); BatchStoreWait on every other read. Zero
	// leaves the choice to the store.
	InteractiveStoreWait, BatchStoreWait time.Duration
	// Logger receives failures worth a line (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock for stored values' creation times (default time.Now).
	Now func() time.Time
}

// Engines are what a Summarizer runs; Use replaces them as a whole.
type Engines struct {
	// Builtin answers at once, inline, and is never stored (required).
	Builtin inference.Engine
	// Model is the slower engine whose summaries are scheduled and stored;
	// nil when none is configured (or it failed to load).
	Model inference.Engine
	// Slots, QueueSize and JobTimeout size the model's scheduler (see
	// inference.SchedulerOptions). A Batched model's Capacity is its slots.
	Slots, QueueSize int
	JobTimeout       time.Duration
}

// Summarizer serves summaries. Safe for concurrent use; caller must Close.
type Summarizer struct {
	opts   Options
	logger *slog.Logger
	ctx    context.Context // lives until Close: the lifetime of detached jobs
	stop   context.CancelFunc

	cur atomic.Pointer[backend]
	// installMu orders Use calls, so the backend they replace is closed once.
	installMu sync.Mutex
	closing   sync.WaitGroup // old backends being closed in the background

	recent  *recentResults
	stats   counters
	failing atomic.Bool // a run of model failures has been reported
}

// backend is one generation of engines with the model's scheduler.
type backend struct {
	builtin   inference.Engine
	model     inference.Engine // nil: built-in only
	sched     *inference.Scheduler
	fp        string // the model's fingerprint
	cost      func(inference.Request) int
	queueSize int
}

// New returns a Summarizer serving the built-in engine alone until Use.
func New(opts Options, e Engines) (*Summarizer, error) {
	if opts.Store == nil {
		return nil, errors.New("service: no store")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Summarizer{opts: opts, logger: opts.Logger, ctx: ctx, stop: stop, recent: newRecentResults(recentEntries)}
	if err := s.Use(e); err != nil {
		stop()
		return nil, err
	}
	return s, nil
}

// Use makes e current. Requests already running finish on the engines they
// started with; the previous model is closed in the background.
func (s *Summarizer) Use(e Engines) error {
	if e.Builtin == nil {
		return errors.New("service: no built-in engine")
	}
	b := &backend{builtin: e.Builtin, model: e.Model, cost: func(inference.Request) int { return 1 }}
	if e.Model != nil {
		slots := e.Slots
		if bm, ok := e.Model.(inference.Batched); ok {
			slots, b.cost = bm.Capacity(), bm.Cost
		}
		sched, err := inference.NewScheduler(inference.SchedulerOptions{
			Slots: slots, QueueSize: e.QueueSize, JobTimeout: e.JobTimeout, Logger: s.logger,
		})
		if err != nil {
			return fmt.Errorf("service: %w", err)
		}
		b.sched, b.fp, b.queueSize = sched, e.Model.Fingerprint(), e.QueueSize
		if b.queueSize <= 0 {
			b.queueSize = inference.DefaultQueueSize
		}
	}
	s.installMu.Lock()
	defer s.installMu.Unlock()
	if s.ctx.Err() != nil {
		b.close()
		return inference.ErrClosed
	}
	if old := s.cur.Swap(b); old != nil {
		s.closing.Add(1)
		go func() {
			defer s.closing.Done()
			old.close()
		}()
	}
	return nil
}

func (b *backend) close() {
	if b.sched != nil {
		b.sched.Close()
	}
	if c, ok := b.model.(io.Closer); ok {
		_ = c.Close()
	}
}

// Close stops the scheduler and closes the engines; detached jobs stop.
// It does not close the store.
func (s *Summarizer) Close() {
	s.installMu.Lock()
	s.stop()
	b := s.cur.Swap(nil)
	s.installMu.Unlock()
	if b != nil {
		b.close()
	}
	s.closing.Wait()
}

// Status describes the engine in use and its queue.
type Status struct {
	Engine  string // the model's name, or the built-in engine's when no model is in use
	Model   bool   // a model engine is in use
	Queued  int    // model jobs waiting to be admitted
	Running int    // model jobs admitted
	Slots   int    // the model's slots in use
	Counters
}

// Status returns the current state and counters.
func (s *Summarizer) Status() Status {
	b := s.cur.Load()
	if b == nil {
		return Status{Engine: "none", Counters: s.stats.snapshot()}
	}
	st := Status{Engine: b.builtin.Name(), Counters: s.stats.snapshot()}
	if b.model != nil {
		q := b.sched.Stats()
		st.Engine, st.Model, st.Queued, st.Running, st.Slots = b.model.Name(), true, q.Queued, q.Running, q.Used
	}
	return st
}

// Counters count what the service did since it started.
type Counters struct {
	Hits     uint64 // summaries read from the store
	Misses   uint64 // store reads that found nothing usable
	Computed uint64 // model summaries computed and stored
	Failed   uint64 // model jobs that failed (the built-in summary stood in)
	Invalid  uint64 // stored values ignored (malformed, oversized, another engine's)
}

// counters are the live Counters.
type counters struct {
	hits, misses, computed, failed, invalid atomic.Uint64
}

func (c *counters) snapshot() Counters {
	return Counters{Hits: c.hits.Load(), Misses: c.misses.Load(), Computed: c.computed.Load(),
		Failed: c.failed.Load(), Invalid: c.invalid.Load()}
}
