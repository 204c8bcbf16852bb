package lsp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

const goSource = `package shapes

import "math"

// Area returns the area of a circle with radius r.
func Area(r float64) float64 {
	return math.Pi * r * r
}

func parseConfigFile(path string) (map[string]string, error) {
	out := map[string]string{}
	for _, line := range strings.Split(path, "\n") {
		if line == "" {
			continue
		}
		out[line] = line
	}
	return out, nil
}
`

const pySource = `import os


def load_settings(path):
    """Load the settings file at path."""
    with open(path) as f:
        return f.read()


class Store:
    def __init__(self, root):
        self.root = root

    def save(self, key, value):
        self.count = 1
        return os.path.join(self.root, key)
`

// fakeModel is a controllable model engine: each Summarize call announces
// itself on started and returns when gate is closed (or its ctx ends).
type fakeModel struct {
	gate    chan struct{}
	started chan string
	calls   atomic.Int32
	cancels atomic.Int32
}

func newFakeModel() *fakeModel {
	return &fakeModel{gate: make(chan struct{}), started: make(chan string, 100)}
}

func (f *fakeModel) Name() string        { return "fake-model" }
func (f *fakeModel) Fingerprint() string { return "fake-model-1" }
func (f *fakeModel) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	f.calls.Add(1)
	select {
	case f.started <- req.Chunk.Name:
	default:
	}
	select {
	case <-f.gate:
		return inference.Result{Summary: "Model summary of " + req.Chunk.Name + ".", Engine: "fake-model"}, nil
	case <-ctx.Done():
		f.cancels.Add(1)
		return inference.Result{}, ctx.Err()
	}
}

// modelEnv starts a server whose model engine is m and waits until the
// model is in use.
func modelEnv(t *testing.T, m *fakeModel, mutate func(*service.Config)) *lsptest.Env {
	t.Helper()
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.ModelPath = "onnx", "/models/fake"
	cfg.BackgroundSummaries = false
	if mutate != nil {
		mutate(&cfg)
	}
	env := lsptest.New(t, lsptest.Options{Config: &cfg, Engine: m})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using fake-model")
	}, 30*time.Second)
	return env
}

func TestInitializeAdvertisesFeatures(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	raw, err := protocol.Marshal(env.Result.Capabilities)
	if err != nil {
		t.Fatal(err)
	}
	var caps map[string]any
	if err := json.Unmarshal(raw, &caps); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"hoverProvider", "codeLensProvider", "codeActionProvider", "executeCommandProvider", "textDocumentSync"} {
		if caps[key] == nil {
			t.Errorf("capability %s missing in %s", key, raw)
		}
	}
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding = %v, want utf-16 for a client that offers nothing else", caps["positionEncoding"])
	}
}

func TestHoverShowsSummary(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("shapes.go", "go", goSource)
	tests := []struct {
		name string
		pos  protocol.Position
		want []string
	}{
		{"doc comment", lsptest.Pos(5, 6), []string{"Area", "Area returns the area of a circle with radius r", "from its doc comment"}},
		{"generated", lsptest.Pos(12, 3), []string{"parseConfigFile", "config file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, err := env.Hover(u, tt.pos)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(strings.ReplaceAll(md, `\`, ""), w) {
					t.Errorf("hover at %v lacks %q:\n%s", tt.pos, w, md)
				}
			}
		})
	}
	md, err := env.Hover(u, lsptest.Pos(2, 3)) // the import line: no function
	if err != nil || md != "" {
		t.Errorf("hover outside functions = %q, %v; want nothing", md, err)
	}
}

func TestHoverFollowsEdits(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("shapes.go", "go", goSource)
	// Insert five lines above Area: the function moves down by five lines.
	env.Change(u, lsptest.Edit{Start: lsptest.Pos(3, 0), End: lsptest.Pos(3, 0), Text: "var a = 1\nvar b = 2\nvar c = 3\nvar d = 4\nvar e = 5\n"})
	md, err := env.Hover(u, lsptest.Pos(10, 6))
	if err != nil || !strings.Contains(md, "Area") {
		t.Fatalf("hover on the moved Area = %q, %v", md, err)
	}
	if md, _ := env.Hover(u, lsptest.Pos(5, 6)); strings.Contains(md, "Area") {
		t.Errorf("old position still shows Area:\n%s", md)
	}
	// Rename Area to Volume in place: the hover follows the new text.
	env.Change(u, lsptest.Edit{Start: lsptest.Pos(10, 5), End: lsptest.Pos(10, 9), Text: "Volume"})
	md, err = env.Hover(u, lsptest.Pos(10, 6))
	if err != nil || !strings.Contains(md, "Volume") {
		t.Fatalf("hover after rename = %q, %v", md, err)
	}
}

