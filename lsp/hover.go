package lsp

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// hover shows the summary of the innermost chunk under the cursor. A cached
// summary answers at once; otherwise the hover waits up to the hover budget
// for the scheduled summary and then shows the built-in engine's summary,
// marked pending, so the user never has to hover twice to see something.
func (s *Server) hover(ctx context.Context, params *protocol.HoverParams) (any, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	c, ok := snap.chunkAt(params.Position)
	if !ok {
		return nil, nil
	}
	release(ctx)
	cfg, caps := s.config()
	sum, err := s.summarize(ctx, snap, c, inference.Interactive, cfg.HoverBudget())
	if err != nil {
		return nil, requestError("hover", err)
	}
	if !s.current(snap) {
		return nil, nil // the document changed while we waited: this result is for an old version
	}
	md := inference.RenderChunk(c, sum.Result, inference.RenderOptions{
		Pending: sum.pending, Cached: sum.cached, Signature: true, Details: true,
	})
	kind := protocol.MarkupKindMarkdown
	if !caps.markdown {
		kind = protocol.MarkupKindPlainText
		md = plainText(c, sum)
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: kind, Value: md}}, nil
}

// plainText is the hover for clients that do not render markdown.
func plainText(c analysis.Chunk, sum summary) string {
	out := c.Name + ": " + sum.Summary
	if sum.pending {
		out += " (model summary pending)"
	}
	for _, d := range sum.Details {
		out += "\n" + d
	}
	return out
}

// chunkAt returns the innermost chunk at a protocol position.
func (snap *snapshot) chunkAt(pos protocol.Position) (analysis.Chunk, bool) {
	return analysis.ChunkAt(snap.file.Chunks, snap.lines.offset(pos))
}

// current reports whether snap is still the document's current version.
func (s *Server) current(snap *snapshot) bool {
	d := s.docs.get(snap.uri)
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.version == snap.version
}
