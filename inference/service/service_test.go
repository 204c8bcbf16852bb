package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
)

// hang bounds every wait so a bug fails the test instead of hanging it.
const hang = 10 * time.Second

// memStore is a Store in a map that counts its calls.
type memStore struct {
	mu   sync.Mutex // guards m
	m    map[[32]byte][]byte
	gets atomic.Int64
	puts atomic.Int64
}

func newMemStore() *memStore { return &memStore{m: map[[32]byte][]byte{}} }

func (s *memStore) Get(_ context.Context, k [32]byte, _ time.Duration, accept func([]byte) bool) ([]byte, bool, error) {
	s.gets.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k]
	if ok && !accept(v) {
		return nil, false, nil
	}
	return bytes.Clone(v), ok, nil
}

func (s *memStore) Put(_ context.Context, k [32]byte, v []byte) error {
	s.puts.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = bytes.Clone(v)
	return nil
}

func (s *memStore) set(k Key, v []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// fakeModel announces each Summarize call on calls, and answers when the
// test says so (or at once when auto is set).
type fakeModel struct {
	fp    string
	auto  bool
	cost  int // Batched cost per request; 0: not batched
	calls chan *modelCall
	n     atomic.Int64
}

type modelCall struct {
	req    inference.Request
	ctx    context.Context
	answer chan error // nil: the summary; else that error
}

func newFakeModel() *fakeModel { return &fakeModel{fp: "fake/1", calls: make(chan *modelCall, 100)} }

func (m *fakeModel) Name() string        { return "fake-model" }
func (m *fakeModel) Fingerprint() string { return m.fp }

func (m *fakeModel) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	m.n.Add(1)
	if m.auto {
		return modelResult(req), nil
	}
	c := &modelCall{req: req, ctx: ctx, answer: make(chan error, 1)}
	m.calls <- c
	select {
	case err := <-c.answer:
		if err != nil {
			return inference.Result{}, err
		}
		return modelResult(req), nil
	case <-ctx.Done():
		return inference.Result{}, ctx.Err()
	}
}

func modelResult(req inference.Request) inference.Result {
	return inference.Result{Summary: "model summary of " + req.Chunk.Name + ".", Engine: "fake-model"}
}

func (m *fakeModel) next(t *testing.T) *modelCall {
	t.Helper()
	select {
	case c := <-m.calls:
		return c
	case <-time.After(hang):
		t.Fatal("no model call")
		return nil
	}
}

// batchedModel is a fakeModel that declares rows and per-request cost.
type batchedModel struct {
	*fakeModel
	capacity int
}

func (m batchedModel) Capacity() int              { return m.capacity }
func (m batchedModel) Cost(inference.Request) int { return m.cost }

func chunkReq(path, name, text string) inference.Request {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: name, Lang: "go", Text: text, Signature: text}
	return inference.Request{Chunk: c, File: analysis.FileInfo{Path: path, Lang: "go"}}
}

type testService struct {
	*Summarizer
	store *memStore
	logs  *bytes.Buffer
}

func newTestService(t *testing.T, model inference.Engine, slots int) testService {
	t.Helper()
	st := newMemStore()
	logs := &bytes.Buffer{}
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, logs}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := New(Options{Store: st, Logger: logger}, Engines{Builtin: heuristic.New(), Model: model, Slots: slots, QueueSize: 64, JobTimeout: hang})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return testService{s, st, logs}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

var interactive = Wait{Priority: inference.Interactive, For: hang, Detach: true}

func TestBuiltinOnlyIsInlineAndNeverStored(t *testing.T) {
	s := newTestService(t, nil, 1)
	req := chunkReq("a.go", "Open", "func Open() {}")
	sum, err := s.Get(context.Background(), req, interactive)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Engine != "heuristic" || sum.Pending || sum.Cached || sum.Fallback || sum.Summary == "" {
		t.Fatalf("summary %+v, want the built-in engine's, unmarked", sum)
	}
	if peek, ok := s.Peek(context.Background(), req); !ok || peek.Summary != sum.Summary {
		t.Fatalf("Peek = %+v, %v", peek, ok)
	}
	if s.store.gets.Load() != 0 || s.store.puts.Load() != 0 {
		t.Fatalf("built-in summaries touched the store: %d gets, %d puts", s.store.gets.Load(), s.store.puts.Load())
	}
	if st := s.Status(); st.Model || st.Engine != "heuristic" {
		t.Fatalf("status %+v", st)
	}
}

