package circuit

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

var errDown = errors.New("down")

func TestOnlyRunsOfFailuresOpen(t *testing.T) {
	b := New(Options{Failures: 2, Cooldown: time.Hour}, nil)
	defer b.Close()
	b.Failure(errDown)
	b.Success()
	b.Failure(errDown)
	if !b.Allow() {
		t.Fatal("two failures with a success between opened the circuit")
	}
	b.Failure(errDown)
	if b.Allow() || b.State() != Open {
		t.Fatalf("two failures in a row left the circuit %v", b.State())
	}
}

// TestProbesUntilTheServerAnswers opens the circuit against a server that
// fails two probes and then answers: the circuit closes, Opened is called
// once with the failure, ProbeFailed twice, Recovered once.
func TestProbesUntilTheServerAnswers(t *testing.T) {
	var probes, failed, recovered atomic.Int32
	var opened error
	b := New(Options{Failures: 1, Cooldown: time.Millisecond, MaxCooldown: 4 * time.Millisecond,
		Opened:      func(err error) { opened = err },
		ProbeFailed: func(error) { failed.Add(1) },
		Recovered:   func(time.Duration) { recovered.Add(1) },
	}, func(context.Context) error {
		if probes.Add(1) <= 2 {
			return errDown
		}
		return nil
	})
	defer b.Close()
	b.Failure(errDown)
	for deadline := time.Now().Add(10 * time.Second); !b.Allow(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the circuit did not close; %d probes", probes.Load())
		}
	}
	if opened != errDown || failed.Load() != 2 || recovered.Load() != 1 || probes.Load() != 3 {
		t.Errorf("opened %v, %d failed probes, %d recoveries, %d probes; want errDown, 2, 1, 3",
			opened, failed.Load(), recovered.Load(), probes.Load())
	}
}

// TestCloseStopsAProbeInFlight closes the breaker while a probe waits on
// its context: Close cancels the probe and returns, leaving the circuit open.
func TestCloseStopsAProbeInFlight(t *testing.T) {
	started := make(chan struct{})
	b := New(Options{Failures: 1, Cooldown: time.Millisecond}, func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	b.Failure(errDown)
	<-started
	b.Close()
	if b.Allow() {
		t.Error("closing the breaker closed the circuit")
	}
	b.Failure(errDown) // after Close: no prober starts, nothing panics
}

// TestProbeTimeout bounds a probe that never answers by ProbeTimeout.
func TestProbeTimeout(t *testing.T) {
	var failed atomic.Int32
	b := New(Options{Failures: 1, Cooldown: time.Millisecond, MaxCooldown: time.Hour, ProbeTimeout: time.Millisecond,
		ProbeFailed: func(err error) {
			if errors.Is(err, context.DeadlineExceeded) {
				failed.Add(1)
			}
		}}, func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() })
	defer b.Close()
	b.Failure(errDown)
	for deadline := time.Now().Add(10 * time.Second); failed.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the probe was never cut off by ProbeTimeout")
		}
	}
}
