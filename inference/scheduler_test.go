package inference

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// hang bounds every wait in these tests so a bug fails the test instead of
// hanging it; no test relies on it for ordering.
const hang = 10 * time.Second

// fakeEngine announces every Summarize call on calls and returns whatever the
// test answers on that call, so tests decide when each call ends.
type fakeEngine struct {
	calls chan *fakeCall
	// ignoreCtx names a key whose call waits for its answer even after ctx
	// is done, like a hung inference.
	ignoreCtx string
}

type fakeCall struct {
	key    string // the request's chunk name
	ctx    context.Context
	answer chan func() (Result, error)
}

func newFakeEngine() *fakeEngine { return &fakeEngine{calls: make(chan *fakeCall)} }

func (e *fakeEngine) Name() string        { return "fake" }
func (e *fakeEngine) Fingerprint() string { return "fake/1" }

func (e *fakeEngine) Summarize(ctx context.Context, req Request) (Result, error) {
	c := &fakeCall{key: req.Chunk.Name, ctx: ctx, answer: make(chan func() (Result, error), 1)}
	if c.key == e.ignoreCtx {
		e.calls <- c
		return (<-c.answer)()
	}
	select {
	case e.calls <- c:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	select {
	case f := <-c.answer:
		return f()
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// reply makes the call return a result whose summary names its key; only
// the first answer counts.
func (c *fakeCall) reply() {
	select {
	case c.answer <- func() (Result, error) { return Result{Summary: "summary of " + c.key, Engine: "fake"}, nil }:
	default:
	}
}

func req(key string) Request { return Request{Chunk: analysis.Chunk{Name: key}} }

// logBuffer collects a scheduler's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testScheduler is a scheduler whose jobs call a fake engine.
type testScheduler struct {
	*Scheduler
	e *fakeEngine
}

// newTestScheduler returns a scheduler closed at the end of the test, whose
// jobs call e; its logs go to the returned buffer.
func newTestScheduler(t *testing.T, e *fakeEngine, opts SchedulerOptions) (testScheduler, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, nil))
	s, err := NewScheduler(opts)
	if err != nil {
		t.Fatalf("NewScheduler(%+v): %v", opts, err)
	}
	t.Cleanup(s.Close)
	return testScheduler{s, e}, logs
}

// job is the job summarizing key with the fake engine.
func (s testScheduler) job(key string, prio Priority) Job {
	return Job{Key: key, Priority: prio, Run: func(ctx context.Context) (Result, error) { return s.e.Summarize(ctx, req(key)) }}
}

// nextCall returns the next engine call.
func nextCall(t *testing.T, e *fakeEngine) *fakeCall {
	t.Helper()
	select {
	case c := <-e.calls:
		return c
	case <-time.After(hang):
		t.Fatal("no engine call")
		return nil
	}
}

// noCall fails if an engine call is pending now.
func noCall(t *testing.T, e *fakeEngine) {
	t.Helper()
	select {
	case c := <-e.calls:
		t.Fatalf("unexpected engine call for %q", c.key)
	default:
	}
}

func submit(t *testing.T, s testScheduler, key string, prio Priority) *Ticket {
	t.Helper()
	tk, err := s.Submit(context.Background(), s.job(key, prio))
	if err != nil {
		t.Fatalf("Submit(%q, %v): %v", key, prio, err)
	}
	return tk
}

func wait(t *testing.T, tk *Ticket) (Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	res, err := tk.Wait(ctx)
	if errors.Is(err, ctx.Err()) && ctx.Err() != nil {
		t.Fatal("ticket never done")
	}
	return res, err
}

func wantSummary(t *testing.T, tk *Ticket, key string) {
	t.Helper()
	res, err := wait(t, tk)
	if err != nil {
		t.Fatalf("result for %q: %v", key, err)
	}
	if want := "summary of " + key; res.Summary != want {
		t.Fatalf("summary = %q, want %q", res.Summary, want)
	}
}

// blockSlot occupies the scheduler's only slot and returns the running call.
func blockSlot(t *testing.T, s testScheduler, e *fakeEngine) (*Ticket, *fakeCall) {
	t.Helper()
	tk := submit(t, s, "blocker", Interactive)
	return tk, nextCall(t, e)
}

func TestSchedulerOrder(t *testing.T) {
	type sub struct {
		key  string
		prio Priority
	}
	tests := []struct {
		name string
		subs []sub
		want []string
	}{
		{
			name: "priority",
			subs: []sub{{"b1", Background}, {"c1", Command}, {"i1", Interactive}, {"b2", Background}, {"i2", Interactive}, {"c2", Command}},
			want: []string{"i1", "i2", "c1", "c2", "b1", "b2"},
		},
		{
			name: "fifo within a priority",
			subs: []sub{{"a", Command}, {"b", Command}, {"c", Command}, {"d", Command}},
			want: []string{"a", "b", "c", "d"},
		},
		{
			name: "coalescing raises priority",
			subs: []sub{{"a", Background}, {"b", Background}, {"i", Interactive}, {"b", Interactive}},
			want: []string{"i", "b", "a"},
		},
		{
			name: "coalescing never lowers priority",
			subs: []sub{{"a", Interactive}, {"b", Command}, {"a", Background}},
			want: []string{"a", "b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEngine()
			s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
			blocker, running := blockSlot(t, s, e)
			var tickets []*Ticket
			for _, sb := range tt.subs {
				tickets = append(tickets, submit(t, s, sb.key, sb.prio))
			}
			running.reply()
			wantSummary(t, blocker, "blocker")
			var got []string
			for range tt.want {
				c := nextCall(t, e)
				got = append(got, c.key)
				c.reply()
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("engine order %v, want %v", got, tt.want)
			}
			for i, tk := range tickets {
				wantSummary(t, tk, tt.subs[i].key)
			}
			noCall(t, e)
		})
	}
}

func TestSchedulerCoalesce(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	blocker, running := blockSlot(t, s, e)

	queued1, queued2 := submit(t, s, "q", Background), submit(t, s, "q", Command)
	running1 := submit(t, s, "blocker", Background) // joins the running job
	running.reply()
	for _, tk := range []*Ticket{blocker, running1} {
		wantSummary(t, tk, "blocker")
	}
	c := nextCall(t, e)
	if c.key != "q" {
		t.Fatalf("engine call for %q, want q", c.key)
	}
	c.reply()
	for _, tk := range []*Ticket{queued1, queued2} {
		wantSummary(t, tk, "q")
	}

	// Done jobs are not in flight: the same key runs again.
	again := submit(t, s, "q", Background)
	nextCall(t, e).reply()
	wantSummary(t, again, "q")

	st := s.Stats()
	if st.Coalesced != 2 || st.Completed != 3 {
		t.Fatalf("stats %+v, want 2 coalesced and 3 completed", st)
	}
}

func TestSchedulerEngineErrorReachesAllWaiters(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	errModel := errors.New("model exploded")
	t1, t2 := submit(t, s, "a", Command), submit(t, s, "a", Interactive)
	nextCall(t, e).answer <- func() (Result, error) { return Result{}, errModel }
	for _, tk := range []*Ticket{t1, t2} {
		if _, err := wait(t, tk); !errors.Is(err, errModel) {
			t.Fatalf("err = %v, want %v", err, errModel)
		}
	}
	if st := s.Stats(); st.Failed != 1 {
		t.Fatalf("stats %+v, want 1 failed", st)
	}
}

func TestSchedulerBusy(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1, QueueSize: 2})
	_, running := blockSlot(t, s, e)
	a, b := submit(t, s, "a", Background), submit(t, s, "b", Background)

	if _, err := s.Submit(context.Background(), s.job("c", Background)); !errors.Is(err, ErrBusy) {
		t.Fatalf("Submit on a full queue: err = %v, want ErrBusy", err)
	}
	// Joining a queued or running job takes no queue room.
	a2 := submit(t, s, "a", Command)
	// Higher-priority work evicts the newest job of the lowest priority.
	d := submit(t, s, "d", Interactive)
	if _, err := wait(t, b); !errors.Is(err, ErrBusy) {
		t.Fatalf("evicted job: err = %v, want ErrBusy", err)
	}
	if _, err := s.Submit(context.Background(), s.job("e", Command)); !errors.Is(err, ErrBusy) {
		t.Fatalf("nothing below Command is queued: err = %v, want ErrBusy", err)
	}
	if st := s.Stats(); st.Rejected != 2 || st.Evicted != 1 || st.Queued != 2 {
		t.Fatalf("stats %+v, want 2 rejected, 1 evicted, 2 queued", st)
	}

	running.reply()
	for _, key := range []string{"d", "a"} {
		c := nextCall(t, e)
		if c.key != key {
			t.Fatalf("engine call for %q, want %q", c.key, key)
		}
		c.reply()
	}
	wantSummary(t, d, "d")
	for _, tk := range []*Ticket{a, a2} {
		wantSummary(t, tk, "a")
	}
}

