package lsp_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// steppedModel is a model engine that finishes one summary per step: each
// call announces its chunk on started, then waits for a step.
type steppedModel struct {
	started chan string
	step    chan struct{}
}

func (m *steppedModel) Name() string        { return "stepped-model" }
func (m *steppedModel) Fingerprint() string { return "stepped-model-1" }
func (m *steppedModel) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	m.started <- req.Chunk.Name
	select {
	case <-m.step:
		return inference.Result{Summary: "Summary of " + req.Chunk.Name + ".", Engine: "stepped-model"}, nil
	case <-ctx.Done():
		return inference.Result{}, ctx.Err()
	}
}

// TestVisibleFunctionsFirst summarizes a 30-function file in the
// background with one slot; while the first function runs, the client
// resolves the lens of F25 (on screen) and asks for code actions at F28
// (the cursor). Those two run next, before the rest of the file.
func TestVisibleFunctionsFirst(t *testing.T) {
	m := &steppedModel{started: make(chan string, 100), step: make(chan struct{})}
	cfg := service.DefaultConfig()
	cfg.Engine, cfg.ModelPath, cfg.Slots, cfg.HoverBudgetMs = "onnx", "/models/fake", 1, 0
	env := lsptest.New(t, lsptest.Options{Config: &cfg, Engine: m})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using stepped-model")
	}, 30*time.Second)
	var b strings.Builder
	b.WriteString("package p\n\n")
	for i := range 30 {
		fmt.Fprintf(&b, "func F%d() {}\n\n", i)
	}
	u := env.Open("thirty.go", "go", b.String())
	next := func() string {
		select {
		case name := <-m.started:
			return name
		case <-time.After(10 * time.Second):
			t.Fatal("no summary started")
			return ""
		}
	}
	// The background fan-out submits a few jobs at once: any of them may
	// run first.
	if first := next(); first != "F0" && first != "F1" {
		t.Fatalf("background work started with %s, want F0 or F1", first)
	}
	lenses, err := env.CodeLenses(u)
	if err != nil {
		t.Fatal(err)
	}
	line := func(i int) uint32 { return uint32(2 + 2*i) }
	var resolved bool
	for _, l := range lenses {
		if l.Range.Start.Line == line(25) && l.Command == nil {
			if _, err := env.ResolveLens(l); err != nil {
				t.Fatal(err)
			}
			resolved = true
		}
	}
	if !resolved {
		t.Fatalf("no unresolved lens at F25 among %d lenses", len(lenses))
	}
	if _, err := env.CodeActions(u, lsptest.Pos(line(28), 6)); err != nil {
		t.Fatal(err)
	}
	var order []string
	for range 4 {
		m.step <- struct{}{}
		order = append(order, next())
	}
	if order[0] != "F25" || order[1] != "F28" || order[2] == "F25" || order[2] == "F28" {
		t.Fatalf("after the first function the model ran %v, want F25 (lens on screen), F28 (cursor), then the rest of the file", order)
	}
	close(m.step)
}
