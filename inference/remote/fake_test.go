package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// fakeServer is a model server for the faults a healthy Ollama does not
// produce. It lists one model ("m", digest "sha256:d1") on /api/tags and
// /v1/models, and answers chat requests with chat.
type fakeServer struct {
	*httptest.Server
	digest string
	chat   http.HandlerFunc
	chats  atomic.Int32 // chat requests received
	conns  atomic.Int32 // connections accepted

	mu      sync.Mutex // guards prompts and bodies
	prompts []string   // user messages of the chat requests, in order
	bodies  [][]byte   // the chat requests' bodies, in order
}

const fakeModel = "m"

func newFake(t *testing.T, chat http.HandlerFunc) *fakeServer {
	f := &fakeServer{digest: "sha256:d1", chat: chat}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/tags", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"models":[{"name":"%s:latest","model":"%s:latest","digest":%q}]}`, fakeModel, fakeModel, f.digest)
	})
	mux.HandleFunc("POST /api/show", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"model_info":{"general.architecture":"qwen2","qwen2.context_length":32768}}`)
	})
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"object":"list","data":[{"id":"%s","object":"model"}]}`, fakeModel)
	})
	record := func(w http.ResponseWriter, r *http.Request) {
		f.chats.Add(1)
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Messages []message `json:"messages"`
		}
		if err := json.Unmarshal(raw, &body); err != nil || len(body.Messages) != 2 {
			http.Error(w, `{"error":"bad request body"}`, http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.prompts = append(f.prompts, body.Messages[1].Content)
		f.bodies = append(f.bodies, raw)
		f.mu.Unlock()
		f.chat(w, r)
	}
	mux.HandleFunc("POST /api/chat", record)
	mux.HandleFunc("POST /v1/chat/completions", record)
	f.Server = httptest.NewUnstartedServer(mux)
	f.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.conns.Add(1)
		}
	}
	f.Start()
	t.Cleanup(f.Close)
	return f
}

// ndjson answers with Ollama stream lines, one chunk of text each.
func ndjson(chunks ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		for _, c := range chunks {
			b, _ := json.Marshal(map[string]any{"message": map[string]string{"role": "assistant", "content": c}, "done": false})
			w.Write(append(b, '\n'))
			w.(http.Flusher).Flush()
		}
		io.WriteString(w, `{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}`+"\n")
	}
}

// sse answers with raw text/event-stream text.
func sse(raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, raw)
	}
}

// sseDelta is one OpenAI stream event carrying text.
func sseDelta(text string) string {
	b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]string{"content": text}, "finish_reason": nil}}})
	return "data: " + string(b) + "\n\n"
}

var testChunk = analysis.Chunk{
	Kind: analysis.KindFunction, Name: "Open", Lang: "go",
	Signature: "func Open(path string) (*File, error)",
	Text:      "func Open(path string) (*File, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &File{f: f}, nil\n}",
}

func testOptions(p Protocol, url string) Options {
	return Options{Protocol: p, Endpoint: url, Model: fakeModel, Slots: 2, RequestTimeout: 10 * time.Second,
		MaxRetryWait: time.Second, Breaker: BreakerOptions{Failures: 2, Cooldown: 10 * time.Millisecond},
		Logger: slog.New(slog.DiscardHandler)}
}

