package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// folderFixture writes a small Go package and returns its folder.
func folderFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"doc.go":    "// Package shapes measures shapes.\npackage shapes\n",
		"circle.go": "package shapes\n\n// Area returns the area of a circle.\nfunc Area(r float64) float64 { return 3.14 * r * r }\n",
		"sub/x.py":  "def helper():\n    return 1\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func openFile(env *lsptest.Env, path, lang, text string) uri.URI {
	u := uri.File(path)
	env.Notify(protocol.MethodTextDocumentDidOpen, map[string]any{
		"textDocument": map[string]any{"uri": u, "languageId": lang, "version": 1, "text": text},
	})
	return u
}

func TestExplainFolderCommand(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	dir := folderFixture(t)
	// The editor's unsaved text is what gets explained.
	unsaved := "package shapes\n\n// Area returns the area of a circle.\nfunc Area(r float64) float64 { return 3.14 * r * r }\n\n// Perimeter returns the perimeter of a circle.\nfunc Perimeter(r float64) float64 { return 6.28 * r }\n"
	u := openFile(env, filepath.Join(dir, "circle.go"), "go", unsaved)

	// Before any explanation, a hover on the package clause shows nothing.
	if md, err := env.Hover(u, lsptest.Pos(0, 3)); err != nil || md != "" {
		t.Errorf("hover before explain folder = %q, %v", md, err)
	}
	actions, err := env.CodeActions(u, lsptest.Pos(3, 6))
	if err != nil {
		t.Fatal(err)
	}
	var action *lsptest.Action
	for i := range actions {
		if actions[i].Title == "Explain this package" {
			action = &actions[i]
		}
	}
	if action == nil || action.Command == nil || action.Command.Command != lsp.CommandExplainFolder {
		t.Fatalf("no explain-package action in %+v", actions)
	}

	var md string
	err = env.Call(protocol.MethodWorkspaceExecuteCommand, map[string]any{
		"command": lsp.CommandExplainFolder, "arguments": action.Command.Arguments, "workDoneToken": "fold-1",
	}, &md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Package shapes measures shapes.", "### `circle.go`", "Perimeter returns the perimeter of a circle.", "## `sub/`", "`helper`"} {
		if !strings.Contains(strings.ReplaceAll(md, `\`, ""), want) {
			t.Errorf("explain folder lacks %q:\n%s", want, md)
		}
	}
	var kinds []string
	for _, m := range env.Client.Received(protocol.MethodProgress) {
		var p struct {
			Token string `json:"token"`
			Value struct {
				Kind, Message string
			} `json:"value"`
		}
		if err := json.Unmarshal(m.Params, &p); err == nil && p.Token == "fold-1" {
			kinds = append(kinds, p.Value.Kind+" "+p.Value.Message)
		}
	}
	if got := strings.Join(kinds, ", "); !strings.HasPrefix(got, "begin 0/3, report") || !strings.HasSuffix(got, "report 3/3, end 3 files, 3 recomputed") {
		t.Errorf("progress %q", got)
	}
	env.Client.WaitFor(t, protocol.MethodWindowShowDocument, nil, 30*time.Second)

	// Now the package clause's hover shows the package overview.
	hover, err := env.Hover(u, lsptest.Pos(0, 3))
	if err != nil || !strings.Contains(hover, "folder overview") || !strings.Contains(hover, "Package shapes measures shapes.") {
		t.Errorf("hover on the package clause = %q, %v", hover, err)
	}
	// A Python module's docstring stands for its package clause.
	py := openFile(env, filepath.Join(dir, "sub", "x.py"), "python", "\"\"\"Helpers.\"\"\"\n\ndef helper():\n    return 1\n")
	if hover, err := env.Hover(py, lsptest.Pos(0, 1)); err != nil || !strings.Contains(hover, "`sub/`") || !strings.Contains(hover, "folder overview") {
		t.Errorf("hover on the module docstring = %q, %v", hover, err)
	}
	// Elsewhere hovers are the function's, as before.
	if hover, err := env.Hover(u, lsptest.Pos(3, 6)); err != nil || !strings.Contains(hover, "Area") {
		t.Errorf("hover on Area = %q, %v", hover, err)
	}
}

func TestExplainFolderCancelledFromTheProgressUI(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.Slots = 1 })
	dir := folderFixture(t)
	errc := make(chan error, 1)
	go func() {
		errc <- env.Execute(lsp.CommandExplainFolder, nil, uri.File(dir))
	}()
	<-m.started
	cancelFromProgressUI(t, env, errc, "explain folder")
	deadline := time.Now().Add(5 * time.Second)
	for m.cancels.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the running model job was not cancelled")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestExplainFolderBadArgument(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	err := env.Execute(lsp.CommandExplainFolder, nil, uri.File(filepath.Join(t.TempDir(), "missing", "x.go")))
	if lsptest.ErrorCode(err) != int64(jsonrpc2.InvalidParams) {
		t.Errorf("explain folder of a missing folder: %v, want InvalidParams", err)
	}
}
