// Package lsptest connects an in-process fake LSP client to an lsp.Server
// over net.Pipe, for integration tests that drive open, edit, hover, code
// lenses, code actions and commands the way an editor does.
package lsptest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// debug logs the server's debug lines: go test ./lsp -args -lsptest.debug.
var debug = flag.Bool("lsptest.debug", false, "log the language server's debug messages to stderr")

// Message is a notification or request the server sent to the client.
type Message struct {
	Method string
	Params json.RawMessage
}

// Client is the fake editor: it records what the server sends and answers
// the server's requests the way VS Code does.
type Client struct {
	conn jsonrpc2.Conn

	mu       sync.Mutex
	received []Message
	changed  chan struct{} // closed and replaced on every message
}

func (c *Client) handle(_ context.Context, req *jsonrpc2.Request) (any, error) {
	msg := Message{Method: strings.Clone(req.Method()), Params: append(json.RawMessage(nil), req.Params()...)}
	c.mu.Lock()
	c.received = append(c.received, msg)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	if !req.IsCall() {
		return nil, nil
	}
	switch msg.Method {
	case protocol.MethodWindowWorkDoneProgressCreate, protocol.MethodWorkspaceCodeLensRefresh:
		return nil, nil
	case protocol.MethodWindowShowDocument:
		return map[string]bool{"success": true}, nil
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "fake client: %s", msg.Method)
}

// Received returns the messages with the given method received so far.
func (c *Client) Received(method string) []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Message
	for _, m := range c.received {
		if m.Method == method {
			out = append(out, m)
		}
	}
	return out
}

// Mark returns the number of messages received so far, for WaitSince.
func (c *Client) Mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.received)
}

// WaitFor waits until a message with method satisfying match (nil: any)
// has arrived, and returns it.
func (c *Client) WaitFor(t testing.TB, method string, match func(Message) bool, timeout time.Duration) Message {
	t.Helper()
	return c.WaitSince(t, 0, method, match, timeout)
}

// WaitSince is WaitFor for the messages received after mark.
func (c *Client) WaitSince(t testing.TB, mark int, method string, match func(Message) bool, timeout time.Duration) Message {
	t.Helper()
	deadline := time.After(timeout)
	seen := mark
	for {
		c.mu.Lock()
		msgs := c.received[seen:]
		changed := c.changed
		seen = len(c.received)
		c.mu.Unlock()
		for _, m := range msgs {
			if m.Method == method && (match == nil || match(m)) {
				return m
			}
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("no %s message within %v", method, timeout)
		}
	}
}

// Pipe returns the two ends of an OS-buffered duplex pipe, like the stdio
// pipes an editor gives its server. net.Pipe is unbuffered: two peers that
// write at the same moment would wait for each other forever, which no real
// transport does.
func Pipe(t testing.TB) (io.ReadWriteCloser, io.ReadWriteCloser) {
	t.Helper()
	r1, w1, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return duplex{r1, w2}, duplex{r2, w1}
}

type duplex struct {
	r *os.File
	w *os.File
}

func (d duplex) Read(p []byte) (int, error)  { return d.r.Read(p) }
func (d duplex) Write(p []byte) (int, error) { return d.w.Write(p) }
func (d duplex) Close() error                { return errors.Join(d.r.Close(), d.w.Close()) }

// Options configure an Env.
type Options struct {
	// Config is the server's starting configuration (defaults if zero).
	Config *service.Config
	// Engine, when set, is the model engine the server loads for a
	// configuration with a model path.
	Engine inference.Engine
	// LoadEngine overrides Engine with a full loader.
	LoadEngine func(context.Context, service.Config) (inference.Engine, error)
	// Builtin overrides the built-in engine (heuristic.New).
	Builtin func(service.Config) inference.Engine
	// Cache, when set, replaces the in-memory cache.
	Cache lsp.Store
	// OpenStore, when set, overrides Cache with the server's own opener.
	OpenStore func(service.Config, *slog.Logger) (lsp.Store, error)
	// StoreStats is the server's lsp.Options.StoreStats.
	StoreStats func(lsp.Store) any
	// InitializationOptions are sent with initialize.
	InitializationOptions any
	// Capabilities are the client capabilities; nil means VS Code's.
	Capabilities *protocol.ClientCapabilities
	// ParseTimeout is the server's limit on one parse (zero: the default).
	ParseTimeout time.Duration
}

