// Package ratelimit limits how often clients may call an API, with one
// token bucket per client key.
package ratelimit

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"sync"
	"time"
)

// ErrLimited is returned when a client has no tokens left.
var ErrLimited = errors.New("ratelimit: too many requests")

// Bucket is a token bucket refilled at a fixed rate.
type Bucket struct {
	mu       sync.Mutex
	tokens   float64
	capacity float64
	rate     float64 // tokens per second
	last     time.Time
}

// NewBucket returns a full bucket holding capacity tokens, refilled at rate
// tokens per second.
func NewBucket(capacity, rate float64) *Bucket {
	return &Bucket{tokens: capacity, capacity: capacity, rate: rate, last: time.Now()}
}

func (b *Bucket) Take(now time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	elapsed := now.Sub(b.last).Seconds()
	b.tokens = min(b.capacity, b.tokens+elapsed*b.rate)
	b.last = now
	if b.tokens < 1 {
		return ErrLimited
	}
	b.tokens--
	return nil
}

type Limiter struct {
	mu      sync.Mutex
	buckets map[string]*Bucket
	newFn   func() *Bucket
}

func (l *Limiter) bucketFor(key string) *Bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = l.newFn()
		l.buckets[key] = b
	}
	return b
}

func (l *Limiter) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := l.bucketFor(r.RemoteAddr).Take(time.Now()); err != nil {
			http.Error(w, err.Error(), http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func loadLimitsFile(path string) (map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	limits := map[string]float64{}
	if err := json.Unmarshal(data, &limits); err != nil {
		return nil, err
	}
	for key, rate := range limits {
		if rate <= 0 {
			delete(limits, key)
		}
	}
	return limits, nil
}
