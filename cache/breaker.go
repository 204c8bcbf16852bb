package cache

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Circuit is the state of a shared tier's circuit breaker.
type Circuit int32

const (
	// CircuitClosed: the tier is in use.
	CircuitClosed Circuit = iota
	// CircuitOpen: the tier failed repeatedly and is not asked.
	CircuitOpen
	// CircuitHalfOpen: a probe is asking whether the tier answers again.
	CircuitHalfOpen
)

func (c Circuit) String() string {
	switch c {
	case CircuitOpen:
		return "open"
	case CircuitHalfOpen:
		return "half-open"
	}
	return "closed"
}

// breaker opens after a run of failures; while open, one goroutine probes
// the server after a cooldown that doubles while probes fail, and closes
// the circuit when a probe succeeds. Requests never wait for a probe. Each
// outage is logged once when it starts and once when it ends.
type breaker struct {
	threshold             int
	cooldown, maxCooldown time.Duration
	probe                 func(context.Context) error
	log                   *slog.Logger

	st atomic.Int32 // Circuit; read without the lock on every request

	// mu guards fails and stopped, and orders state changes.
	mu      sync.Mutex
	fails   int  // failures in a row while closed
	stopped bool // close was called: no new prober starts

	stop    chan struct{}
	probing sync.WaitGroup
}

func newBreaker(opts RedisOptions, probe func(context.Context) error, log *slog.Logger) *breaker {
	b := &breaker{threshold: opts.Failures, cooldown: opts.Cooldown, maxCooldown: opts.MaxCooldown,
		probe: probe, log: log, stop: make(chan struct{})}
	if b.threshold <= 0 {
		b.threshold = defaultFailures
	}
	if b.cooldown <= 0 {
		b.cooldown = defaultCooldown
	}
	if b.maxCooldown < b.cooldown {
		b.maxCooldown = max(defaultMaxCooldown, b.cooldown)
	}
	return b
}

func (b *breaker) state() Circuit { return Circuit(b.st.Load()) }

// allow reports whether requests may go to the server.
func (b *breaker) allow() bool { return b.state() == CircuitClosed }

// success ends a run of failures.
func (b *breaker) success() {
	b.mu.Lock()
	b.fails = 0
	b.mu.Unlock()
}

// failure counts a failed request; the threshold-th in a row opens the
// circuit and starts the prober.
func (b *breaker) failure(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state() != CircuitClosed || b.stopped {
		return
	}
	if b.fails++; b.fails < b.threshold {
		return
	}
	b.fails = 0
	b.st.Store(int32(CircuitOpen))
	b.log.Warn("team cache unavailable; summaries come from the local cache and the engine until it answers again",
		"err", err, "fix", failureHint(err))
	b.probing.Add(1)
	go b.reprobe()
}

// reprobe probes after a cooldown until a probe succeeds or close.
func (b *breaker) reprobe() {
	defer b.probing.Done()
	wait := b.cooldown
	outage := time.Now()
	for {
		t := time.NewTimer(wait)
		select {
		case <-b.stop:
			t.Stop()
			return
		case <-t.C:
		}
		b.st.Store(int32(CircuitHalfOpen))
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			select {
			case <-b.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := b.probe(ctx)
		cancel()
		b.mu.Lock()
		if err == nil {
			b.fails = 0
			b.st.Store(int32(CircuitClosed))
			b.mu.Unlock()
			b.log.Info("team cache answers again", "after", time.Since(outage).Round(time.Millisecond))
			return
		}
		b.st.Store(int32(CircuitOpen))
		b.mu.Unlock()
		b.log.Debug("team cache probe failed", "err", err)
		wait = min(2*wait, b.maxCooldown)
	}
}

// close stops the prober and waits for it.
func (b *breaker) close() {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return
	}
	b.stopped = true
	close(b.stop)
	b.mu.Unlock()
	b.probing.Wait()
}

// failureHint says what to check for an error.
func failureHint(err error) string {
	var ne net.Error
	switch {
	case redis.IsAuthError(err) || strings.Contains(err.Error(), "WRONGPASS"):
		return "check the user in cacheUrl and the password in the variable cachePasswordEnv names"
	case redis.IsPermissionError(err):
		return "the ACL user lacks a command or key pattern: see \"Sharing summaries with a team\" in the README"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		return "the server does not answer in time: check cacheUrl, the network, or raise cacheReadTimeoutMs"
	}
	return "check that the server in cacheUrl is running and reachable"
}
