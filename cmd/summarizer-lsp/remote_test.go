package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote/ollamatest"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// TestExplainWithOllama runs `explain --engine ollama` against a real
// Ollama server with the tiny model: every chunk is the model's.
func TestExplainWithOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps, NumParallel: 2})
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"explain", "--engine", "ollama", "--endpoint", srv.URL, "--remote-model", ollamatest.Model,
		"--slots", "2", "--max-new-tokens", "16", "--no-cache", "--json", sample})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for _, line := range lines {
		var r chunkRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if r.Engine != "ollama:"+ollamatest.Model || r.Fallback || r.Summary == "" {
			t.Errorf("%s = %+v, want the model's summary", r.Name, r)
		}
	}
	if len(lines) < 2 {
		t.Fatalf("explain printed %d chunks:\n%s", len(lines), out.String())
	}
}

// TestHoverThroughOllama hovers a function in the fake LSP client with the
// ollama engine on a real server: the hover shows the model's summary.
func TestHoverThroughOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel = "ollama", srv.URL, ollamatest.Model
	cfg.MaxNewTokens = 16
	cfg.HoverBudgetMs = 60_000
	cfg.BackgroundSummaries = false
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := lsptest.New(t, lsptest.Options{Config: &cfg, LoadEngine: modelLoader(logger)})
	name := "ollama:" + ollamatest.Model
	msg := env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "using "+name) || strings.Contains(string(m.Params), "failed")
	}, 60*time.Second)
	if !strings.Contains(string(msg.Params), "using "+name) {
		t.Fatalf("the remote engine did not start: %s", msg.Params)
	}
	u := env.Open("sample.go", "go", "package p\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n")
	md, err := env.Hover(u, lsptest.Pos(2, 6))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, name) || strings.Contains(md, "pending") {
		t.Fatalf("hover was not answered by the model:\n%s", md)
	}
}

// TestRemoteAPIKeyFromEnvironment: the key is read from the variable
// apiKeyEnv names and sent as a bearer token; an unset variable is a
// clear error.
func TestRemoteAPIKeyFromEnvironment(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer sk-from-env" {
			http.Error(w, `{"error":{"message":"invalid api key"}}`, http.StatusUnauthorized)
			return
		}
		io.WriteString(w, `{"data":[{"id":"m"}]}`)
	}))
	defer srv.Close()
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel, cfg.APIKeyEnv = "openai", srv.URL, "m", "SUMMARIZER_TEST_KEY"
	logger := slog.New(slog.DiscardHandler)

	t.Setenv("SUMMARIZER_TEST_KEY", "")
	if _, err := loadRemote(context.Background(), cfg, logger); err == nil || !strings.Contains(err.Error(), "SUMMARIZER_TEST_KEY") {
		t.Fatalf("unset key: %v, want an error naming the variable", err)
	}
	t.Setenv("SUMMARIZER_TEST_KEY", "sk-from-env")
	e, err := loadRemote(context.Background(), cfg, logger)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name() != "openai:m" {
		t.Errorf("engine %q", e.Name())
	}
	if c, ok := e.(io.Closer); ok {
		c.Close()
	}
}

// TestRemoteServerDownIsRetried: a refused connection is an
// inference.ErrUnavailable, which the language server retries with back-off.
func TestRemoteServerDownIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel = "ollama", url, "m"
	_, err := loadModel(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if !errors.Is(err, inference.ErrUnavailable) || !strings.Contains(err.Error(), url) {
		t.Fatalf("err = %v, want an unavailable server naming %s", err, url)
	}
}

// TestExplainMarksChunkTheServerFailed: a server error on one chunk gives
// that chunk the built-in summary, flagged, and the run goes on.
func TestExplainMarksChunkTheServerFailed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			io.WriteString(w, `{"data":[{"id":"m"}]}`)
		case "/v1/chat/completions":
			body, _ := io.ReadAll(r.Body)
			if strings.Contains(string(body), "`Limiter.bucketFor` does") {
				http.Error(w, `{"error":{"message":"internal error"}}`, http.StatusInternalServerError)
				return
			}
			io.WriteString(w, "data: {\"choices\":[{\"delta\":{\"content\":\"Does the work.\"}}]}\n\ndata: [DONE]\n\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel, cfg.Slots = "openai", srv.URL, "m", 4
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true, noCache: true}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	seen := map[string]chunkRecord{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r chunkRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		seen[r.Name] = r
	}
	if r := seen["Limiter.bucketFor"]; !r.Fallback || r.Engine == "openai:m" || r.Summary == "" {
		t.Errorf("failed chunk: %+v, want the built-in summary flagged", r)
	}
	if r := seen["Limiter.Middleware"]; r.Fallback || r.Engine != "openai:m" || r.Summary != "Does the work." {
		t.Errorf("other chunk: %+v, want the model's summary", r)
	}
}

