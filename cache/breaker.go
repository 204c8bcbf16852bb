package cache

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/summarizer-lsp/summarizer-lsp/internal/circuit"
)

// newBreaker is the shared tier's circuit breaker: each outage is logged
// once when it starts, with what to check, and once when it ends.
func newBreaker(opts RedisOptions, probe func(context.Context) error, log *slog.Logger) *circuit.Breaker {
	o := circuit.Options{Failures: opts.Failures, Cooldown: opts.Cooldown, MaxCooldown: opts.MaxCooldown,
		Opened: func(err error) {
			log.Warn("team cache unavailable; summaries come from the local cache and the engine until it answers again",
				"err", err, "fix", failureHint(err))
		},
		Recovered: func(outage time.Duration) {
			log.Info("team cache answers again", "after", outage.Round(time.Millisecond))
		},
		ProbeFailed: func(err error) { log.Debug("team cache probe failed", "err", err) },
	}
	if o.Failures <= 0 {
		o.Failures = defaultFailures
	}
	if o.Cooldown <= 0 {
		o.Cooldown = defaultCooldown
	}
	if o.MaxCooldown < o.Cooldown {
		o.MaxCooldown = max(defaultMaxCooldown, o.Cooldown)
	}
	return circuit.New(o, probe)
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