func TestHoverUTF16Positions(t *testing.T) {
	// Emoji are two UTF-16 units and four bytes; CJK one unit and three
	// bytes. A server counting bytes would land inside the comment.
	src := "package p\n\n/* 😀😀 漢字 */ func second() int { return 2 }\n"
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("utf.go", "go", src)
	col := uint32(len(utf16Units("/* 😀😀 漢字 */ func s")))
	md, err := env.Hover(u, lsptest.Pos(2, col))
	if err != nil || !strings.Contains(md, "second") {
		t.Fatalf("hover at UTF-16 column %d = %q, %v", col, md, err)
	}
	// The same edit expressed in UTF-16: replace "second" by "third".
	start := uint32(len(utf16Units("/* 😀😀 漢字 */ func ")))
	env.Change(u, lsptest.Edit{Start: lsptest.Pos(2, start), End: lsptest.Pos(2, start+6), Text: "third"})
	md, err = env.Hover(u, lsptest.Pos(2, col))
	if err != nil || !strings.Contains(md, "third") {
		t.Fatalf("hover after UTF-16 edit = %q, %v", md, err)
	}
}

func TestHoverWaitsForModelThenFallsBack(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.HoverBudgetMs = 50 })
	u := env.Open("shapes.go", "go", goSource)
	md, err := env.Hover(u, lsptest.Pos(12, 3))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "model summary pending") || !strings.Contains(strings.ReplaceAll(md, `\`, ""), "config file") {
		t.Fatalf("hover before the model answers should show the built-in summary, marked pending:\n%s", md)
	}
	close(m.gate)
	// The job went on after the hover gave up waiting: the next hover is
	// answered from the cache without a second model call.
	deadline := time.Now().Add(10 * time.Second)
	for {
		md, err = env.Hover(u, lsptest.Pos(12, 3))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(md, "Model summary of parseConfigFile") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("model summary never arrived:\n%s", md)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The hover that first sees it may have joined the finishing job; the
	// one after it reads the cache.
	if md, err = env.Hover(u, lsptest.Pos(12, 3)); err != nil || !strings.Contains(md, "cached") {
		t.Errorf("a hover after the model's summary landed should come from the cache (%v):\n%s", err, md)
	}
	if n := m.calls.Load(); n != 1 {
		t.Errorf("model called %d times, want 1", n)
	}
}

func TestHoverResultForOldVersionIsDropped(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.HoverBudgetMs = 10_000 })
	u := env.Open("shapes.go", "go", goSource)
	type result struct {
		md  string
		err error
	}
	done := make(chan result, 1)
	go func() {
		md, err := env.Hover(u, lsptest.Pos(12, 3))
		done <- result{md, err}
	}()
	<-m.started
	env.Change(u, lsptest.Edit{Start: lsptest.Pos(0, 0), End: lsptest.Pos(0, 0), Text: "// moved\n"})
	// The read loop handles the change before the model finishes.
	if md, err := env.Hover(u, lsptest.Pos(1, 0)); err != nil || md != "" {
		t.Fatalf("sync hover = %q, %v", md, err)
	}
	close(m.gate)
	r := <-done
	if r.err != nil || r.md != "" {
		t.Fatalf("hover computed for version 1 shown after version 2: %q, %v", r.md, r.err)
	}
}

// TestCodeLensesAndResolve checks one lens per function and container,
// each resolved to its summary — except a documented function's, whose
// built-in summary would repeat the doc comment printed right above it: it
// says "Explain" unless lensRepeatsDocComment is set.
func TestCodeLensesAndResolve(t *testing.T) {
	for _, repeat := range []bool{false, true} {
		t.Run(fmt.Sprintf("lensRepeatsDocComment=%v", repeat), func(t *testing.T) {
			cfg := service.DefaultConfig()
			cfg.LensRepeatsDoc = repeat
			env := lsptest.New(t, lsptest.Options{Config: &cfg})
			u := env.Open("store.py", "python", pySource)
			lenses, err := env.CodeLenses(u)
			if err != nil {
				t.Fatal(err)
			}
			// load_settings, Store, Store.__init__, Store.save.
			wantLines := []uint32{3, 9, 10, 13}
			if len(lenses) != len(wantLines) {
				t.Fatalf("got %d lenses, want %d: %+v", len(lenses), len(wantLines), lenses)
			}
			var titles []string
			for i, l := range lenses {
				if l.Range.Start.Line != wantLines[i] {
					t.Errorf("lens %d on line %d, want %d", i, l.Range.Start.Line, wantLines[i])
				}
				if l.Command == nil {
					resolved, err := env.ResolveLens(l)
					if err != nil {
						t.Fatalf("resolve lens %d: %v", i, err)
					}
					l = resolved
				}
				if l.Command == nil || l.Command.Title == "" || i > 0 && l.Command.Title == "Explain" || l.Command.Command != lsp.CommandExplainFunction {
					t.Fatalf("lens %d not resolved to a summary: %+v", i, l.Command)
				}
				titles = append(titles, l.Command.Title)
			}
			if got := strings.Contains(titles[0], "Load the settings file at path"); got != repeat {
				t.Errorf("lens of load_settings = %q; repeats its docstring: %v, want %v", titles[0], got, repeat)
			}
			if !repeat && titles[0] != "Explain" {
				t.Errorf("lens of documented load_settings = %q, want Explain", titles[0])
			}
		})
	}
}

func TestCodeLensResolveForStaleVersionShowsNoSummary(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, nil)
	u := env.Open("shapes.go", "go", goSource)
	lenses, err := env.CodeLenses(u)
	if err != nil || len(lenses) != 2 {
		t.Fatalf("lenses = %+v, %v", lenses, err)
	}
	env.Change(u, lsptest.Edit{Start: lsptest.Pos(0, 0), End: lsptest.Pos(0, 0), Text: "\n"})
	l, err := env.ResolveLens(lenses[1])
	if err != nil {
		t.Fatal(err)
	}
	if l.Command == nil || l.Command.Title != "Explain" {
		t.Errorf("stale lens resolved to %+v, want a plain Explain", l.Command)
	}
	if m.calls.Load() != 0 {
		t.Errorf("a stale lens started %d model jobs", m.calls.Load())
	}
}

func TestCodeActions(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("shapes.go", "go", goSource)
	actions, err := env.CodeActions(u, lsptest.Pos(12, 3))
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]lsptest.Action{}
	for _, a := range actions {
		titles[a.Title] = a
	}
	for _, want := range []string{"Explain function", "Explain file", "Insert summary as doc comment"} {
		if _, ok := titles[want]; !ok {
			t.Errorf("missing action %q in %+v", want, actions)
		}
	}
	insert, err := env.ResolveAction(titles["Insert summary as doc comment"])
	if err != nil {
		t.Fatal(err)
	}
	edits := insert.Edit.Changes[u]
	if len(edits) != 1 || edits[0].Range.Start.Line != 9 || !strings.HasPrefix(edits[0].NewText, "// parseConfigFile ") || !strings.HasSuffix(edits[0].NewText, "\n") {
		t.Fatalf("insert doc comment edit = %+v", edits)
	}
	// Area already has a doc comment: no insert action.
	actions, err = env.CodeActions(u, lsptest.Pos(5, 6))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if a.Title == "Insert summary as doc comment" {
			t.Errorf("insert offered for a documented function")
		}
	}
}

func TestCodeActionWithoutResolveCarriesEdit(t *testing.T) {
	caps := lsptest.VSCodeCapabilities()
	caps.TextDocument.CodeAction = nil
	env := lsptest.New(t, lsptest.Options{Capabilities: caps})
	u := env.Open("store.py", "python", pySource)
	actions, err := env.CodeActions(u, lsptest.Pos(14, 10))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range actions {
		if a.Title != "Insert summary as doc comment" {
			continue
		}
		edits := a.Edit.Changes[u]
		if len(edits) != 1 || edits[0].Range.Start.Line != 14 || !strings.HasPrefix(edits[0].NewText, `        """`) {
			t.Fatalf("python docstring edit = %+v", edits)
		}
		return
	}
	t.Fatalf("no insert action in %+v", actions)
}

func TestExplainCommands(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("shapes.go", "go", goSource)
	var md string
	if err := env.Execute(lsp.CommandExplainFile, &md, u); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# Explain shapes.go", "Area", "parseConfigFile", "Area returns the area of a circle"} {
		if !strings.Contains(strings.ReplaceAll(md, `\`, ""), want) {
			t.Errorf("explain file lacks %q:\n%s", want, md)
		}
	}
	shown := env.Client.WaitFor(t, protocol.MethodWindowShowDocument, nil, 30*time.Second)
	checkPrivateFile(t, shown)
	if err := env.Execute(lsp.CommandExplainFunction, &md, u, lsptest.Pos(5, 6)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Area") || !strings.Contains(md, "```go") {
		t.Errorf("explain function = %s", md)
	}
	var st map[string]any
	if err := env.Execute(lsp.CommandStatus, &st); err != nil || st["engine"] != "heuristic" {
		t.Errorf("status = %v, %v", st, err)
	}
}

func TestExplainFileReportsProgressAndCancels(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.Slots = 1 })
	u := env.Open("store.py", "python", pySource)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		errc <- protocol.Call(ctx, env.Conn, protocol.MethodWorkspaceExecuteCommand, map[string]any{
			"command": lsp.CommandExplainFile, "arguments": []any{u}, "workDoneToken": "tok-1",
		}, nil)
	}()
	<-m.started
	env.Client.WaitFor(t, protocol.MethodProgress, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), `"begin"`) && strings.Contains(string(msg.Params), "tok-1")
	}, 30*time.Second)
	cancel() // protocol.Call sends $/cancelRequest for the call
	if err := <-errc; err == nil {
		t.Fatal("cancelled explain file returned no error")
	}
	// The server cancels the running model job: its context ends.
	deadline := time.Now().Add(5 * time.Second)
	for m.cancels.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the running model job was not cancelled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestProtocolErrors(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	err := env.Call("textDocument/notAThing", map[string]any{}, nil)
	if lsptest.ErrorCode(err) != int64(jsonrpc2.MethodNotFound) {
		t.Errorf("unknown method: %v", err)
	}
	err = env.Call(protocol.MethodTextDocumentHover, map[string]any{"textDocument": 42, "position": "x"}, nil)
	if lsptest.ErrorCode(err) != int64(jsonrpc2.InvalidParams) {
		t.Errorf("malformed hover params: %v", err)
	}
	err = env.Execute("summarizer.nope", nil)
	if lsptest.ErrorCode(err) != int64(jsonrpc2.InvalidParams) {
		t.Errorf("unknown command: %v", err)
	}
	// A malformed notification is logged, and the connection survives it.
	env.Notify(protocol.MethodTextDocumentDidOpen, map[string]any{"textDocument": "oops"})
	u := env.Open("shapes.go", "go", goSource)
	if md, err := env.Hover(u, lsptest.Pos(5, 6)); err != nil || md == "" {
		t.Errorf("server unusable after a malformed notification: %q, %v", md, err)
	}
}

func TestRequestBeforeInitialize(t *testing.T) {
	env := lsptest.NewUninitialized(t)
	err := env.Call(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": "file:///a.go"}, "position": lsptest.Pos(0, 0),
	}, nil)
	if lsptest.ErrorCode(err) != int64(jsonrpc2.ServerNotInitialized) {
		t.Errorf("hover before initialize: %v, want ServerNotInitialized", err)
	}
}

func TestOddDocuments(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	huge := strings.Repeat("func f() {\n\tx := 1\n\t_ = x\n}\n\n", 20<<20/28) // ~20 MB
	tests := []struct {
		name, file, lang, text string
		pos                    protocol.Position
		wantHover              bool
	}{
		{"invalid UTF-8", "bad.go", "go", "package p\n\nfunc bad() string { return \"\xff\xfe\" }\n", lsptest.Pos(2, 6), true},
		{"binary", "blob.go", "go", "\x00\x01\x02ELF\x00\x00func x() {}", lsptest.Pos(0, 1), false},
		{"unknown language", "notes.zig", "zig", "const std = @import(\"std\");\n\npub fn main() void {}\n", lsptest.Pos(2, 3), true},
		{"20 MB", "huge.go", "go", "package p\n\n" + huge, lsptest.Pos(3, 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := env.Open(tt.file, tt.lang, tt.text)
			md, err := env.Hover(u, tt.pos)
			if err != nil {
				t.Fatal(err)
			}
			if (md != "") != tt.wantHover {
				t.Errorf("hover = %q, want hover: %v", md, tt.wantHover)
			}
			if _, err := env.CodeLenses(u); err != nil {
				t.Errorf("code lenses: %v", err)
			}
		})
	}
}

func TestConfigurationChangeSwitchesEngine(t *testing.T) {
	m := newFakeModel()
	close(m.gate)
	cfg := service.DefaultConfig()
	env := lsptest.New(t, lsptest.Options{Config: &cfg, Engine: m})
	var st map[string]any
	if err := env.Execute(lsp.CommandStatus, &st); err != nil || st["engine"] != "heuristic" {
		t.Fatalf("status = %v, %v", st, err)
	}
	env.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{
		"settings": map[string]any{"summarizer": map[string]any{"modelPath": "/models/fake"}},
	})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using fake-model")
	}, 30*time.Second)
	if err := env.Execute(lsp.CommandStatus, &st); err != nil || st["engine"] != "fake-model" {
		t.Fatalf("status after switch = %v, %v", st, err)
	}
	// An invalid setting is refused with a message and changes nothing.
	env.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"slots": 0}})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "slots must be between 1 and 100")
	}, 30*time.Second)
}

func TestModelLoadFailureKeepsBuiltInEngine(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.ModelPath = "/models/missing"
	env := lsptest.New(t, lsptest.Options{Config: &cfg, LoadEngine: func(context.Context, service.Config) (inference.Engine, error) {
		return nil, errMissingModel
	}})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "model failed to load")
	}, 30*time.Second)
	u := env.Open("shapes.go", "go", goSource)
	if md, err := env.Hover(u, lsptest.Pos(5, 6)); err != nil || !strings.Contains(md, "heuristic") {
		t.Errorf("hover after failed model load = %q, %v", md, err)
	}
}

var errMissingModel = &modelError{"config.json not found"}

type modelError struct{ msg string }

func (e *modelError) Error() string { return e.msg }

func TestBackgroundSummariesRefreshLenses(t *testing.T) {
	m := newFakeModel()
	close(m.gate)
	cfg := service.DefaultConfig()
	cfg.ModelPath = "/models/fake"
	env := lsptest.New(t, lsptest.Options{Config: &cfg, Engine: m})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using fake-model")
	}, 30*time.Second)
	refreshes := func() int { return len(env.Client.Received(protocol.MethodWorkspaceCodeLensRefresh)) }
	seen := refreshes()
	u := env.Open("store.py", "python", pySource)
	// The engine swap that sent the message asks for a refresh too, and it
	// may come after this point: after each refresh, look again, until one
	// finds every lens resolved from the cache.
	deadline := time.Now().Add(30 * time.Second)
	for {
		for refreshes() <= seen {
			if time.Now().After(deadline) {
				t.Fatal("no codeLens refresh found every lens resolved from the cache within 30s")
			}
			time.Sleep(10 * time.Millisecond)
		}
		seen = refreshes()
		lenses, err := env.CodeLenses(u)
		if err != nil {
			t.Fatal(err)
		}
		resolved := true
		for _, l := range lenses {
			resolved = resolved && l.Command != nil && strings.HasPrefix(l.Command.Title, "Model summary of")
		}
		if resolved {
			return
		}
	}
}

// utf16Units is s in UTF-16 code units.
func utf16Units(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			out = append(out, 0, 0)
		} else {
			out = append(out, 0)
		}
	}
	return out
}

func TestExplainFileCancelledFromTheProgressUI(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.Slots = 1 })
	u := env.Open("store.py", "python", pySource)
	errc := make(chan error, 1)
	go func() {
		errc <- env.Execute(lsp.CommandExplainFile, nil, u)
	}()
	<-m.started
	// Without a workDoneToken the server creates one and makes it cancellable.
	cancelFromProgressUI(t, env, errc, "explain file")
}

// cancelFromProgressUI cancels the command whose result errc will carry
// the way a user does, from its cancellable progress, and checks that the
// command ends with RequestCancelled.
func cancelFromProgressUI(t *testing.T, env *lsptest.Env, errc <-chan error, what string) {
	t.Helper()
	begin := env.Client.WaitFor(t, protocol.MethodProgress, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), `"begin"`) && strings.Contains(string(msg.Params), `"cancellable":true`)
	}, 30*time.Second)
	var p struct {
		Token json.RawMessage `json:"token"`
	}
	if err := json.Unmarshal(begin.Params, &p); err != nil {
		t.Fatal(err)
	}
	env.Notify(protocol.MethodWindowWorkDoneProgressCancel, map[string]any{"token": p.Token})
	select {
	case err := <-errc:
		if lsptest.ErrorCode(err) != int64(protocol.CodeRequestCancelled) {
			t.Fatalf("%s after cancel: %v, want RequestCancelled", what, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop after the user cancelled its progress", what)
	}
}

// checkPrivateFile checks that the explanation a showDocument opens is
// readable by the user alone (0600, in a 0700 folder): it says what the
// user's code does.
func checkPrivateFile(t *testing.T, shown lsptest.Message) {
	t.Helper()
	var p protocol.ShowDocumentParams
	if err := json.Unmarshal(shown.Params, &p); err != nil {
		t.Fatal(err)
	}
	file := uri.URI(p.URI).Path()
	for path, want := range map[string]os.FileMode{file: 0o600, filepath.Dir(file): 0o700} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", path, got, want)
		}
	}
}