func TestModelSummaryIsStoredOnceAndReadBack(t *testing.T) {
	m := newFakeModel()
	s := newTestService(t, m, 2)
	req := chunkReq("a.go", "Open", "func Open() {}")
	got := make(chan Summary, 1)
	go func() {
		sum, err := s.Get(context.Background(), req, interactive)
		if err != nil {
			t.Error(err)
		}
		got <- sum
	}()
	m.next(t).answer <- nil
	if sum := <-got; sum.Summary != "model summary of Open." || sum.Cached || sum.Pending {
		t.Fatalf("first Get = %+v", sum)
	}
	sum, err := s.Get(context.Background(), req, interactive)
	if err != nil || !sum.Cached || sum.Summary != "model summary of Open." {
		t.Fatalf("second Get = %+v, %v; want the stored summary", sum, err)
	}
	if n := m.n.Load(); n != 1 {
		t.Fatalf("model called %d times, want 1", n)
	}
	if p := s.store.puts.Load(); p != 1 {
		t.Fatalf("%d puts, want 1", p)
	}
	if st := s.Status(); st.Hits != 1 || st.Computed != 1 || st.Misses != 1 {
		t.Fatalf("counters %+v", st.Counters)
	}
}

func TestWaitRunsOutThenTheSummaryLands(t *testing.T) {
	m := newFakeModel()
	s := newTestService(t, m, 1)
	req := chunkReq("a.go", "Open", "func Open() {}")
	sum, err := s.Get(context.Background(), req, Wait{Priority: inference.Interactive, For: time.Millisecond, Detach: true})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Pending || sum.Outdated || sum.Engine != "heuristic" {
		t.Fatalf("summary %+v, want the built-in one marked pending", sum)
	}
	c := m.next(t)
	c.answer <- nil // the hover left long ago: the job still runs and stores its summary
	deadline := time.Now().Add(hang)
	for s.store.puts.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the detached job's summary never landed")
		}
		time.Sleep(time.Millisecond)
	}
	if peek, ok := s.Peek(context.Background(), req); !ok || !peek.Cached {
		t.Fatalf("Peek after landing = %+v, %v", peek, ok)
	}
}

func TestEditedFunctionShowsItsPreviousSummaryOutdated(t *testing.T) {
	m := newFakeModel()
	m.auto = true
	s := newTestService(t, m, 1)
	v1 := chunkReq("a.go", "Open", "func Open() {}")
	if _, err := s.Get(context.Background(), v1, interactive); err != nil {
		t.Fatal(err)
	}
	m.auto = false
	v2 := chunkReq("a.go", "Open", "func Open() { return }")
	peek, ok := s.Peek(context.Background(), v2)
	if !ok || !peek.Outdated || !peek.Pending || peek.Summary != "model summary of Open." {
		t.Fatalf("Peek of the edited function = %+v, %v; want the previous summary, outdated", peek, ok)
	}
	sum, err := s.Get(context.Background(), v2, Wait{Priority: inference.Interactive, For: time.Millisecond, Detach: true})
	if err != nil || !sum.Outdated || sum.Summary != "model summary of Open." {
		t.Fatalf("Get of the edited function = %+v, %v", sum, err)
	}
	m.next(t).answer <- nil
	other := chunkReq("b.go", "Open", "func Open() { return }")
	if peek, ok := s.Peek(context.Background(), other); ok && peek.Outdated {
		t.Fatalf("another file's Open got a's summary: %+v", peek)
	}
}

func TestModelFailureFallsBackAndWarnsOnce(t *testing.T) {
	m := newFakeModel()
	s := newTestService(t, m, 1)
	boom := errors.New("server exploded")
	for _, name := range []string{"A", "B"} {
		done := make(chan Summary, 1)
		go func() {
			sum, _ := s.Get(context.Background(), chunkReq("a.go", name, "func "+name+"() {}"), interactive)
			done <- sum
		}()
		m.next(t).answer <- boom
		if sum := <-done; !sum.Fallback || sum.Engine != "heuristic" || sum.Pending {
			t.Fatalf("summary after a failure = %+v, want the built-in one marked fallback", sum)
		}
	}
	if n := strings.Count(s.logs.String(), "model summary failed"); n != 1 {
		t.Fatalf("%d warnings for two failures in a row, want 1:\n%s", n, s.logs)
	}
	if st := s.Status(); st.Failed != 2 || st.Computed != 0 {
		t.Fatalf("counters %+v", st.Counters)
	}
}