func TestSchedulerCancelQueued(t *testing.T) {
	tests := []struct {
		name   string
		cancel func(tk *Ticket, stop context.CancelFunc)
		want   error
	}{
		{"ticket", func(tk *Ticket, _ context.CancelFunc) { tk.Cancel() }, context.Canceled},
		{"submit context", func(_ *Ticket, stop context.CancelFunc) { stop() }, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEngine()
			s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
			_, running := blockSlot(t, s, e)
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			tk, err := s.Submit(ctx, s.job("a", Interactive))
			if err != nil {
				t.Fatal(err)
			}
			tt.cancel(tk, stop)
			if _, err := wait(t, tk); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if st := s.Stats(); st.Queued != 0 || st.Canceled != 1 {
				t.Fatalf("stats %+v, want empty queue and 1 canceled", st)
			}
			b := submit(t, s, "b", Background)
			running.reply()
			c := nextCall(t, e)
			if c.key != "b" {
				t.Fatalf("engine call for %q: the cancelled job ran", c.key)
			}
			c.reply()
			wantSummary(t, b, "b")
		})
	}
}

func TestSchedulerCancelRunning(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	tk := submit(t, s, "a", Interactive)
	c := nextCall(t, e)
	tk.Cancel()
	select {
	case <-c.ctx.Done():
	case <-time.After(hang):
		t.Fatal("engine context not cancelled")
	}
	if _, err := tk.Result(); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The key is no longer in flight and the slot is free.
	again := submit(t, s, "a", Interactive)
	c2 := nextCall(t, e)
	if c2.ctx.Err() != nil {
		t.Fatal("new job got a cancelled context")
	}
	c2.reply()
	wantSummary(t, again, "a")
	if st := s.Stats(); st.Canceled != 1 || st.Completed != 1 || st.Abandoned != 0 {
		t.Fatalf("stats %+v, want 1 canceled, 1 completed, 0 abandoned", st)
	}
}