// Env is a running server with a connected fake client.
type Env struct {
	T      testing.TB
	Client *Client
	Conn   jsonrpc2.Conn
	Result *protocol.InitializeResult

	ctx     context.Context
	cancel  context.CancelFunc
	served  chan error
	version map[uri.URI]int32
}

// VSCodeCapabilities are the client capabilities the tests use by default:
// markdown hovers, progress, lens refresh, code action resolve, showDocument.
func VSCodeCapabilities() *protocol.ClientCapabilities {
	yes := true
	return &protocol.ClientCapabilities{
		Window: &protocol.WindowClientCapabilities{
			WorkDoneProgress: &yes,
			ShowDocument:     &protocol.ShowDocumentClientCapabilities{Support: true},
		},
		Workspace: &protocol.WorkspaceClientCapabilities{
			CodeLens: &protocol.CodeLensWorkspaceClientCapabilities{RefreshSupport: &yes},
		},
		TextDocument: &protocol.TextDocumentClientCapabilities{
			Hover: &protocol.HoverClientCapabilities{ContentFormat: []protocol.MarkupKind{protocol.MarkupKindMarkdown}},
			CodeAction: &protocol.CodeActionClientCapabilities{
				ResolveSupport: protocol.ClientCodeActionResolveOptions{Properties: []string{"edit"}},
			},
		},
	}
}

// New starts a server and initializes it. The server is shut down when the
// test ends.
func New(t testing.TB, opts Options) *Env {
	t.Helper()
	env := start(t, opts)
	caps := opts.Capabilities
	if caps == nil {
		caps = VSCodeCapabilities()
	}
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}
	if opts.InitializationOptions != nil {
		params["initializationOptions"] = opts.InitializationOptions
	}
	var res protocol.InitializeResult
	if err := env.Call(protocol.MethodInitialize, params, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	env.Result = &res
	env.Notify(protocol.MethodInitialized, map[string]any{})
	return env
}

// NewUninitialized starts a server and connects without initializing.
func NewUninitialized(t testing.TB) *Env {
	t.Helper()
	return start(t, Options{})
}

func start(t testing.TB, opts Options) *Env {
	cfg := service.DefaultConfig()
	if opts.Config != nil {
		cfg = *opts.Config
	}
	c := opts.Cache
	if c == nil {
		c = cache.OpenMemory(0)
	}
	open := opts.OpenStore
	if open == nil {
		open = func(service.Config, *slog.Logger) (lsp.Store, error) { return c, nil }
	}
	load := opts.LoadEngine
	if load == nil && opts.Engine != nil {
		load = func(context.Context, service.Config) (inference.Engine, error) { return opts.Engine, nil }
	}
	builtin := opts.Builtin
	if builtin == nil {
		builtin = func(service.Config) inference.Engine { return heuristic.New() }
	}
	logLevel := slog.LevelWarn
	if *debug {
		logLevel = slog.LevelDebug
	}
	srv := lsp.New(lsp.Options{
		Config:     cfg,
		Builtin:    builtin,
		LoadModel:  load,
		OpenStore:  open,
		StoreStats: opts.StoreStats,
		Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel})),
		Version:    "test",

		ParseTimeout: opts.ParseTimeout,
	})
	serverSide, clientSide := Pipe(t)
	ctx, cancel := context.WithCancel(context.Background())
	env := &Env{T: t, ctx: ctx, cancel: cancel, served: make(chan error, 1), version: map[uri.URI]int32{}}
	go func() { env.served <- srv.Serve(ctx, serverSide) }()
	env.Client = &Client{changed: make(chan struct{})}
	env.Conn = lsp.NewConn(clientSide)
	env.Conn.Go(ctx, env.Client.handle)
	t.Cleanup(env.Close)
	return env
}

// Close shuts the server down (shutdown + exit) and waits for it.
func (e *Env) Close() {
	if e.cancel == nil {
		return
	}
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	_, _ = e.Conn.Call(ctx, protocol.MethodShutdown, nil, nil)
	cancel()
	_ = e.Conn.Notify(e.ctx, protocol.MethodExit, nil)
	select {
	case <-e.served:
	case <-time.After(10 * time.Second):
		e.T.Errorf("server did not exit within 10s of exit")
	}
	e.cancel()
	e.Conn.Close()
	e.cancel = nil
}

