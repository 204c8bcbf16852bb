package lsp

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// FuzzStream feeds a server random bytes as its input stream: LSP frames
// with abused headers, bodies that are not JSON or not JSON-RPC, batches,
// requests of every method with odd params. The server must end when the
// stream ends (within a watchdog far above any normal run), and everything
// it wrote must be well-formed frames of JSON-RPC 2.0 messages.
func FuzzStream(f *testing.F) {
	frame := func(bodies ...string) []byte {
		var b bytes.Buffer
		for _, body := range bodies {
			fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
		}
		return b.Bytes()
	}
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	open := `{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.go","languageId":"go","version":1,"text":"package a\n\n// Area is pi r².\nfunc Area(r float64) float64 {\n\treturn 3.14 * r * r\n}\n"}}}`
	// From TestMalformedFramesDoNotKillTheServer and TestExitWithoutShutdown.
	f.Add(frame(initialize, `{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{`, `{"hello":"world"}`, `42`, `[]`, `{"jsonrpc":"2.0","id":3,"method":"shutdown"}`))
	f.Add(frame(`{"jsonrpc":"2.0","method":"exit"}`))
	f.Add(frame(initialize, open,
		`{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.go"},"position":{"line":3,"character":6}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"textDocument/codeLens","params":{"textDocument":{"uri":"file:///w/a.go"}}}`,
		`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}`,
		`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/a.go","version":2},"contentChanges":[{"range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}}`,
		`{"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"summarizer.explainFile","arguments":["file:///w/a.go"]}}`,
		`[{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///w/a.go"},"range":{"start":{"line":3,"character":0},"end":{"line":3,"character":0}},"context":{"diagnostics":[]}}},{"jsonrpc":"2.0","id":6,"result":null}]`,
		`{"jsonrpc":"2.0","id":"s","method":"workspace/didChangeConfiguration","params":{"settings":{"summarizer":{"loc":-3}}}}`,
		`{"jsonrpc":"2.0","id":7,"method":"shutdown"}`, `{"jsonrpc":"2.0","method":"exit"}`))
	f.Add([]byte("Content-Length: 99999999999999\r\n\r\n{}"))
	f.Add([]byte("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}Content-Length: -1\r\n\r\n"))
	f.Add([]byte("Content-Length: 5\r\nContent-Length: 2\r\n\r\n{}{}{}\r\n\r\n"))
	f.Add([]byte("\r\n\r\nContent-Length: 10\n\n{\"a\":1}   "))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 64<<10 {
			return
		}
		out := serveScript(t, in)
		checkFrames(t, in, out)
	})
}

// scriptConn is a stream that reads a fixed script, then EOF once the
// requests read have been answered, and records what is written.
type scriptConn struct {
	r       *bytes.Reader
	drained func() bool // no request is in flight

	mu  sync.Mutex // guards out
	out bytes.Buffer
}

func (c *scriptConn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err == io.EOF {
		// The read loop has handed every frame read to its handler: wait
		// for the answers, so the fuzzer reaches the handlers too. A
		// request that never ends is the watchdog's to report.
		for !c.drained() {
			time.Sleep(time.Millisecond)
		}
	}
	return n, err
}

func (c *scriptConn) Close() error { return nil }
func (c *scriptConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

// serveScript runs a server on the script and returns what it wrote.
func serveScript(t *testing.T, in []byte) []byte {
	t.Helper()
	cfg := service.DefaultConfig()
	cfg.BackgroundSummaries = false
	srv := New(Options{
		Config:    cfg,
		Builtin:   func(service.Config) inference.Engine { return heuristic.New() },
		OpenStore: func(service.Config, *slog.Logger) (Store, error) { return cache.OpenMemory(0), nil },
	})
	conn := &scriptConn{r: bytes.NewReader(in), drained: func() bool {
		busy := false
		srv.inflight.Range(func(any, any) bool { busy = true; return false })
		return !busy
	}}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), conn) }()
	select {
	case err := <-done:
		if err != nil && err != ErrExitWithoutShutdown {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("server still running 10s after its input ended; input %q", in)
	}
	conn.mu.Lock()
	defer conn.mu.Unlock()
	return bytes.Clone(conn.out.Bytes())
}

// checkFrames checks that out is a sequence of LSP frames, each a JSON-RPC
// 2.0 message.
func checkFrames(t *testing.T, in, out []byte) {
	t.Helper()
	r := bufio.NewReader(bytes.NewReader(out))
	for i := 0; ; i++ {
		hdr, err := textproto.NewReader(r).ReadMIMEHeader()
		if err == io.EOF && len(hdr) == 0 {
			return
		}
		if err != nil {
			t.Fatalf("output frame %d: bad header: %v\ninput %q\noutput %q", i, err, in, out)
		}
		n, err := strconv.Atoi(hdr.Get("Content-Length"))
		if err != nil || n < 0 {
			t.Fatalf("output frame %d: Content-Length %q\noutput %q", i, hdr.Get("Content-Length"), out)
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			t.Fatalf("output frame %d: body shorter than %d bytes\noutput %q", i, n, out)
		}
		if !jsontext.Value(body).IsValid() || !strings.Contains(string(body), `"jsonrpc":"2.0"`) {
			t.Fatalf("output frame %d is not a JSON-RPC 2.0 message: %q\ninput %q", i, body, in)
		}
	}
}