func TestSchedulerPartialCancel(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	t1, t2 := submit(t, s, "a", Interactive), submit(t, s, "a", Background)
	c := nextCall(t, e)
	t1.Cancel()
	if c.ctx.Err() != nil {
		t.Fatal("job stopped while a waiter remains")
	}
	c.reply()
	wantSummary(t, t2, "a")
	if _, err := t1.Result(); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter: err = %v, want context.Canceled", err)
	}
	t1.Cancel() // no-op on a done ticket
	t2.Cancel()
	wantSummary(t, t2, "a")
}

func TestSchedulerWaitBudgetDoesNotCancel(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	tk := submit(t, s, "a", Interactive)
	c := nextCall(t, e)
	budget, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := tk.Wait(budget); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait with an expired budget: err = %v", err)
	}
	if _, err := tk.Result(); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Result before done: err = %v, want ErrNotReady", err)
	}
	if c.ctx.Err() != nil {
		t.Fatal("Wait's context cancelled the job")
	}
	c.reply()
	wantSummary(t, tk, "a")
}

func TestSchedulerDo(t *testing.T) {
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()

	go func() { (<-e.calls).reply() }()
	res, err := s.Do(ctx, s.job("a", Interactive))
	if err != nil || res.Summary != "summary of a" {
		t.Fatalf("Do = %+v, %v", res, err)
	}

	stopCtx, stop := context.WithCancel(ctx)
	engineErr := make(chan error, 1)
	go func() {
		c := <-e.calls
		stop()
		<-c.ctx.Done()
		engineErr <- c.ctx.Err()
	}()
	if _, err := s.Do(stopCtx, s.job("b", Interactive)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Do with a cancelled ctx: err = %v, want context.Canceled", err)
	}
	select {
	case err := <-engineErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("engine ctx err = %v, want context.Canceled", err)
		}
	case <-time.After(hang):
		t.Fatal("engine context not cancelled after Do's ctx")
	}

	if _, err := s.Submit(stopCtx, s.job("c", Interactive)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Submit with a done ctx: err = %v", err)
	}
}

