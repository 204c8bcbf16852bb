// Package heuristic is the built-in summarizer that needs no model: it
// reads a chunk's doc comment when there is one, and otherwise writes a
// sentence from the chunk's name, signature and syntactic facts. Its output
// is deterministic and cheap enough to serve as the instant hover fallback.
package heuristic

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Revision changes whenever the engine's output for some chunk changes, so
// caches keyed by the fingerprint never serve stale summaries.
const Revision = 5

// name is the engine name reported in results.
const name = "heuristic"

// Engine is the heuristic engine. It is safe for concurrent use.
type Engine struct {
	zh bool // write Simplified Chinese

	// mu guards last: the style tally of the file last asked about.
	mu   sync.Mutex
	last fileTally
}

var _ inference.Overviewer = (*Engine)(nil)

// Option configures New.
type Option func(*Engine)

// Language makes the engine write summaries and labels in the language of
// a BCP-47 tag: Simplified Chinese for "zh" and its variants ("zh-CN",
// "zh-Hans"), English for anything else.
func Language(tag string) Option {
	return func(e *Engine) { e.zh = IsChinese(tag) }
}

// IsChinese reports whether a BCP-47 tag asks for Chinese.
func IsChinese(tag string) bool {
	tag = strings.ToLower(tag)
	return tag == "zh" || strings.HasPrefix(tag, "zh-") || strings.HasPrefix(tag, "zh_")
}

// New returns the heuristic engine, writing English unless an option says
// otherwise.
func New(opts ...Option) *Engine {
	e := &Engine{}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Name returns "heuristic".
func (*Engine) Name() string { return name }

// Fingerprint identifies the engine, its output revision and language.
func (e *Engine) Fingerprint() string {
	if e.zh {
		return fingerprint + "/zh"
	}
	return fingerprint
}

var fingerprint = name + "/r" + strconv.Itoa(Revision)

// Summarize returns the chunk's summary and hover details: the first
// sentence of its doc comment (FromDoc set) when present, else the
// sentence of a documented function of the file with a similar name, its
// words replaced by the chunk's, else a generated sentence in the style of
// the file's other documented functions. It is
// cheap (microseconds) and fails only when ctx is already done.
func (e *Engine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	if err := ctx.Err(); err != nil {
		return inference.Result{}, err
	}
	c := req.Chunk
	res := inference.Result{Engine: name, Details: details(c, e.zh)}
	if s := analysis.FirstSentence(c.Doc); s != "" {
		res.Summary, res.FromDoc = s, true
		return res, nil
	}
	st := e.learnStyle(req)
	cl := generate(c, st)
	if e.zh {
		res.Summary = chinese(cl)
		return res, nil
	}
	res.Summary = orElse(likeSiblings(c, st), english(cl, st, lastComponent(c.Name)))
	return withCallees(res, req.Callees), nil
}
