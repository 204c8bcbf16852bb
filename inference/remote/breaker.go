package remote

import (
	"context"
	"log/slog"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/internal/circuit"
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

// newBreaker opens after a run of connection failures so that requests
// fail at once instead of each waiting for a connect timeout; each outage
// is logged when it starts and when it ends.
func newBreaker(o BreakerOptions, probe func(context.Context) error, log *slog.Logger) *circuit.Breaker {
	if o.Failures <= 0 {
		o.Failures = 3
	}
	if o.Cooldown <= 0 {
		o.Cooldown = 2 * time.Second
	}
	if o.MaxCooldown < o.Cooldown {
		o.MaxCooldown = max(time.Minute, o.Cooldown)
	}
	return circuit.New(circuit.Options{Failures: o.Failures, Cooldown: o.Cooldown, MaxCooldown: o.MaxCooldown, ProbeTimeout: probeTimeout,
		Opened: func(err error) {
			log.Warn("model server unavailable; using the built-in engine until it answers again", "err", err)
		},
		Recovered: func(outage time.Duration) {
			log.Info("model server answers again", "after", outage.Round(time.Millisecond))
		},
		ProbeFailed: func(err error) { log.Debug("model server probe failed", "err", err) },
	}, probe)
}