func TestSchedulerDeadline(t *testing.T) {
	const timeout = 50 * time.Millisecond
	for _, ignoreCtx := range []bool{false, true} {
		t.Run(fmt.Sprintf("ignoreCtx=%v", ignoreCtx), func(t *testing.T) {
			e := newFakeEngine()
			if ignoreCtx {
				e.ignoreCtx = "hung"
			}
			s, logs := newTestScheduler(t, e, SchedulerOptions{Slots: 1, JobTimeout: timeout, StopGrace: timeout})
			t1, t2 := submit(t, s, "hung", Interactive), submit(t, s, "hung", Background)
			hung := nextCall(t, e)
			t.Cleanup(hung.reply) // lets Close finish if the test fails early
			for _, tk := range []*Ticket{t1, t2} {
				_, err := wait(t, tk)
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want DeadlineExceeded", err)
				}
				if msg := err.Error(); !strings.Contains(msg, `"hung"`) || !strings.Contains(msg, timeout.String()) {
					t.Fatalf("error %q does not name the key and the timeout", msg)
				}
			}

			// The only slot runs the next job, whether or not the hung call returned.
			next := submit(t, s, "next", Interactive)
			c := nextCall(t, e)
			if c.key != "next" {
				t.Fatalf("engine call for %q, want next", c.key)
			}
			if st := s.Stats(); ignoreCtx && st.Stuck != 1 {
				t.Fatalf("stats %+v, want the hung call counted as stuck", st)
			}
			if got := strings.Contains(logs.String(), "call abandoned"); got != ignoreCtx {
				t.Fatalf("abandoned call logged: %v, want %v; logs:\n%s", got, ignoreCtx, logs)
			}
			c.reply()
			// next has the same short deadline: on a loaded machine it may expire.
			if res, err := wait(t, next); err != nil && !errors.Is(err, context.DeadlineExceeded) || err == nil && res.Summary != "summary of next" {
				t.Fatalf("next job: %+v, %v", res, err)
			}

			hung.reply() // the hung call returns at last: no longer stuck
			deadline := time.Now().Add(hang)
			for s.Stats().Stuck != 0 {
				if time.Now().After(deadline) {
					t.Fatal("returned call still counted as stuck")
				}
				runtime.Gosched()
			}
			want := uint64(0)
			if ignoreCtx {
				want = 1
			}
			if st := s.Stats(); st.Abandoned != want {
				t.Fatalf("stats %+v, want %d abandoned", st, want)
			}
		})
	}
}

func TestSchedulerSlots(t *testing.T) {
	for _, slots := range []int{1, 3, 0} {
		t.Run(fmt.Sprint(slots), func(t *testing.T) {
			e := newFakeEngine()
			s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: slots})
			n := slots
			if n == 0 {
				n = DefaultSlots
			}
			var tickets []*Ticket
			for i := range n + 1 {
				tickets = append(tickets, submit(t, s, fmt.Sprint("k", i), Command))
			}
			var calls []*fakeCall
			for range n {
				calls = append(calls, nextCall(t, e))
			}
			noCall(t, e)
			if st := s.Stats(); st.Running != n || st.Queued != 1 {
				t.Fatalf("stats %+v, want %d running and 1 queued", st, n)
			}
			calls[0].reply()
			last := nextCall(t, e)
			if last.key != fmt.Sprint("k", n) {
				t.Fatalf("engine call for %q, want k%d", last.key, n)
			}
			for _, c := range append(calls[1:], last) {
				c.reply()
			}
			for i, tk := range tickets {
				wantSummary(t, tk, fmt.Sprint("k", i))
			}
		})
	}
}

func TestSchedulerClose(t *testing.T) {
	for _, ignoreCtx := range []bool{false, true} {
		t.Run(fmt.Sprintf("ignoreCtx=%v", ignoreCtx), func(t *testing.T) {
			e := newFakeEngine()
			opts := SchedulerOptions{Slots: 1, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))}
			if ignoreCtx {
				e.ignoreCtx = "running"
				opts.StopGrace = 10 * time.Millisecond
			}
			sched, err := NewScheduler(opts)
			if err != nil {
				t.Fatal(err)
			}
			s := testScheduler{sched, e}
			running := submit(t, s, "running", Interactive)
			c := nextCall(t, e)
			defer c.reply()
			queued := submit(t, s, "queued", Background)

			s.Close() // returns even when the engine ignores ctx
			if c.ctx.Err() == nil {
				t.Fatal("running job's context not cancelled")
			}
			for _, tk := range []*Ticket{running, queued} {
				if _, err := tk.Result(); !errors.Is(err, ErrClosed) {
					t.Fatalf("err = %v, want ErrClosed", err)
				}
			}
			noCall(t, e) // the slots are gone: the queued job never ran
			if _, err := s.Submit(context.Background(), s.job("late", Interactive)); !errors.Is(err, ErrClosed) {
				t.Fatalf("Submit after Close: err = %v, want ErrClosed", err)
			}
			s.Close()
			if st := s.Stats(); st.Running != 0 || st.Queued != 0 || (st.Abandoned == 1) != ignoreCtx {
				t.Fatalf("stats after Close %+v", st)
			}
		})
	}
}

