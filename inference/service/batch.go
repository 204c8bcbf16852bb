package service

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// untilDone is a wait that only the job's end (or its deadline) ends.
const untilDone = time.Duration(math.MaxInt64)

// All summarizes every request at command priority and waits for each (the
// explain commands and the batch CLI). It keeps at most twice the model's
// slots in flight (never more than its queue holds), so a large file waits
// for room instead of overflowing the queue, and calls report in request
// order as summaries arrive.
// Summaries the model could not give are marked Fallback. The error is
// ctx's, or ErrClosed.
func (s *Summarizer) All(ctx context.Context, reqs []inference.Request, report func(i int, sum Summary)) ([]Summary, error) {
	return s.each(ctx, reqs, Wait{Priority: inference.Command, For: untilDone}, report)
}

// Warm schedules the model's summaries of reqs at background priority, in
// flight as All keeps them, and waits for them; done is called after each. It returns ctx's error when ctx ends first (a newer version
// of the document), and does nothing without a model.
func (s *Summarizer) Warm(ctx context.Context, reqs []inference.Request, done func(n int)) error {
	if b := s.cur.Load(); b == nil || b.model == nil {
		return nil
	}
	n := 0
	_, err := s.each(ctx, reqs, Wait{Priority: inference.Background, For: untilDone}, func(int, Summary) {
		n++
		if done != nil {
			done(n)
		}
	})
	return err
}

// width is how many requests a fan-out keeps in flight: twice the current
// model's slots, bounded by what its queue holds (1 without a model, where
// every summary is inline anyway).
func (s *Summarizer) width() int {
	if b := s.cur.Load(); b != nil && b.sched != nil {
		slots := b.sched.Slots()
		return min(2*slots, slots+b.queueSize)
	}
	return 1
}

// each runs Get for every request with at most width() in flight and calls
// report for each in request order.
func (s *Summarizer) each(ctx context.Context, reqs []inference.Request, w Wait, report func(i int, sum Summary)) ([]Summary, error) {
	width := s.width()
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]Summary, len(reqs))
	ready := make([]chan struct{}, len(reqs))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	var (
		mu       sync.Mutex // guards firstErr
		firstErr error
	)
	next := make(chan int)
	var workers sync.WaitGroup
	for range min(width, len(reqs)) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for i := range next {
				sum, err := s.Get(ctx, reqs[i], w)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
				}
				out[i] = sum
				close(ready[i])
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range reqs {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for i := range reqs {
		select {
		case <-ready[i]:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		if report != nil {
			report(i, out[i])
		}
	}
	cancel()
	workers.Wait()
	if err := parent.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
