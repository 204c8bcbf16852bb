package lsp_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// stepModel is a slow model engine that answers one call per token sent on
// release, numbering its answers.
type stepModel struct {
	release chan struct{}
	n       atomic.Int32
}

func (m *stepModel) Name() string        { return "fake-model" }
func (m *stepModel) Fingerprint() string { return "step-model-1" }
func (m *stepModel) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	select {
	case <-m.release:
		n := m.n.Add(1)
		return inference.Result{Summary: fmt.Sprintf("Model summary %d of %s.", n, req.Chunk.Name), Engine: "fake-model"}, nil
	case <-ctx.Done():
		return inference.Result{}, ctx.Err()
	}
}

// waitHover hovers at pos until the markdown contains want.
func waitHover(t *testing.T, env *lsptest.Env, u uri.URI, pos protocol.Position, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		md, err := env.Hover(u, pos)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(md, want) {
			return md
		}
		if time.Now().After(deadline) {
			t.Fatalf("hover never showed %q:\n%s", want, md)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEditedFunctionShowsPreviousSummaryOutdated edits a function whose
// model summary is known: until the model's new summary lands, its hover
// and lens show the previous one marked "⟳ updating" (never the built-in
// sentence), and the mark goes when the new summary lands.
func TestEditedFunctionShowsPreviousSummaryOutdated(t *testing.T) {
	m := &stepModel{release: make(chan struct{}, 4)}
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.ModelPath = "onnx", "/models/fake"
	cfg.BackgroundSummaries = false
	cfg.HoverBudgetMs = 50
	env := lsptest.New(t, lsptest.Options{Config: &cfg, Engine: m})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using fake-model")
	}, 30*time.Second)
	u := env.Open("shapes.go", "go", goSource)
	pos := lsptest.Pos(12, 3) // inside parseConfigFile
	m.release <- struct{}{}
	if md := waitHover(t, env, u, pos, "Model summary 1 of parseConfigFile"); strings.Contains(md, "updating") {
		t.Fatalf("first summary marked updating:\n%s", md)
	}

	env.Change(u, lsptest.Edit{Start: lsptest.Pos(10, 0), End: lsptest.Pos(10, 0), Text: "\t_ = 1\n"})
	md, err := env.Hover(u, pos)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Model summary 1 of parseConfigFile") || !strings.Contains(md, "⟳ updating") {
		t.Fatalf("hover after the edit should show the previous summary marked updating:\n%s", md)
	}
	lenses, err := env.CodeLenses(u)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range lenses {
		if l.Command != nil && strings.HasPrefix(l.Command.Title, "⟳ Model summary 1 of parseConfigFile") {
			found = true
		}
	}
	if !found {
		t.Errorf("no lens shows the previous summary marked outdated: %+v", lenses)
	}

	m.release <- struct{}{}
	if md := waitHover(t, env, u, pos, "Model summary 2 of parseConfigFile"); strings.Contains(md, "updating") {
		t.Errorf("new summary still marked updating:\n%s", md)
	}
}
