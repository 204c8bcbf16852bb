package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// hover shows the summary of the innermost chunk under the cursor: a stored
// or built-in summary at once, else the model's within the hover budget,
// else a stand-in marked pending, so the user never has to hover twice to
// see something.
func (s *Server) hover(_ context.Context, params *protocol.HoverParams) (func(context.Context) (*protocol.Hover, error), error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	return func(ctx context.Context) (*protocol.Hover, error) {
		cfg, caps := s.config()
		if h := s.packageHover(snap, params.Position, caps.markdown); h != nil {
			return h, nil
		}
		c, ok := snap.chunkAt(params.Position)
		if !ok {
			return nil, nil
		}
		sum, err := s.svc.Get(ctx, snap.request(c), service.Wait{Priority: inference.Interactive, For: cfg.HoverBudget(), Detach: true})
		if err != nil {
			return nil, requestError("hover", err)
		}
		if sum.Fresh && !s.current(snap) {
			return nil, nil // we waited for the model and the user moved on: this is an old version's answer
		}
		return &protocol.Hover{Contents: hoverContents(c, sum, caps.markdown, cfg.SummaryLanguage)}, nil
	}, nil
}

// hoverContents renders a summary as markdown, or as plain text for
// clients that do not render markdown.
func hoverContents(c analysis.Chunk, sum service.Summary, markdown bool, lang string) *protocol.MarkupContent {
	if markdown {
		return &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: inference.RenderChunk(c, sum.Result, renderOptions(sum, lang))}
	}
	l := inference.LabelsFor(lang)
	out := c.Name + ": " + sum.Summary
	switch {
	case sum.Outdated:
		out += " (" + l.Outdated + ")"
	case sum.Pending:
		out += " (" + l.Pending + ")"
	}
	for _, d := range sum.Details {
		out += "\n" + d
	}
	return &protocol.MarkupContent{Kind: protocol.MarkupKindPlainText, Value: out}
}

// renderOptions are the marks a rendered summary carries.
func renderOptions(sum service.Summary, lang string) inference.RenderOptions {
	return inference.RenderOptions{
		Pending: sum.Pending && !sum.Outdated, Outdated: sum.Outdated, Fallback: sum.Fallback, Cached: sum.Cached,
		Signature: true, Details: true, Language: lang,
	}
}

// chunkAt returns the innermost chunk at a protocol position.
func (v *version) chunkAt(pos protocol.Position) (analysis.Chunk, bool) {
	return analysis.ChunkAt(v.file().Chunks, v.lines.offset(pos))
}

// request is the service request for chunk c of v.
func (v *version) request(c analysis.Chunk) inference.Request {
	return inference.Request{Chunk: c, File: v.file()}
}
