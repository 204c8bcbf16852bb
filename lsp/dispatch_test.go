package lsp_test

import (
	"context"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// panickyEngine is the built-in engine, except that it panics on chunks
// named "boom" — the built-in engine runs inline in request handlers.
type panickyEngine struct{ *heuristic.Engine }

func (e panickyEngine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	if req.Chunk.Name == "boom" {
		panic("index out of range [3] with length 3")
	}
	return e.Engine.Summarize(ctx, req)
}

// TestPanickingHandlerAnswersInternalError: a panic in one request answers
// that request with InternalError; the connection and the next requests
// carry on.
func TestPanickingHandlerAnswersInternalError(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{Builtin: func(service.Config) inference.Engine { return panickyEngine{heuristic.New()} }})
	u := env.Open("boom.go", "go", "package p\n\nfunc boom() {}\n\nfunc fine() {}\n")
	_, err := env.Hover(u, lsptest.Pos(2, 6))
	if code := lsptest.ErrorCode(err); code != int64(jsonrpc2.InternalError) || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("hover on the panicking chunk: %v (code %d), want InternalError naming the panic", err, code)
	}
	md, err := env.Hover(u, lsptest.Pos(4, 6))
	if err != nil || !strings.Contains(md, "fine") {
		t.Fatalf("the next hover = %q, %v; want it served", md, err)
	}
}
