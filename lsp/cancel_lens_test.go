package lsp_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// stallingStore is the real SQLite cache, except that once armed its
// reads hang until their context ends, like a cache tier that stops
// answering: a request blocked in it ends only when it is cancelled.
type stallingStore struct {
	*cache.Cache
	armed   atomic.Bool
	gets    atomic.Int64  // reads since armed
	stalled chan struct{} // closed at the first read since armed
	once    sync.Once
}

func (s *stallingStore) Get(ctx context.Context, k [32]byte, wait time.Duration, accept func([]byte) bool) ([]byte, bool, error) {
	if !s.armed.Load() {
		return s.Cache.Get(ctx, k, wait, accept)
	}
	first := false
	s.once.Do(func() { first = true })
	s.gets.Add(1)
	if first {
		close(s.stalled)
	}
	<-ctx.Done()
	return nil, false, ctx.Err()
}

// minifiedJS is a one-line bundle of n functions.
func minifiedJS(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "function f%d(a,b){if(a>b){return a-b*%d}return a+b}var v%d=[%d,2,3];", i, i, i, i)
	}
	return b.String()
}

// TestCancelledCodeLensStopsQuietly: a codeLens request for a huge
// minified one-line file, cancelled with $/cancelRequest while it reads
// the cache, stops: it reads no more summaries, it is answered
// RequestCancelled, and the cancellation is not reported to the client as
// a warning. The frames are written by hand, to cancel the request by its
// id and to read what the server sent up to its answer, in order.
func TestCancelledCodeLensStopsQuietly(t *testing.T) {
	c, err := cache.Open(cache.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	st := &stallingStore{Cache: c, stalled: make(chan struct{})}
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.ModelPath = "onnx", "/models/fake"
	cfg.BackgroundSummaries = false
	srv := lsp.New(lsp.Options{
		Config:    cfg,
		Builtin:   func(service.Config) inference.Engine { return heuristic.New() },
		LoadModel: func(context.Context, service.Config) (inference.Engine, error) { return newFakeModel(), nil },
		OpenStore: func(service.Config, *slog.Logger) (lsp.Store, error) { return st, nil },
	})
	a, b := net.Pipe()
	go srv.Serve(context.Background(), a)
	t.Cleanup(func() { b.Close() })
	cl := &rawClient{conn: b, r: bufio.NewReader(b)}
	frames := make(chan string, 4096)
	go func() {
		defer close(frames)
		for {
			body, err := cl.readFrame()
			if err != nil {
				return
			}
			frames <- body
		}
	}()
	// until reads frames until one contains want, and returns those read.
	until := func(want string) []string {
		var seen []string
		deadline := time.After(30 * time.Second)
		for {
			select {
			case body, ok := <-frames:
				if !ok {
					t.Fatalf("connection closed before %s", want)
				}
				seen = append(seen, body)
				if strings.Contains(body, want) {
					return seen
				}
			case <-deadline:
				t.Fatalf("no %s within 30s", want)
			}
		}
	}
	cl.send(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	cl.send(t, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	until("using fake-model") // sent before or after the answer to initialize
	open, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///bundle.min.js", "languageId": "javascript", "version": 1, "text": minifiedJS(10_000)}}})
	cl.send(t, string(open))
	lens := `{"jsonrpc":"2.0","id":%d,"method":"textDocument/codeLens","params":{"textDocument":{"uri":"file:///bundle.min.js"}}}`
	cl.send(t, fmt.Sprintf(lens, 2)) // chunks the file
	if first := until(`"id":2`); strings.Count(first[len(first)-1], `"range"`) < 1000 {
		t.Fatalf("the first codeLens request got too few lenses: %.300s", first[len(first)-1])
	}

	st.armed.Store(true)
	cl.send(t, fmt.Sprintf(lens, 3))
	<-st.stalled
	cl.send(t, `{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}`)
	seen := until(`"id":3`)
	if answer := seen[len(seen)-1]; !strings.Contains(answer, "-32800") {
		t.Errorf("the cancelled request was answered %.300s, want RequestCancelled (-32800)", answer)
	}
	if n := st.gets.Load(); n > 1 {
		t.Errorf("the cancelled request read %d more summaries after $/cancelRequest", n-1)
	}
	for _, body := range seen {
		var msg struct {
			Method string                    `json:"method"`
			Params protocol.LogMessageParams `json:"params"`
		}
		if json.Unmarshal([]byte(body), &msg) == nil && msg.Method == protocol.MethodWindowLogMessage && msg.Params.Type <= protocol.MessageTypeWarning {
			t.Errorf("the cancellation was reported as a warning: %q", msg.Params.Message)
		}
	}
}