// Call sends a request and decodes its result into result (may be nil).
func (e *Env) Call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(e.ctx, 30*time.Second)
	defer cancel()
	_, err := e.Conn.Call(ctx, method, params, result)
	return err
}

// Notify sends a notification.
func (e *Env) Notify(method string, params any) {
	e.T.Helper()
	if err := e.Conn.Notify(e.ctx, method, params); err != nil {
		e.T.Fatalf("notify %s: %v", method, err)
	}
}

// URI is the file URI of a test file name.
func URI(name string) uri.URI { return uri.File("/workspace/" + name) }

// Open opens a document.
func (e *Env) Open(name, languageID, text string) uri.URI {
	u := URI(name)
	e.version[u] = 1
	e.Notify(protocol.MethodTextDocumentDidOpen, map[string]any{
		"textDocument": map[string]any{"uri": u, "languageId": languageID, "version": 1, "text": text},
	})
	return u
}

// Edit is one incremental change: replace [Start, End) with Text.
type Edit struct {
	Start, End protocol.Position
	Text       string
}

// Change sends incremental edits as the next version of the document.
func (e *Env) Change(u uri.URI, edits ...Edit) {
	e.version[u]++
	changes := make([]map[string]any, len(edits))
	for i, ed := range edits {
		changes[i] = map[string]any{"range": protocol.Range{Start: ed.Start, End: ed.End}, "text": ed.Text}
	}
	e.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": u, "version": e.version[u]},
		"contentChanges": changes,
	})
}

// Pos is a protocol position.
func Pos(line, character uint32) protocol.Position {
	return protocol.Position{Line: line, Character: character}
}

// Hover returns the hover's markdown ("" for no hover).
func (e *Env) Hover(u uri.URI, pos protocol.Position) (string, error) {
	var raw json.RawMessage
	if err := e.Call(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": u}, "position": pos,
	}, &raw); err != nil {
		return "", err
	}
	if string(raw) == "null" || len(raw) == 0 {
		return "", nil
	}
	var h struct {
		Contents struct {
			Value string `json:"value"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return "", fmt.Errorf("hover result %s: %w", raw, err)
	}
	return h.Contents.Value, nil
}

// Lens is a code lens as the client sees it.
type Lens struct {
	Range   protocol.Range  `json:"range"`
	Command *LensCommand    `json:"command,omitempty"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// LensCommand is a lens's command.
type LensCommand struct {
	Title     string            `json:"title"`
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments"`
}

// CodeLenses requests the document's lenses.
func (e *Env) CodeLenses(u uri.URI) ([]Lens, error) {
	var lenses []Lens
	err := e.Call(protocol.MethodTextDocumentCodeLens, map[string]any{"textDocument": map[string]any{"uri": u}}, &lenses)
	return lenses, err
}

// ResolveLens resolves an unresolved lens.
func (e *Env) ResolveLens(l Lens) (Lens, error) {
	var out Lens
	err := e.Call(protocol.MethodCodeLensResolve, l, &out)
	return out, err
}

// Action is a code action as the client sees it.
type Action struct {
	Title   string                  `json:"title"`
	Kind    string                  `json:"kind"`
	Command *LensCommand            `json:"command,omitempty"`
	Edit    *protocol.WorkspaceEdit `json:"edit,omitempty"`
	Data    json.RawMessage         `json:"data,omitempty"`
}

// CodeActions requests the actions at a position.
func (e *Env) CodeActions(u uri.URI, pos protocol.Position) ([]Action, error) {
	var actions []Action
	err := e.Call(protocol.MethodTextDocumentCodeAction, map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        protocol.Range{Start: pos, End: pos},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	return actions, err
}

// ResolveAction resolves a code action.
func (e *Env) ResolveAction(a Action) (Action, error) {
	var out Action
	err := e.Call(protocol.MethodCodeActionResolve, a, &out)
	return out, err
}

// Execute runs workspace/executeCommand and decodes the result.
func (e *Env) Execute(command string, result any, args ...any) error {
	return e.Call(protocol.MethodWorkspaceExecuteCommand, map[string]any{"command": command, "arguments": args}, result)
}

// ErrorCode returns the JSON-RPC code of err, or 0.
func ErrorCode(err error) int64 {
	var je *jsonrpc2.Error
	if errors.As(err, &je) {
		return int64(je.Code)
	}
	return 0
}