func TestSchedulerPanic(t *testing.T) {
	e := newFakeEngine()
	s, logs := newTestScheduler(t, e, SchedulerOptions{Slots: 1})
	tk := submit(t, s, "boom", Interactive)
	nextCall(t, e).answer <- func() (Result, error) { panic("index out of range") }
	_, err := wait(t, tk)
	if err == nil || !strings.Contains(err.Error(), "panicked") || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("err = %v, want the panic as an error", err)
	}
	if l := logs.String(); !strings.Contains(l, "job panicked") || !strings.Contains(l, "goroutine") {
		t.Fatalf("panic not logged with its stack; logs:\n%s", l)
	}
	after := submit(t, s, "after", Interactive)
	nextCall(t, e).reply()
	wantSummary(t, after, "after")
}

func TestNewSchedulerOptions(t *testing.T) {
	tests := []struct {
		opts    SchedulerOptions
		wantErr string
	}{
		{SchedulerOptions{Slots: -1}, "slots must be between 1 and 100, got -1"},
		{SchedulerOptions{Slots: 101}, "slots must be between 1 and 100, got 101"},
		{SchedulerOptions{QueueSize: -1}, "queue size"},
		{SchedulerOptions{JobTimeout: -time.Second}, "job timeout"},
		{SchedulerOptions{StopGrace: -time.Second}, "stop grace"},
		{SchedulerOptions{Slots: 100}, ""},
		{SchedulerOptions{Slots: 1}, ""},
	}
	for _, tt := range tests {
		s, err := NewScheduler(tt.opts)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("NewScheduler(%+v): %v", tt.opts, err)
				continue
			}
			s.Close()
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("NewScheduler(%+v) err = %v, want %q", tt.opts, err, tt.wantErr)
		}
	}
	s, err := NewScheduler(SchedulerOptions{Slots: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	run := func(context.Context) (Result, error) { return Result{}, nil }
	for _, j := range []Job{{Key: "no run"}, {Key: "too costly", Cost: 3, Run: run}} {
		if _, err := s.Submit(context.Background(), j); err == nil {
			t.Errorf("Submit(%q) succeeded", j.Key)
		}
	}
}

// TestSchedulerCostAdmission is the beam-search case: with 10 slots and jobs
// of cost 4, two run at once; a hover submitted behind a queue full of
// background jobs is admitted before any of them, and the job deadline
// starts only at admission.
func TestSchedulerCostAdmission(t *testing.T) {
	const beams = 4
	e := newFakeEngine()
	s, _ := newTestScheduler(t, e, SchedulerOptions{Slots: 10, QueueSize: 8})
	beam := func(key string, prio Priority) Job {
		j := s.job(key, prio)
		j.Cost = beams
		return j
	}
	submitJob := func(j Job) *Ticket {
		t.Helper()
		tk, err := s.Submit(context.Background(), j)
		if err != nil {
			t.Fatalf("Submit(%q): %v", j.Key, err)
		}
		return tk
	}
	var bg []*Ticket
	for i := range 10 {
		bg = append(bg, submitJob(beam(fmt.Sprint("bg", i), Background)))
	}
	first, second := nextCall(t, e), nextCall(t, e)
	noCall(t, e)
	if st := s.Stats(); st.Running != 2 || st.Used != 2*beams || st.Queued != 8 {
		t.Fatalf("stats %+v, want 2 running on %d slots and 8 queued", st, 2*beams)
	}
	hover := submitJob(beam("hover", Interactive)) // the queue is full: evicts the newest background job
	if _, err := wait(t, bg[9]); !errors.Is(err, ErrBusy) {
		t.Fatalf("newest background job: err = %v, want ErrBusy (evicted)", err)
	}
	first.reply()
	c := nextCall(t, e)
	if c.key != "hover" {
		t.Fatalf("first admitted after the hover arrived: %q, want hover", c.key)
	}
	if _, ok := c.ctx.Deadline(); !ok {
		t.Fatal("admitted job has no deadline")
	}
	c.reply()
	wantSummary(t, hover, "hover")
	second.reply()
	for i := 2; i < 9; i++ {
		nextCall(t, e).reply()
	}
	for i := range 9 {
		wantSummary(t, bg[i], fmt.Sprint("bg", i))
	}
	if st := s.Stats(); st.Used != 0 || st.Running != 0 {
		t.Fatalf("stats %+v after the queue drained", st)
	}
}
