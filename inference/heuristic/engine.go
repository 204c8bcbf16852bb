// Package heuristic is the built-in summarizer that needs no model: it
// reads a chunk's doc comment when there is one, and otherwise writes a
// sentence from the chunk's name, signature and syntactic facts. Its output
// is deterministic and cheap enough to serve as the instant hover fallback.
package heuristic

import (
	"context"
	"strconv"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Revision changes whenever the engine's output for some chunk changes, so
// caches keyed by the fingerprint never serve stale summaries.
const Revision = 2

// name is the engine name reported in results.
const name = "heuristic"

// Engine is the heuristic engine. It holds no state and is safe for
// concurrent use.
type Engine struct{}

var _ inference.Overviewer = (*Engine)(nil)

// New returns the heuristic engine.
func New() *Engine { return &Engine{} }

// Name returns "heuristic".
func (*Engine) Name() string { return name }

// Fingerprint identifies the engine and its output revision.
func (*Engine) Fingerprint() string { return fingerprint }

var fingerprint = name + "/r" + strconv.Itoa(Revision)

// Summarize returns the chunk's summary and hover details. It fails only
// when ctx is already done.
func (*Engine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	if err := ctx.Err(); err != nil {
		return inference.Result{}, err
	}
	return Describe(req.Chunk), nil
}

// Overview describes a whole file; see the package function Overview.
func (*Engine) Overview(file analysis.FileInfo) string { return Overview(file) }

// Describe summarizes a chunk without a context: the first sentence of its
// doc comment (FromDoc set) when present, else a generated sentence, plus
// detail lines for a hover. It is cheap (microseconds) and safe for
// concurrent use.
func Describe(c analysis.Chunk) inference.Result {
	res := inference.Result{Engine: name, Details: details(c)}
	if s := analysis.FirstSentence(c.Doc); s != "" {
		res.Summary, res.FromDoc = s, true
		return res
	}
	res.Summary = generate(c)
	return res
}
