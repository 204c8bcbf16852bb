package service

import (
	"context"
	"errors"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Summary is what a feature shows for a request.
type Summary struct {
	inference.Result
	// Cached is set when the summary was read from the store.
	Cached bool
	// Pending is set when a model is in use and its summary has not landed
	// yet; Result stands in for it until then.
	Pending bool
	// Outdated is set (with Pending) when Result is the model's summary of
	// an earlier version of the same function, shown while the new one is
	// computed.
	Outdated bool
	// Fallback is set when no model summary will come for this request
	// (the model failed on it, or its queue was full): Result is the
	// built-in engine's.
	Fallback bool
	// Fresh is set when the model computed Result while the caller waited.
	Fresh bool
}

// Wait says how a caller waits for a summary.
type Wait struct {
	Priority inference.Priority
	// For is how long Get waits for the model before answering with a
	// stand-in (marked Pending); zero or less does not wait.
	For time.Duration
	// Detach lets the model's job go on after Get returns, so its summary
	// lands in the store; otherwise the job stops when ctx is done.
	Detach bool
}

// Get returns req's summary: the built-in engine's at once when no model
// is in use; else the stored model summary; else it schedules the model's
// job and waits as w says, answering with a stand-in (the previous
// version's summary, else the built-in one) when the wait runs out. The
// error is ctx's, or ErrClosed after Close; engine failures become
// Fallback summaries.
func (s *Summarizer) Get(ctx context.Context, req inference.Request, w Wait) (Summary, error) {
	for {
		b := s.cur.Load()
		if b == nil {
			return Summary{}, inference.ErrClosed
		}
		sum, err := s.get(ctx, b, req, w)
		if errors.Is(err, inference.ErrClosed) && s.cur.Load() != b && s.ctx.Err() == nil {
			continue // the engines changed under us: ask the current ones
		}
		return sum, err
	}
}

func (s *Summarizer) get(ctx context.Context, b *backend, req inference.Request, w Wait) (Summary, error) {
	if b.model == nil {
		return s.builtin(ctx, b, req)
	}
	k := requestKey(b.fp, req)
	if res, ok := s.lookup(ctx, b, k, req, w.Priority); ok {
		return Summary{Result: res, Cached: true}, nil
	}
	owner := ctx
	if w.Detach {
		owner = s.ctx
	}
	t, err := b.sched.Submit(owner, s.job(b, k, req, w.Priority))
	switch {
	case errors.Is(err, inference.ErrBusy):
		s.logger.Debug("summary queue full; using the built-in summary", "chunk", req.Chunk.Name)
		return s.fallback(ctx, b, req)
	case err != nil:
		return Summary{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, max(w.For, 0))
	defer cancel()
	res, err := t.Wait(wctx)
	switch {
	case err == nil:
		return Summary{Result: res, Fresh: true}, nil
	case ctx.Err() != nil:
		return Summary{}, ctx.Err()
	case wctx.Err() != nil:
		return s.standIn(ctx, b, req)
	case errors.Is(err, inference.ErrClosed):
		return Summary{}, err
	}
	s.failed(req, err)
	return s.fallback(ctx, b, req)
}

// Peek returns what can be shown for req without waiting: the built-in
// summary when no model is in use, the stored model summary, or the
// previous version's model summary marked Outdated. It reports false when
// there is none of these.
func (s *Summarizer) Peek(ctx context.Context, req inference.Request) (Summary, bool) {
	b := s.cur.Load()
	if b == nil {
		return Summary{}, false
	}
	if b.model == nil {
		sum, err := s.builtin(ctx, b, req)
		return sum, err == nil
	}
	if res, ok := s.lookup(ctx, b, requestKey(b.fp, req), req, inference.Interactive); ok {
		return Summary{Result: res, Cached: true}, true
	}
	if prev, ok := s.recent.get(req); ok {
		return Summary{Result: prev, Pending: true, Outdated: true}, true
	}
	return Summary{}, false
}

// job is the model's work for req: compute the summary, then store it.
func (s *Summarizer) job(b *backend, k Key, req inference.Request, prio inference.Priority) inference.Job {
	return inference.Job{
		Key: k.String(), Priority: prio, Cost: b.cost(req),
		Run: func(ctx context.Context) (inference.Result, error) {
			res, err := b.model.Summarize(ctx, req)
			if err != nil {
				return res, err
			}
			s.store(b, k, req, res)
			return res, nil
		},
	}
}

// lookup reads k from the store. Store errors and unusable values are
// misses (logged and counted); a hit is remembered as the function's
// latest model summary.
func (s *Summarizer) lookup(ctx context.Context, b *backend, k Key, req inference.Request, prio inference.Priority) (inference.Result, bool) {
	wait := s.opts.BatchStoreWait
	if prio == inference.Interactive || prio == inference.Visible {
		wait = s.opts.InteractiveStoreWait // someone is looking at the answer
	}
	// The store hands each value it finds to accept, which decodes it: a
	// value that fails (malformed, oversized, another engine's) is a miss,
	// and one from a shared tier is then not copied to the local ones.
	var res inference.Result
	accept := func(raw []byte) bool {
		var err error
		if res, err = decodeValue(raw, b.fp); err != nil {
			s.logger.Debug("ignoring stored summary", "chunk", req.Chunk.Name, "key", k, "err", err)
			s.stats.invalid.Add(1)
			return false
		}
		return true
	}
	_, ok, err := s.opts.Store.Get(ctx, k, wait, accept)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			s.logger.Warn("summary store read failed", "chunk", req.Chunk.Name, "err", err)
		}
		s.stats.misses.Add(1)
		return inference.Result{}, false
	case !ok:
		s.stats.misses.Add(1)
		return inference.Result{}, false
	}
	s.stats.hits.Add(1)
	s.recent.put(req, res)
	return res, true
}

