package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// exitWatchdog bounds how long a signalled server may take to exit before
// the test calls it a hang (gopls exits in about 0.01 s).
const exitWatchdog = 10 * time.Second

var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "summarizer-lsp-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "summarizer-lsp")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// TestMain removes the binary the signal tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if bin, err := builtBinary(); err == nil {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// serverProcess is the built binary running as a language server over
// pipes, as an editor starts it, with a client connection to it.
type serverProcess struct {
	cmd      *exec.Cmd
	conn     jsonrpc2.Conn
	exited   chan struct{} // closed when the process has exited
	waitErr  error         // the process's exit, once exited is closed
	cacheDir string

	mu       sync.Mutex // guards messages
	messages []string   // method and params of every notification received
	changed  chan struct{}
}

func startServer(t *testing.T, args ...string) *serverProcess {
	t.Helper()
	bin, err := builtBinary()
	if err != nil {
		t.Fatal(err)
	}
	p := &serverProcess{exited: make(chan struct{}), cacheDir: t.TempDir(), changed: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"serve", "--cache-dir", p.cacheDir}, args...)...)
	p.cmd.Stderr = os.Stderr
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	p.conn = lsp.NewConn(pipeConn{stdout, stdin})
	p.conn.Go(context.Background(), p.handle)
	t.Cleanup(func() { p.conn.Close() })
	var res protocol.InitializeResult
	yes := true
	caps := protocol.ClientCapabilities{Window: &protocol.WindowClientCapabilities{WorkDoneProgress: &yes}}
	if err := p.call(protocol.MethodInitialize, map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := p.conn.Notify(context.Background(), protocol.MethodInitialized, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return p
}

type pipeConn struct {
	r interface{ Read([]byte) (int, error) }
	w interface {
		Write([]byte) (int, error)
		Close() error
	}
}

func (c pipeConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c pipeConn) Write(p []byte) (int, error) { return c.w.Write(p) }
func (c pipeConn) Close() error                { return c.w.Close() }

func (p *serverProcess) handle(_ context.Context, req *jsonrpc2.Request) (any, error) {
	p.mu.Lock()
	p.messages = append(p.messages, req.Method()+" "+string(req.Params()))
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	return nil, nil // progress creation and anything else the server asks
}

func (p *serverProcess) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, err := p.conn.Call(ctx, method, params, result)
	return err
}

// waitFor waits for a notification whose method and params contain every
// one of want.
func (p *serverProcess) waitFor(t *testing.T, timeout time.Duration, want ...string) string {
	t.Helper()
	deadline := time.After(timeout)
	for seen := 0; ; {
		p.mu.Lock()
		msgs, changed := p.messages[seen:], p.changed
		seen = len(p.messages)
		p.mu.Unlock()
	next:
		for _, m := range msgs {
			for _, w := range want {
				if !strings.Contains(m, w) {
					continue next
				}
			}
			return m
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no message with %q within %v", want, timeout)
		}
	}
}

// signalAndWait sends sig and waits for the process to exit.
func (p *serverProcess) signalAndWait(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.exited:
		var exit *exec.ExitError
		if p.waitErr != nil && !errors.As(p.waitErr, &exit) {
			t.Fatalf("waiting for the server: %v", p.waitErr)
		}
	case <-time.After(exitWatchdog):
		t.Fatalf("server still running %v after %v", exitWatchdog, sig)
	}
}

// checkCache reopens the cache the server wrote and reads it: the
// database passes SQLite's integrity check, was not moved aside, and holds
// at least least entries.
func (p *serverProcess) checkCache(t *testing.T, least int) {
	t.Helper()
	path := filepath.Join(p.cacheDir, cache.FileName)
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check of %s: %q, %v", path, check, err)
	}
	db.Close()
	c, err := cache.Open(cache.Options{Dir: p.cacheDir})
	if err != nil {
		t.Fatalf("reopening the cache: %v", err)
	}
	defer c.Close()
	n, err := c.Len(context.Background())
	if err != nil || n < least {
		t.Fatalf("cache after the signal: %d entries, %v; want at least %d", n, err, least)
	}
	if aside, _ := filepath.Glob(path + ".corrupt-*"); len(aside) > 0 {
		t.Fatalf("the cache was moved aside: %v", aside)
	}
}

// TestSignalEndsIdleServer: SIGTERM and SIGINT end a server that is
// waiting for its client, blocked reading stdin.
func TestSignalEndsIdleServer(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startServer(t, "--engine", "heuristic")
			p.signalAndWait(t, sig)
			p.checkCache(t, 0)
		})
	}
}

// TestSignalDuringExplainFile: SIGTERM and SIGINT end a server in the
// middle of summarizer.explainFile on a big file with the tiny ONNX model,
// and the summaries it had written are in a consistent cache.
func TestSignalDuringExplainFile(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cfg := modelConfig(t)
			p := startServer(t, "--model", cfg.ModelPath, "--onnxruntime-lib", cfg.OnnxruntimeLib, "--max-new-tokens", "8", "--background=false")
			msg := p.waitFor(t, 60*time.Second, protocol.MethodWindowShowMessage, "onnx:tiny-qwen2")
			if !strings.Contains(msg, "using onnx:tiny-qwen2") {
				t.Fatalf("the tiny model did not load (run scripts/fetch-onnxruntime.sh): %s", msg)
			}
			u := "file:///workspace/big.go"
			open := map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "go", "version": 1, "text": manyFunctions(2000)}}
			if err := p.conn.Notify(context.Background(), protocol.MethodTextDocumentDidOpen, open); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				var md json.RawMessage
				done <- p.call(protocol.MethodWorkspaceExecuteCommand, map[string]any{
					"command": lsp.CommandExplainFile, "arguments": []any{u}, "workDoneToken": "explain",
				}, &md)
			}()
			// Some summaries are done (and stored) and more are running.
			p.waitFor(t, 60*time.Second, protocol.MethodProgress, `"explain"`, `"report"`)
			p.signalAndWait(t, sig)
			select {
			case err := <-done:
				if err == nil {
					t.Fatal("explainFile of 2,000 functions finished before the signal; the test did not interrupt it")
				}
			case <-time.After(exitWatchdog):
				t.Fatal("the explainFile call was not ended by the server's exit")
			}
			p.checkCache(t, 1)
		})
	}
}

// manyFunctions is a Go file of n small functions.
func manyFunctions(n int) string {
	var b strings.Builder
	b.WriteString("package big\n")
	for i := range n {
		fmt.Fprintf(&b, "\nfunc F%d(x int) int {\n\tif x > %d {\n\t\treturn x - %d\n\t}\n\treturn x + %d\n}\n", i, i, i, i)
	}
	return b.String()
}