func newEngine(t *testing.T, o Options) *Engine {
	t.Helper()
	e, err := New(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func summarize(e *Engine) (inference.Result, error) {
	return e.Summarize(context.Background(), inference.Request{Chunk: testChunk})
}

func TestOllamaStreamedSummary(t *testing.T) {
	f := newFake(t, ndjson("<think>The user wants", " a summary.</think>", "Opens the file at", " path.", " Second sentence. Third."))
	e := newEngine(t, testOptions(Ollama, f.URL))
	res, err := summarize(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Opens the file at path. Second sentence."; res.Summary != want {
		t.Errorf("summary %q, want %q", res.Summary, want)
	}
	if res.Engine != "ollama:m" || e.Name() != "ollama:m" {
		t.Errorf("engine %q, name %q", res.Engine, e.Name())
	}
	if !strings.Contains(f.prompts[0], "func Open(path string)") {
		t.Errorf("prompt lacks the code: %q", f.prompts[0])
	}
}

func TestOpenAISSEFraming(t *testing.T) {
	// CRLF line ends, a comment, a multi-line-free usage chunk and
	// "data: [DONE]\r" with no blank line after it.
	raw := ": keep-alive\r\n\r\n" + strings.ReplaceAll(sseDelta("Opens ")+sseDelta("the file."), "\n", "\r\n") +
		"data: {\"choices\":[],\"usage\":{\"total_tokens\":3}}\r\n\r\n" + "data: [DONE]\r\n"
	f := newFake(t, sse(raw))
	e := newEngine(t, testOptions(OpenAI, f.URL))
	res, err := summarize(e)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Opens the file." || res.Engine != "openai:m" {
		t.Errorf("got %+v", res)
	}
}

func TestOpenAIFinishReasonEndsAnswer(t *testing.T) {
	stop := `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}` + "\n\n"
	// The handler never sends [DONE]: finish_reason ends the answer.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, sseDelta("Opens a file.")+stop)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	e := newEngine(t, testOptions(OpenAI, f.URL))
	if res, err := summarize(e); err != nil || res.Summary != "Opens a file." {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			var n atomic.Int32
			var f *fakeServer
			f = newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) <= 2 {
					w.Header().Set("Retry-After", "0")
					http.Error(w, `{"error":"server busy"}`, code)
					return
				}
				ndjson("Opens a file.")(w, r)
			})
			e := newEngine(t, testOptions(Ollama, f.URL))
			if res, err := summarize(e); err != nil || res.Summary != "Opens a file." {
				t.Fatalf("got %+v, %v", res, err)
			}
			if got := f.chats.Load(); got != 3 {
				t.Errorf("%d chat requests, want 3 (two refused, one answered)", got)
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		http.Error(w, `{"error":"server busy"}`, http.StatusServiceUnavailable)
	})
	o := testOptions(Ollama, f.URL)
	o.Retries = 2
	e := newEngine(t, o)
	_, err := summarize(e)
	if err == nil || !errors.Is(err, inference.ErrUnavailable) || !strings.Contains(err.Error(), "server busy") {
		t.Fatalf("err = %v, want a busy server that is unavailable", err)
	}
	if got := f.chats.Load(); got != 3 {
		t.Errorf("%d chat requests, want 3 (the first and 2 retries)", got)
	}
}

func TestLongRetryAfterIsNotWaited(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, `{"error":{"message":"rate limited"}}`, http.StatusTooManyRequests)
	})
	e := newEngine(t, testOptions(OpenAI, f.URL))
	if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "rate limited") {
		t.Fatalf("err = %v, want the rate limit", err)
	}
	if got := f.chats.Load(); got != 1 {
		t.Errorf("%d chat requests, want 1: a Retry-After past MaxRetryWait is not waited for", got)
	}
}

func TestOtherErrorsAreNotRetried(t *testing.T) {
	for _, tc := range []struct {
		code int
		want string
	}{
		{http.StatusInternalServerError, "500 Internal Server Error: boom"},
		{http.StatusBadRequest, "400 Bad Request: boom"},
		{http.StatusUnauthorized, "check the API key"},
		{http.StatusForbidden, "check the API key"},
	} {
		t.Run(http.StatusText(tc.code), func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, `{"error":"boom"}`, tc.code)
			})
			e := newEngine(t, testOptions(Ollama, f.URL))
			_, err := summarize(e)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if got := f.chats.Load(); got != 1 {
				t.Errorf("%d chat requests, want 1", got)
			}
		})
	}
}

func TestSilentServerFailsAfterRequestTimeout(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	o := testOptions(Ollama, f.URL)
	o.RequestTimeout = 50 * time.Millisecond
	e := newEngine(t, o)
	_, err := summarize(e)
	if err == nil || !errors.Is(err, inference.ErrUnavailable) || !strings.Contains(err.Error(), "sent nothing") {
		t.Fatalf("err = %v, want a silent server", err)
	}
}

func TestStreamCut(t *testing.T) {
	for _, p := range []Protocol{Ollama, OpenAI} {
		t.Run(string(p), func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				if p == Ollama {
					io.WriteString(w, `{"message":{"content":"Opens"},"done":false}`+"\n")
				} else {
					io.WriteString(w, sseDelta("Opens"))
				}
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler) // drops the connection mid-stream
			})
			e := newEngine(t, testOptions(p, f.URL))
			if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "reading the answer") && !strings.Contains(err.Error(), "stream cut") {
				t.Fatalf("err = %v, want a cut stream", err)
			}
		})
	}
}

