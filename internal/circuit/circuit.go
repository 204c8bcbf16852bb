// Package circuit is the circuit breaker of the shared cache tier and of
// the remote engines: after a run of failures requests stop going to a
// server that is down, and one goroutine probes it until it answers again.
// It imports nothing of this module.
package circuit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// State is the state of a circuit.
type State int32

const (
	// Closed: requests go to the server.
	Closed State = iota
	// Open: the server failed repeatedly and is not asked.
	Open
	// HalfOpen: a probe is asking whether the server answers again.
	HalfOpen
)

func (s State) String() string {
	switch s {
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "closed"
}

// Options tune a breaker; zero fields are replaced by the caller's
// defaults before New.
type Options struct {
	// Failures in a row open the circuit.
	Failures int
	// Cooldown is the wait before the first probe of an open circuit; it
	// doubles while probes fail, up to MaxCooldown.
	Cooldown, MaxCooldown time.Duration
	// ProbeTimeout bounds one probe; 0: the probe bounds itself.
	ProbeTimeout time.Duration
	// Opened is called (under the breaker's lock, so keep it short) with
	// the failure that opened the circuit; Recovered with the outage's
	// length when a probe succeeds; ProbeFailed with each failed probe's
	// error. Any may be nil.
	Opened      func(err error)
	Recovered   func(outage time.Duration)
	ProbeFailed func(err error)
}

// Breaker opens after Options.Failures failures in a row; while it is
// open, one goroutine probes the server after a cooldown that doubles while
// probes fail, and closes the circuit when a probe succeeds. Requests never
// wait for a probe. Safe for concurrent use; the caller must Close.
type Breaker struct {
	opts  Options
	probe func(context.Context) error

	st atomic.Int32 // State; read without the lock on every request

	// mu guards fails and stopped, and orders opening against Close.
	mu      sync.Mutex
	fails   int  // failures in a row while closed
	stopped bool // Close was called: no prober starts

	stopCtx context.Context // done once Close is called; parent of the probes
	stop    context.CancelFunc
	probing sync.WaitGroup
}

// New returns a closed breaker that probes with probe once open. Options
// with Failures < 1 get 1; a MaxCooldown below Cooldown is Cooldown.
func New(o Options, probe func(context.Context) error) *Breaker {
	o.Failures = max(o.Failures, 1)
	o.MaxCooldown = max(o.MaxCooldown, o.Cooldown)
	b := &Breaker{opts: o, probe: probe}
	b.stopCtx, b.stop = context.WithCancel(context.Background())
	return b
}

// State is the circuit's state now.
func (b *Breaker) State() State { return State(b.st.Load()) }

// Allow reports whether requests may go to the server.
func (b *Breaker) Allow() bool { return b.State() == Closed }

// Success ends a run of failures.
func (b *Breaker) Success() {
	b.mu.Lock()
	b.fails = 0
	b.mu.Unlock()
}

// Failure counts a failed request; the Failures-th in a row opens the
// circuit and starts the prober.
func (b *Breaker) Failure(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.State() != Closed || b.stopped {
		return
	}
	if b.fails++; b.fails < b.opts.Failures {
		return
	}
	b.fails = 0
	b.st.Store(int32(Open))
	if b.opts.Opened != nil {
		b.opts.Opened(err)
	}
	b.probing.Add(1)
	go b.reprobe()
}

// reprobe probes after a cooldown until a probe succeeds or Close.
func (b *Breaker) reprobe() {
	defer b.probing.Done()
	wait, outage := b.opts.Cooldown, time.Now()
	for {
		t := time.NewTimer(wait)
		select {
		case <-b.stopCtx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		b.st.Store(int32(HalfOpen))
		err := b.probeOnce()
		if b.stopCtx.Err() != nil {
			return
		}
		if err == nil {
			b.mu.Lock()
			b.fails = 0
			b.st.Store(int32(Closed))
			b.mu.Unlock()
			if b.opts.Recovered != nil {
				b.opts.Recovered(time.Since(outage))
			}
			return
		}
		b.st.Store(int32(Open))
		if b.opts.ProbeFailed != nil {
			b.opts.ProbeFailed(err)
		}
		wait = min(2*wait, b.opts.MaxCooldown)
	}
}

// probeOnce runs one probe, cancelled by Close and bounded by ProbeTimeout.
func (b *Breaker) probeOnce() error {
	ctx, cancel := b.stopCtx, context.CancelFunc(func() {})
	if b.opts.ProbeTimeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, b.opts.ProbeTimeout)
	}
	defer cancel()
	return b.probe(ctx)
}

// Close stops the prober and waits for it; the circuit keeps its state.
func (b *Breaker) Close() {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return
	}
	b.stopped = true
	b.stop()
	b.mu.Unlock()
	b.probing.Wait()
}
