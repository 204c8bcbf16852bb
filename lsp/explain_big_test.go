package lsp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// TestExplainFileOfManyFunctionsWaitsForRoom explains a file of 2,000
// functions with a model that answers every request and a queue of 4:
// explainFile waits for room instead of overflowing the queue, so every
// function's summary in the result is the model's; a built-in one would
// have to be marked as a fallback.
func TestExplainFileOfManyFunctionsWaitsForRoom(t *testing.T) {
	m := newFakeModel()
	close(m.gate) // the model answers at once
	env := modelEnv(t, m, func(c *service.Config) { c.Slots, c.QueueSize = 2, 4 })
	var src strings.Builder
	src.WriteString("package big\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "\nfunc F%d(x int) int {\n\treturn x + %d\n}\n", i, i)
	}
	u := env.Open("big.go", "go", src.String())
	var md string
	if err := env.Execute(lsp.CommandExplainFile, &md, u); err != nil {
		t.Fatal(err)
	}
	entries := strings.Split(md, "\n### ")[1:]
	if len(entries) != 2000 {
		t.Fatalf("explanation has %d entries, want 2,000", len(entries))
	}
	var fallbacks []string
	for i, e := range entries {
		name := fmt.Sprintf("F%d", i)
		switch {
		case strings.Contains(e, "Model summary of "+name+"."):
		case strings.Contains(e, "built-in summary: the model did not answer"):
			fallbacks = append(fallbacks, name)
		default:
			t.Fatalf("entry %d is neither the model's summary nor a marked fallback:\n%s", i, e)
		}
	}
	if len(fallbacks) > 0 {
		t.Fatalf("%d of 2,000 summaries fell back though the model answers every request (the queue overflowed): %v", len(fallbacks), fallbacks[:min(10, len(fallbacks))])
	}
	if n := m.calls.Load(); n != 2000 {
		t.Errorf("the model was asked %d times, want once per function (2,000)", n)
	}
}
