package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Store is the summary storage the service reads through and writes to
// (cache.Cache satisfies it). Values are opaque to it. Implementations
// must be safe for concurrent use.
type Store interface {
	// Get returns the value stored under k that accept takes. A shared
	// tier, if the store has one, is asked only after a local miss and for
	// at most wait; a shared value accept refuses is not kept locally.
	Get(ctx context.Context, k [32]byte, wait time.Duration, accept func([]byte) bool) ([]byte, bool, error)
	// Put stores value under k.
	Put(ctx context.Context, k [32]byte, value []byte) error
}

// Bounds on a stored value, checked when it is read: a shared cache is
// written by many people, so what it holds is untrusted.
const (
	maxStoredValue   = 64 << 10
	maxSummaryBytes  = 2000
	maxDetails       = 32
	maxDetailBytes   = 500
	valueFormat      = 1
	maxEngineNameLen = 200
)

// storedValue is the stored form of a summary.
type storedValue struct {
	Format      int              `json:"v"`
	Fingerprint string           `json:"fp"`
	CreatedMs   int64            `json:"at"`
	Result      inference.Result `json:"result"`
}

// errInvalidValue marks a stored value that is ignored.
var errInvalidValue = errors.New("invalid stored summary")

func encodeValue(fingerprint string, res inference.Result, now time.Time) ([]byte, error) {
	return json.Marshal(storedValue{Format: valueFormat, Fingerprint: fingerprint, CreatedMs: now.UnixMilli(), Result: res})
}

// decodeValue reads a stored value written for the engine with the given
// fingerprint. Anything else (another layout, another engine, oversized or
// malformed text) is errInvalidValue.
func decodeValue(b []byte, fingerprint string) (inference.Result, error) {
	if len(b) > maxStoredValue {
		return inference.Result{}, fmt.Errorf("%w: %d bytes", errInvalidValue, len(b))
	}
	var v storedValue
	if err := json.Unmarshal(b, &v); err != nil {
		return inference.Result{}, fmt.Errorf("%w: %v", errInvalidValue, err)
	}
	switch {
	case v.Format != valueFormat:
		return inference.Result{}, fmt.Errorf("%w: format %d", errInvalidValue, v.Format)
	case v.Fingerprint != fingerprint:
		return inference.Result{}, fmt.Errorf("%w: written by engine %.40q", errInvalidValue, v.Fingerprint)
	}
	if err := checkResult(v.Result); err != nil {
		return inference.Result{}, err
	}
	return v.Result, nil
}

// checkResult bounds the text of a result read from a store.
func checkResult(r inference.Result) error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", errInvalidValue, what) }
	switch {
	case strings.TrimSpace(r.Summary) == "":
		return bad("empty summary")
	case len(r.Summary) > maxSummaryBytes || !utf8.ValidString(r.Summary):
		return bad("summary too long or not UTF-8")
	case len(r.Details) > maxDetails:
		return bad("too many details")
	case len(r.Engine) > maxEngineNameLen || !utf8.ValidString(r.Engine):
		return bad("engine name")
	}
	for _, d := range r.Details {
		if len(d) > maxDetailBytes || !utf8.ValidString(d) {
			return bad("detail too long or not UTF-8")
		}
	}
	return nil
}