func TestInvalidStoredValuesAreIgnored(t *testing.T) {
	m := newFakeModel()
	m.auto = true
	s := newTestService(t, m, 1)
	req := chunkReq("a.go", "Open", "func Open() {}")
	k := requestKey(m.fp, req)
	good := func(r inference.Result) []byte {
		b, err := encodeValue(m.fp, r, time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	other, _ := encodeValue("another-engine/9", modelResult(req), time.Unix(0, 0))
	for name, v := range map[string][]byte{
		"not json":          []byte("{not json"),
		"another engine":    other,
		"empty summary":     good(inference.Result{Summary: "  "}),
		"oversized summary": good(inference.Result{Summary: strings.Repeat("x", maxSummaryBytes+1)}),
		"oversized value":   append(good(modelResult(req)), bytes.Repeat([]byte(" "), maxStoredValue)...),
		"other format":      []byte(`{"v":7,"fp":"fake/1","result":{"summary":"x"}}`),
	} {
		t.Run(name, func(t *testing.T) {
			s.store.set(k, v)
			before := s.Status().Invalid
			sum, err := s.Get(context.Background(), req, interactive)
			if err != nil || sum.Cached || sum.Summary != "model summary of Open." {
				t.Fatalf("Get = %+v, %v; want a fresh model summary", sum, err)
			}
			if s.Status().Invalid != before+1 {
				t.Fatalf("invalid value not counted")
			}
		})
	}
}

// TestUseWhileJobsRun swaps the engines while ten jobs of the old model
// run: Use returns at once, requests on the old backend move to the new one,
// and nothing fails because the engines changed.
func TestUseWhileJobsRun(t *testing.T) {
	old := newFakeModel()
	s := newTestService(t, old, 10)
	results := make(chan error, 10)
	for i := range 10 {
		go func() {
			_, err := s.Get(context.Background(), chunkReq("a.go", fmt.Sprint("F", i), "func F() {}"), Wait{Priority: inference.Command, For: hang})
			results <- err
		}()
	}
	for range 10 {
		old.next(t) // all ten running, none answered
	}
	fresh := newFakeModel()
	fresh.fp, fresh.auto = "fake/2", true
	if err := s.Use(Engines{Builtin: heuristic.New(), Model: fresh, Slots: 2, QueueSize: 64, JobTimeout: hang}); err != nil {
		t.Fatal(err)
	}
	sum, err := s.Get(context.Background(), chunkReq("a.go", "Hover", "func Hover() {}"), interactive)
	if err != nil || sum.Summary != "model summary of Hover." {
		t.Fatalf("Get after Use = %+v, %v", sum, err)
	}
	for range 10 {
		if err := <-results; err != nil {
			t.Fatalf("a request running during Use failed: %v", err)
		}
	}
	if n := fresh.n.Load(); n != 11 {
		t.Fatalf("new model ran %d jobs, want 11 (the ten moved over and the hover)", n)
	}
}

func TestAllKeepsOrderAndWaitsForRoom(t *testing.T) {
	m := newFakeModel()
	m.auto = true
	st := newMemStore()
	s, err := New(Options{Store: st}, Engines{Builtin: heuristic.New(), Model: m, Slots: 2, QueueSize: 3, JobTimeout: hang})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var reqs []inference.Request
	for i := range 200 {
		reqs = append(reqs, chunkReq("big.go", fmt.Sprint("F", i), fmt.Sprintf("func F%d() {}", i)))
	}
	var order []int
	sums, err := s.All(context.Background(), reqs, func(i int, _ Summary) { order = append(order, i) })
	if err != nil {
		t.Fatal(err)
	}
	for i, sum := range sums {
		if sum.Fallback || sum.Summary != fmt.Sprintf("model summary of F%d.", i) {
			t.Fatalf("summary %d = %+v: the queue overflowed", i, sum)
		}
		if order[i] != i {
			t.Fatalf("report order %v", order[:i+1])
		}
	}
	if st.puts.Load() != 200 {
		t.Fatalf("%d stored, want 200", st.puts.Load())
	}
}

func TestAllCancelled(t *testing.T) {
	m := newFakeModel()
	s := newTestService(t, m, 2)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := s.All(ctx, []inference.Request{chunkReq("a.go", "A", "a"), chunkReq("a.go", "B", "b")}, nil)
		errc <- err
	}()
	c := m.next(t)
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("All after cancel: %v", err)
	}
	select {
	case <-c.ctx.Done():
	case <-time.After(hang):
		t.Fatal("the running job was not stopped")
	}
}

func TestWarmRunsAtBackgroundPriority(t *testing.T) {
	m := newFakeModel()
	m.cost = 1
	s := newTestService(t, batchedModel{m, 1}, 1)
	var reqs []inference.Request
	for i := range 3 {
		reqs = append(reqs, chunkReq("a.go", fmt.Sprint("B", i), fmt.Sprint("b", i)))
	}
	warmed := make(chan error, 1)
	go func() { warmed <- s.Warm(context.Background(), reqs, nil) }()
	first := m.next(t) // B0 runs; B1 queued behind it at background priority
	hover := make(chan Summary, 1)
	go func() {
		sum, _ := s.Get(context.Background(), chunkReq("a.go", "H", "h"), interactive)
		hover <- sum
	}()
	waitQueued(t, s, 2) // B1 and the hover H
	first.answer <- nil
	if c := m.next(t); c.req.Chunk.Name != "H" {
		t.Fatalf("after the running background job: %s ran, want the hover H", c.req.Chunk.Name)
	} else {
		c.answer <- nil
	}
	<-hover
	for range 2 {
		m.next(t).answer <- nil
	}
	if err := <-warmed; err != nil {
		t.Fatal(err)
	}
}

func waitQueued(t *testing.T, s testService, n int) {
	t.Helper()
	deadline := time.Now().Add(hang)
	for s.Status().Queued < n {
		if time.Now().After(deadline) {
			t.Fatalf("queue never reached %d: %+v", n, s.Status())
		}
		time.Sleep(time.Millisecond)
	}
}
