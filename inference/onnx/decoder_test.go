package onnx

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// testDecoder starts a decoder of rows rows and at most prefillTokens
// tokens a prefill Run (0: the default).
func testDecoder(t *testing.T, m *model, rows, prefillTokens int) *decoder {
	t.Helper()
	return testDecoderWith(t, m, decoderOptions{rows: rows, prefillTokens: prefillTokens})
}

func testDecoderWith(t *testing.T, m *model, o decoderOptions) *decoder {
	t.Helper()
	d, err := newDecoder(m, o, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.close)
	return d
}

func eosSet(ids []int) map[int]bool {
	s := map[int]bool{}
	for _, id := range ids {
		s[id] = true
	}
	return s
}

func TestGreedyMatchesTorch(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	p := genParams{maxNew: g.GreedyNewTokens, eos: eosSet(g.EOS), strategy: "greedy"}
	for _, budget := range []int{64, 4, 1} {
		d := testDecoder(t, m, 4, budget)
		r, err := d.generate(context.Background(), g.GreedyPrompt, p.newSearcher(0))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.ids, g.GreedyIDs) {
			t.Errorf("%d prefill tokens a Run: greedy ids\n got %v\nwant %v", budget, r.ids, g.GreedyIDs)
		}
	}
}

// TestBatchedDifferentLengths runs prompts of different lengths at once,
// next to a long-running job that keeps the batch busy so that every step
// of theirs shares a Run with rows of other lengths (left padding): each
// must still produce torch's ids.
func TestBatchedDifferentLengths(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoder(t, m, len(g.BatchPrompts)+1, 0)
	blocker, stop := context.WithCancel(context.Background())
	defer stop()
	long := genParams{maxNew: 1 << 30, eos: map[int]bool{}, strategy: "greedy"}
	go d.generate(blocker, g.GreedyPrompt[:3], long.newSearcher(0))
	for d.stats.steps.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	p := genParams{maxNew: g.BatchNewTokens, eos: map[int]bool{}, strategy: "greedy"}
	got := make([][]int, len(g.BatchPrompts))
	var wg sync.WaitGroup
	for i, prompt := range g.BatchPrompts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := d.generate(context.Background(), prompt, p.newSearcher(0))
			if err != nil {
				t.Error(err)
			}
			got[i] = r.ids
		}()
	}
	wg.Wait()
	for i := range got {
		if !slices.Equal(got[i], g.BatchIDs[i]) {
			t.Errorf("prompt %d: ids\n got %v\nwant %v", i, got[i], g.BatchIDs[i])
		}
	}
	if n := d.stats.maxRowsSeen.Load(); n < 2 {
		t.Errorf("at most %d rows were decoded together, want the prompts batched", n)
	}
}

func TestBeamSearchMatchesTorch(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoder(t, m, 4, 0)
	p := genParams{maxNew: g.BeamNewTokens, eos: eosSet(g.EOS), strategy: "beam",
		numBeams: g.BeamNumBeams, lengthPenalty: g.BeamLengthPenalty}
	r, err := d.generate(context.Background(), g.BeamPrompt, p.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ids, g.BeamIDs) {
		t.Errorf("beam ids\n got %v\nwant %v", r.ids, g.BeamIDs)
	}
}

// TestStopsAtEOS declares the fifth greedy token an EOS id: generation
// must end before it.
func TestStopsAtEOS(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoder(t, m, 1, 0)
	stop := g.GreedyIDs[4]
	want := g.GreedyIDs[:slices.Index(g.GreedyIDs, stop)]
	p := genParams{maxNew: g.GreedyNewTokens, eos: eosSet([]int{stop}), strategy: "greedy"}
	r, err := d.generate(context.Background(), g.GreedyPrompt, p.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ids, want) {
		t.Errorf("ids %v, want %v", r.ids, want)
	}
}

