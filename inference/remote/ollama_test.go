package remote_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote/ollamatest"
)

// testDeps is the deps cache the setup scripts fill ($SUMMARIZER_DEPS; ""
// means the repository's .cache/deps).
var testDeps = os.Getenv("SUMMARIZER_DEPS")

// The tests in this file run against a real `ollama serve` with the tiny
// model (see package ollamatest).

// chunk is a Go function to summarize; n makes its text, and so its
// prompt, distinct.
func chunk(n int) inference.Request {
	text := fmt.Sprintf("func Add%d(a, b int) int {\n\treturn a + b + %d\n}", n, n)
	return inference.Request{Chunk: analysis.Chunk{
		Kind: analysis.KindFunction, Name: fmt.Sprintf("Add%d", n), Lang: "go", Text: text,
		Signature: fmt.Sprintf("func Add%d(a, b int) int", n),
	}}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newEngine(t *testing.T, opts remote.Options) *remote.Engine {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quiet()
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := remote.New(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func summarize(t *testing.T, e *remote.Engine, req inference.Request) inference.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := e.Summarize(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(r.Summary) == "" {
		t.Fatalf("empty summary: %+v", r)
	}
	return r
}

// TestOllamaAndOpenAIOnOneServer summarizes with both APIs of one server:
// the native one and the OpenAI-compatible /v1. Greedy decoding of the same
// prompt gives the same answer through both; the fingerprints differ
// (digest versus model id and host) and each is stable across engines.
func TestOllamaAndOpenAIOnOneServer(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	native := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 24})
	compat := newEngine(t, remote.Options{Protocol: remote.OpenAI, Endpoint: s.URL + "/v1", Model: ollamatest.Model, MaxNewTokens: 24})

	a, b := summarize(t, native, chunk(1)), summarize(t, compat, chunk(1))
	if a.Engine != "ollama:"+ollamatest.Model || b.Engine != "openai:"+ollamatest.Model {
		t.Errorf("engines %q and %q", a.Engine, b.Engine)
	}
	if a.Summary != b.Summary {
		t.Errorf("greedy answers differ:\nollama: %q\nopenai: %q", a.Summary, b.Summary)
	}
	if again := summarize(t, native, chunk(1)); again.Summary != a.Summary {
		t.Errorf("greedy answer changed: %q then %q", a.Summary, again.Summary)
	}
	if native.Fingerprint() == compat.Fingerprint() {
		t.Error("ollama and openai engines share a fingerprint")
	}
	if fp := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 24}).Fingerprint(); fp != native.Fingerprint() {
		t.Errorf("fingerprint not stable: %s then %s", native.Fingerprint(), fp)
	}
	if fp := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 25}).Fingerprint(); fp == native.Fingerprint() {
		t.Error("fingerprint ignores maxNewTokens")
	}
}

// TestConcurrentSummariesAllLand sends 8 summaries at once to a server
// that runs 4 at a time: all of them land.
func TestConcurrentSummariesAllLand(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps, NumParallel: 4})
	e := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, Slots: 8, MaxNewTokens: 32})
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			r, err := e.Summarize(ctx, chunk(i))
			if err == nil && r.Summary == "" {
				err = errors.New("empty summary")
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("summary %d: %v", i, err)
		}
	}
}

// firstBytes is a transport that sends on its channel the time the first
// body byte of each chat answer arrives; it drops the time when the
// channel is full.
type firstBytes chan time.Time

func (f firstBytes) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && strings.HasSuffix(req.URL.Path, "/chat") {
		resp.Body = &notifyBody{ReadCloser: resp.Body, ch: f}
	}
	return resp, err
}

type notifyBody struct {
	io.ReadCloser
	ch   firstBytes
	once sync.Once
}

func (b *notifyBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.once.Do(func() {
			select {
			case b.ch <- time.Now():
			default:
			}
		})
	}
	return n, err
}

// TestCancelFreesSlot cancels a summary that is streaming on a server with
// one slot and a limit of a million tokens: Summarize returns the
// context's error, and a second summary gets the slot and lands (it could
// not before the first ran for minutes).
func TestCancelFreesSlot(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps, NumParallel: 1})
	started := make(firstBytes, 1)
	long := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 1_000_000,
		Client: &http.Client{Transport: started}})
	short := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 16})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := long.Summarize(ctx, chunk(1))
		done <- err
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("long summary ended before streaming: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("long summary did not start streaming")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled summary returned %v, want context.Canceled", err)
	}
	summarize(t, short, chunk(2))
}

// TestModelLoadedAtStart creates an engine and sends no summary: the
// server loads the model anyway (it is listed in /api/ps), on the engine's
// own request, which no job deadline cuts short.
func TestModelLoadedAtStart(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	if loaded(t, s.URL) {
		t.Fatal("the model is loaded before any engine asked for it")
	}
	newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model})
	deadline := time.Now().Add(time.Minute)
	for !loaded(t, s.URL) {
		if time.Now().After(deadline) {
			t.Fatalf("the model was not loaded a minute after the engine started; server log:\n%s", s.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// loaded reports whether /api/ps lists a loaded model.
func loaded(t *testing.T, base string) bool {
	t.Helper()
	resp, err := http.Get(base + "/api/ps")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ps struct {
		Models []struct {
			Name string `json:"name"`
		} `json:"models"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&ps); err != nil {
		t.Fatal(err)
	}
	return len(ps.Models) > 0
}

// TestUnknownModel names the model, the server and the fix, and may go
// away by itself (the model can be pulled without a settings change).
func TestUnknownModel(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	_, err := remote.New(context.Background(), remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: "nosuch", Logger: quiet()})
	want := "model 'nosuch' not found on " + s.URL + ": run `ollama pull nosuch`"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to say %q", err, want)
	}
	if !errors.Is(err, inference.ErrUnavailable) {
		t.Errorf("err = %v: want it to match inference.ErrUnavailable", err)
	}
}

// TestServerDownThenBack stops the server under a working engine: its
// summaries fail as unavailable (soon at once: the circuit opens), and
// land again once the server is back on the same port.
func TestServerDownThenBack(t *testing.T) {
	s := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	e := newEngine(t, remote.Options{Protocol: remote.Ollama, Endpoint: s.URL, Model: ollamatest.Model, MaxNewTokens: 16,
		Breaker: remote.BreakerOptions{Cooldown: 50 * time.Millisecond}})
	summarize(t, e, chunk(1))
	s.Stop()
	for i := range 4 {
		if _, err := e.Summarize(context.Background(), chunk(2)); !errors.Is(err, inference.ErrUnavailable) {
			t.Fatalf("summary %d with the server down: %v, want inference.ErrUnavailable", i, err)
		}
	}
	s.Restart()
	deadline := time.Now().Add(time.Minute)
	for {
		_, err := e.Summarize(context.Background(), chunk(3))
		if err == nil {
			return
		}
		if !errors.Is(err, inference.ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("summary after the server came back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
