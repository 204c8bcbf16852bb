package e2e

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/inference/remote/ollamatest"
)

// TestNeovimHoverThroughOllama runs Neovim against a real `ollama serve`
// (the tiny random-weight model): the hover of a function shows the model's
// summary, with the engine named, not the built-in one.
func TestNeovimHoverThroughOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	ws := newWorkspace(t, "shapes.go")
	settings := ws.settings()
	settings["engine"], settings["endpoint"], settings["remoteModel"] = "ollama", srv.URL, ollamatest.Model
	// Wait for the model: a first request may load it.
	settings["maxNewTokens"], settings["hoverBudgetMs"], settings["backgroundSummaries"] = 8, 60000, false
	p := ws.path("shapes.go")
	fns := functions(declarations(t, p))
	spec := nvimSpec{Server: serverBinary(t), Root: ws.dir, Settings: settings,
		Files: []nvimFile{{Path: p, Hovers: fns[:1]}}, WaitMessage: "using ollama:" + ollamatest.Model}
	res := runNvim(t, ws, "nvim_plain.lua", spec)
	f := res.Files[0]
	if len(f.Hovers) != 1 {
		t.Fatalf("recorded %d hovers, want 1", len(f.Hovers))
	}
	md := f.Hovers[0].Text
	if !strings.Contains(md, "ollama:"+ollamatest.Model) || strings.Contains(md, "pending") {
		t.Fatalf("the hover should show the Ollama model's summary, engine named:\n%s\nserver log:\n%s", md, srv.Log())
	}
}