// store writes a computed model summary. It runs whoever waits for the
// job, and even when nobody does any more.
func (s *Summarizer) store(b *backend, k Key, req inference.Request, res inference.Result) {
	s.stats.computed.Add(1)
	s.recent.put(req, res)
	s.recovered()
	v, err := encodeValue(b.fp, res, s.opts.Now())
	if err == nil {
		err = s.opts.Store.Put(s.ctx, k, v)
	}
	if err != nil && s.ctx.Err() == nil {
		s.logger.Warn("summary store write failed", "chunk", req.Chunk.Name, "err", err)
	}
}

// builtin is the built-in engine's summary, computed inline.
func (s *Summarizer) builtin(ctx context.Context, b *backend, req inference.Request) (Summary, error) {
	res, err := b.builtin.Summarize(ctx, req)
	if err != nil {
		return Summary{}, err
	}
	return Summary{Result: res}, nil
}

// standIn answers while the model's summary is on its way: the previous
// version's model summary when there is one, else the built-in summary.
func (s *Summarizer) standIn(ctx context.Context, b *backend, req inference.Request) (Summary, error) {
	if prev, ok := s.recent.get(req); ok {
		return Summary{Result: prev, Pending: true, Outdated: true}, nil
	}
	sum, err := s.builtin(ctx, b, req)
	sum.Pending = err == nil
	return sum, err
}

// fallback is the built-in summary for a request the model will not answer.
func (s *Summarizer) fallback(ctx context.Context, b *backend, req inference.Request) (Summary, error) {
	sum, err := s.builtin(ctx, b, req)
	sum.Fallback = err == nil
	return sum, err
}

// failed counts a model failure. The first of a run of failures is a
// warning; the rest are debug lines until a summary is computed again, so a
// model server that is down does not flood the log.
func (s *Summarizer) failed(req inference.Request, err error) {
	s.stats.failed.Add(1)
	if s.failing.CompareAndSwap(false, true) {
		s.logger.Warn("model summary failed; using the built-in summary", "chunk", req.Chunk.Name, "err", err)
		return
	}
	s.logger.Debug("model summary failed", "chunk", req.Chunk.Name, "err", err)
}

// recovered ends a run of failures.
func (s *Summarizer) recovered() { s.failing.Store(false) }
