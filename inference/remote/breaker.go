package remote

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// BreakerOptions tune the circuit breaker. Zero values mean the defaults.
type BreakerOptions struct {
	// Failures is how many connection failures in a row open the circuit (default 3).
	Failures int
	// Cooldown is the wait before the first probe of an open circuit
	// (default 2s); it doubles while probes fail, up to MaxCooldown (default 1m).
	Cooldown, MaxCooldown time.Duration
}

const probeTimeout = 5 * time.Second

// breaker opens after a run of connection failures so that requests fail
// at once instead of each waiting for a connect timeout; while it is open,
// one goroutine probes the server after a growing cooldown and closes it
// when the server answers. Each outage is logged when it starts and ends.
type breaker struct {
	opts  BreakerOptions
	probe func(context.Context) error
	log   *slog.Logger

	open atomic.Bool // read without the lock on every request

	// mu guards fails and closed, and orders opening against close.
	mu     sync.Mutex
	fails  int  // connection failures in a row
	closed bool // close was called: no prober starts

	stopCtx context.Context // done once close is called; parent of the probes
	stop    context.CancelFunc
	probing sync.WaitGroup
}

func newBreaker(o BreakerOptions, probe func(context.Context) error, log *slog.Logger) *breaker {
	if o.Failures <= 0 {
		o.Failures = 3
	}
	if o.Cooldown <= 0 {
		o.Cooldown = 2 * time.Second
	}
	if o.MaxCooldown < o.Cooldown {
		o.MaxCooldown = max(time.Minute, o.Cooldown)
	}
	b := &breaker{opts: o, probe: probe, log: log}
	b.stopCtx, b.stop = context.WithCancel(context.Background())
	return b
}

// allow reports whether requests may go to the server.
func (b *breaker) allow() bool { return !b.open.Load() }

// success ends a run of failures.
func (b *breaker) success() {
	b.mu.Lock()
	b.fails = 0
	b.mu.Unlock()
}

// failure counts a connection failure; the Failures-th in a row opens the
// circuit and starts the prober.
func (b *breaker) failure(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.open.Load() || b.closed {
		return
	}
	if b.fails++; b.fails < b.opts.Failures {
		return
	}
	b.fails = 0
	b.open.Store(true)
	b.log.Warn("model server unavailable; using the built-in engine until it answers again", "err", err)
	b.probing.Add(1)
	go b.reprobe()
}

// reprobe probes after a cooldown until a probe succeeds or close.
func (b *breaker) reprobe() {
	defer b.probing.Done()
	wait, since := b.opts.Cooldown, time.Now()
	for {
		t := time.NewTimer(wait)
		select {
		case <-b.stopCtx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(b.stopCtx, probeTimeout)
		err := b.probe(ctx)
		cancel()
		if b.stopCtx.Err() != nil {
			return
		}
		if err == nil {
			b.open.Store(false)
			b.log.Info("model server answers again", "after", time.Since(since).Round(time.Millisecond))
			return
		}
		b.log.Debug("model server probe failed", "err", err)
		wait = min(2*wait, b.opts.MaxCooldown)
	}
}

// close stops the prober and waits for it.
func (b *breaker) close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.stop()
	b.mu.Unlock()
	b.probing.Wait()
}