// TestCancelFreesRow cancels a job that would decode for a long time: its
// call returns ctx.Err(), its row leaves the batch, and the next job runs.
func TestCancelFreesRow(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoder(t, m, 1, 0)
	long := genParams{maxNew: 1 << 30, eos: map[int]bool{}, strategy: "greedy"}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := d.generate(ctx, g.GreedyPrompt, long.newSearcher(0))
		errc <- err
	}()
	for d.stats.steps.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled job returned %v, want context.Canceled", err)
	}
	// generate has marked the job cancelled before returning.
	atCancel := d.stats.steps.Load()
	for give := time.Now().Add(10 * time.Second); d.stats.rows.Load() != 0; {
		if time.Now().After(give) {
			t.Fatal("the cancelled job's row never left the batch")
		}
		time.Sleep(time.Millisecond)
	}
	if n := d.stats.steps.Load() - atCancel; n > 1 {
		t.Errorf("the cancelled row left after %d more decode steps, want at most 1", n)
	}
	p := genParams{maxNew: g.GreedyNewTokens, eos: eosSet(g.EOS), strategy: "greedy"}
	r, err := d.generate(context.Background(), g.GreedyPrompt, p.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ids, g.GreedyIDs) {
		t.Errorf("job after the cancelled one: ids %v, want %v", r.ids, g.GreedyIDs)
	}
	if n := d.stats.maxRowsSeen.Load(); n != 1 {
		t.Errorf("%d rows decoded together with one slot: the cancelled row stayed", n)
	}
}

// TestDeadlineTerminatesRun gives a job a prompt whose single prefill Run
// is long, and lets its deadline pass while that Run is in flight: the Run
// is terminated, the job returns DeadlineExceeded and the next job runs.
func TestDeadlineTerminatesRun(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	slow := testDecoder(t, m, 1, 1<<20)
	long := make([]int, 6000)
	for i := range long {
		long[i] = g.GreedyPrompt[i%len(g.GreedyPrompt)]
	}
	p := genParams{maxNew: 4, eos: map[int]bool{}, strategy: "greedy"}
	ctx := newManualDeadline()
	errc := make(chan error, 1)
	go func() {
		_, err := slow.generate(ctx, long, p.newSearcher(0))
		errc <- err
	}()
	for !slow.inFlight() {
		time.Sleep(time.Millisecond)
	}
	ctx.expire()
	if err := <-errc; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("job past its deadline returned %v, want DeadlineExceeded", err)
	}
	p.maxNew = g.GreedyNewTokens
	p.eos = eosSet(g.EOS)
	r, err := slow.generate(context.Background(), g.GreedyPrompt, p.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ids, g.GreedyIDs) {
		t.Errorf("job after the deadline: ids %v, want %v", r.ids, g.GreedyIDs)
	}
	if slow.stats.terminated.Load() == 0 {
		t.Error("no Run was terminated: the long prefill ran to its end")
	}
}

// inFlight reports whether a Run is in progress.
func (d *decoder) inFlight() bool {
	d.runMu.Lock()
	defer d.runMu.Unlock()
	return len(d.running) > 0
}

// manualDeadline is a context whose deadline passes when the test says so.
type manualDeadline struct {
	context.Context
	done chan struct{}
	once sync.Once
}

func newManualDeadline() *manualDeadline {
	return &manualDeadline{Context: context.Background(), done: make(chan struct{})}
}

func (c *manualDeadline) Done() <-chan struct{} { return c.done }
func (c *manualDeadline) expire()               { c.once.Do(func() { close(c.done) }) }
func (c *manualDeadline) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// TestCloseFailsRunningJobs closes the decoder under a long job: the job
// gets ErrClosed and new jobs are refused.
func TestCloseFailsRunningJobs(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d, err := newDecoder(m, decoderOptions{rows: 2}, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	long := genParams{maxNew: 1 << 30, eos: map[int]bool{}, strategy: "greedy"}
	errc := make(chan error, 1)
	go func() {
		_, err := d.generate(context.Background(), g.GreedyPrompt, long.newSearcher(0))
		errc <- err
	}()
	for d.stats.steps.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	d.close()
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Errorf("running job got %v, want ErrClosed", err)
	}
	if _, err := d.generate(context.Background(), g.GreedyPrompt, long.newSearcher(0)); !errors.Is(err, ErrClosed) {
		t.Errorf("job after close got %v, want ErrClosed", err)
	}
}