func TestStreamEndsWithoutDone(t *testing.T) {
	f := newFake(t, sse(sseDelta("Opens a file")))
	e := newEngine(t, testOptions(OpenAI, f.URL))
	if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "stream cut") {
		t.Fatalf("err = %v, want a cut stream", err)
	}
}

func TestMalformedStreams(t *testing.T) {
	for _, tc := range []struct {
		p    Protocol
		body string
	}{
		{Ollama, "{\"message\":{\"content\":\"Opens\"}\n"},
		{Ollama, "not json at all\n"},
		{OpenAI, "data: {\"choices\":[{\"delta\":\n\n"},
		{OpenAI, "data: [1,2]\n\n"},
	} {
		f := newFake(t, sse(tc.body))
		e := newEngine(t, testOptions(tc.p, f.URL))
		if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("%s %q: err = %v, want malformed", tc.p, tc.body, err)
		}
	}
}

func TestErrorInStream(t *testing.T) {
	for _, tc := range []struct {
		p    Protocol
		body string
	}{
		{Ollama, `{"error":"model runner crashed"}` + "\n"},
		{OpenAI, `data: {"error":{"message":"model runner crashed"}}` + "\n\n"},
		{OpenAI, `data: {"error":"model runner crashed","error_type":"generation"}` + "\n\n"}, // TGI
	} {
		f := newFake(t, sse(tc.body))
		e := newEngine(t, testOptions(tc.p, f.URL))
		if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "server error: model runner crashed") {
			t.Errorf("%s %q: err = %v", tc.p, tc.body, err)
		}
	}
}

func TestEmptyCompletion(t *testing.T) {
	for _, p := range []Protocol{Ollama, OpenAI} {
		body := ndjson("  ", "<think>hmm</think>")
		if p == OpenAI {
			body = sse("data: [DONE]\n\n")
		}
		f := newFake(t, body)
		e := newEngine(t, testOptions(p, f.URL))
		if _, err := summarize(e); !errors.Is(err, ErrEmptySummary) {
			t.Errorf("%s: err = %v, want ErrEmptySummary", p, err)
		}
	}
}

func TestHugeBodiesAreBounded(t *testing.T) {
	big := strings.Repeat("x", 16<<20)
	t.Run("error body", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, big)
		})
		e := newEngine(t, testOptions(Ollama, f.URL))
		_, err := summarize(e)
		if err == nil || len(err.Error()) > 1000 {
			t.Fatalf("error of %d bytes, want a short one", len(fmt.Sprint(err)))
		}
	})
	t.Run("one endless line", func(t *testing.T) {
		f := newFake(t, sse(`{"message":{"content":"`+big))
		e := newEngine(t, testOptions(Ollama, f.URL))
		if _, err := summarize(e); err == nil || !strings.Contains(err.Error(), "longer than") {
			t.Fatalf("err = %v, want a line too long", err)
		}
	})
	t.Run("endless answer", func(t *testing.T) {
		// Never done: the answer is cut at maxAnswer and used.
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			chunk, _ := json.Marshal(map[string]any{"message": map[string]string{"content": "Opens a file. "}, "done": false})
			for r.Context().Err() == nil {
				if _, err := w.Write(append(chunk, '\n')); err != nil {
					return
				}
			}
		})
		e := newEngine(t, testOptions(Ollama, f.URL))
		if res, err := summarize(e); err != nil || res.Summary != "Opens a file. Opens a file." {
			t.Fatalf("got %+v, %v", res, err)
		}
	})
}

func TestSlowTricklePastDeadlineClosesRequest(t *testing.T) {
	closed := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(closed)
		for {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(5 * time.Millisecond):
			}
			io.WriteString(w, `{"message":{"content":"a"},"done":false}`+"\n")
			w.(http.Flusher).Flush()
		}
	})
	e := newEngine(t, testOptions(Ollama, f.URL))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := e.Summarize(ctx, inference.Request{Chunk: testChunk})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	<-closed // the server saw the request closed
}