// TestOllamaDownAtStartThenUp starts the language server while Ollama is
// stopped: the user is told once what failed and how to fix it, hovers get
// the built-in summary, and the engine is retried after a back-off until
// the server is back.
func TestOllamaDownAtStartThenUp(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	srv.Stop()
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel = "ollama", srv.URL, ollamatest.Model
	cfg.MaxNewTokens = 16
	cfg.BackgroundSummaries = false
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := lsptest.New(t, lsptest.Options{Config: &cfg, LoadEngine: modelLoader(logger)})
	msg := env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "failed")
	}, 30*time.Second)
	for _, want := range []string{srv.URL, "connection refused", "ollama serve"} {
		if !strings.Contains(string(msg.Params), want) {
			t.Errorf("message %s lacks %q", msg.Params, want)
		}
	}
	u := env.Open("sample.go", "go", "package p\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n")
	md, err := env.Hover(u, lsptest.Pos(2, 6))
	if err != nil || !strings.Contains(md, "heuristic") {
		t.Fatalf("hover with the server down: %v\n%s", err, md)
	}

	mark := env.Client.Mark()
	srv.Restart()
	name := "ollama:" + ollamatest.Model
	env.Client.WaitSince(t, mark, protocol.MethodWindowShowMessage, func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "using "+name)
	}, 2*time.Minute)
	failures := 0
	for _, m := range env.Client.Received(protocol.MethodWindowShowMessage) {
		if strings.Contains(string(m.Params), "failed") {
			failures++
		}
	}
	if failures != 1 {
		t.Errorf("%d failure messages, want the outage said once", failures)
	}
}

// TestExplainKeepsSlotsInFlight runs `explain --slots 64` on 100 functions
// against a real Ollama server's OpenAI-compatible endpoint (4 requests
// run at once there, the rest queue) through a proxy that counts requests
// in flight: many more than the server runs are kept in flight, never more
// than 64, and the results file logs every chunk as it lands.
func TestExplainKeepsSlotsInFlight(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps, NumParallel: 4})
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	var inFlight, peak atomic.Int64
	forward := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/chat/completions") {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
		}
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()
	var src strings.Builder
	src.WriteString("package many\n")
	const functions = 100
	for i := range functions {
		fmt.Fprintf(&src, "\nfunc f%d(x int) int {\n\treturn x * %d\n}\n", i, i+2)
	}
	file := filepath.Join(t.TempDir(), "many.go")
	if err := os.WriteFile(file, []byte(src.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	results := filepath.Join(t.TempDir(), "results.jsonl")
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.Endpoint, cfg.RemoteModel, cfg.Slots, cfg.MaxNewTokens = "openai", proxy.URL+"/v1", ollamatest.Model, 64, 4
	// 100 requests on a loaded 2-core CI machine can take minutes (llama.cpp's
	// spinning threads slow down badly when the cores are shared); the
	// deadline is not what this test is about.
	cfg.JobTimeoutMs = 10 * 60_000
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true, noCache: true, resultsFile: results}, []string{file}, &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("peak requests in flight: %d", peak.Load())
	if p := peak.Load(); p <= 16 || p > 64 {
		t.Errorf("at most %d requests were in flight, want more than 16 (the server runs 4) and at most 64", p)
	}
	logged, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(logged), "\n"); n != functions {
		t.Errorf("the results file logged %d chunks, want %d", n, functions)
	}
	if n := strings.Count(out.String(), `"engine":"openai:`+ollamatest.Model); n != functions {
		t.Errorf("%d of %d chunks are the model's:\n%s\nserver log:\n%s", n, functions, out.String(), srv.Log())
	}
}