func TestContextLengthErrorShortensPrompt(t *testing.T) {
	long := testChunk
	long.Text = "func Open(path string) (*File, error) {\n" + strings.Repeat("\tx := compute(path)\n", 2000) + "}"
	var n atomic.Int32
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			http.Error(w, `{"error":{"message":"This model's maximum context length is 4096 tokens. However, your messages resulted in 9000 tokens.","code":"context_length_exceeded"}}`, http.StatusBadRequest)
			return
		}
		io.WriteString(w, sseDelta("Opens a file.")+"data: [DONE]\n\n")
	})
	e := newEngine(t, testOptions(OpenAI, f.URL))
	res, err := e.Summarize(context.Background(), inference.Request{Chunk: long})
	if err != nil || res.Summary != "Opens a file." {
		t.Fatalf("got %+v, %v", res, err)
	}
	if len(f.prompts) != 2 || len(f.prompts[1]) >= len(f.prompts[0]) {
		t.Fatalf("prompts of %d requests; the second must be shorter than the first", len(f.prompts))
	}
	if approxTokens(f.prompts[0]) > codeBudget(e.opts, 0)+promptReserve {
		t.Errorf("first prompt of ~%d tokens exceeds the budget", approxTokens(f.prompts[0]))
	}
}

// TestConnectionsAreReused: the end of each answer is read, so sequential
// summaries share one connection (no new handshake per summary).
func TestConnectionsAreReused(t *testing.T) {
	for _, p := range []Protocol{Ollama, OpenAI} {
		t.Run(string(p), func(t *testing.T) {
			body := ndjson("Opens a file.")
			if p == OpenAI {
				body = sse(sseDelta("Opens a file.") + "data: [DONE]\n\n")
			}
			// The end of the body follows the last event in a write of its own.
			f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
				body(w, r)
				w.(http.Flusher).Flush()
				time.Sleep(time.Millisecond)
			})
			e := newEngine(t, testOptions(p, f.URL))
			before := f.conns.Load()
			for range 3 {
				if _, err := summarize(e); err != nil {
					t.Fatal(err)
				}
			}
			if n := f.conns.Load() - before; n > 1 {
				t.Errorf("%d new connections for 3 sequential summaries, want at most 1", n)
			}
		})
	}
}

// TestRequestBodies checks the generation settings each API receives.
func TestRequestBodies(t *testing.T) {
	for _, tc := range []struct {
		p    Protocol
		set  func(*Options)
		want map[string]any // top-level or "options." keys and their values
	}{
		{Ollama, func(o *Options) { o.KeepAlive = "-1" },
			map[string]any{"stream": true, "model": "m", "keep_alive": -1.0, "options.num_predict": 64.0, "options.temperature": 0.0}},
		{Ollama, func(o *Options) {
			o.KeepAlive, o.Sampling, o.Temperature, o.TopP, o.TopK, o.Seed, o.MaxNewTokens = "30m", "sample", 0.7, 0.9, 40, 7, 32
		}, map[string]any{"keep_alive": "30m", "options.num_predict": 32.0, "options.temperature": 0.7, "options.top_p": 0.9, "options.top_k": 40.0, "options.seed": 7.0}},
		{OpenAI, func(o *Options) {}, map[string]any{"stream": true, "model": "m", "max_tokens": 64.0, "temperature": 0.0}},
		{OpenAI, func(o *Options) { o.Sampling, o.Temperature, o.TopP, o.Seed = "sample", 0.5, 0.8, 3 },
			map[string]any{"temperature": 0.5, "top_p": 0.8, "seed": 3.0}},
	} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, `{"error":"recorded"}`, http.StatusBadRequest)
		})
		o := testOptions(tc.p, f.URL)
		tc.set(&o)
		summarize(newEngine(t, o))
		var body map[string]any
		if err := json.Unmarshal(f.bodies[0], &body); err != nil {
			t.Fatal(err)
		}
		opts, _ := body["options"].(map[string]any)
		for k, want := range tc.want {
			got, ok := body[k]
			if name, isOpt := strings.CutPrefix(k, "options."); isOpt {
				got, ok = opts[name]
			}
			if !ok || got != want {
				t.Errorf("%s: %s = %v, want %v (body %s)", tc.p, k, got, want, f.bodies[0])
			}
		}
	}
}
