package service

import (
	"context"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Summarizable are the chunks that get summaries without being asked:
// every chunk but the line windows of languages without a grammar.
func Summarizable(chunks []analysis.Chunk) []analysis.Chunk {
	all := analysis.Flatten(chunks)
	out := all[:0:0]
	for _, c := range all {
		if c.Kind != analysis.KindWindow {
			out = append(out, c)
		}
	}
	return out
}

// Explainable are the chunks an explanation covers: functions and their
// containers, or the line windows of a language without a grammar.
func Explainable(file analysis.FileInfo) []analysis.Chunk {
	if chunks := Summarizable(file.Chunks); len(chunks) > 0 {
		return chunks
	}
	return analysis.Flatten(file.Chunks)
}

// Requests are the requests for chunks of file.
func Requests(file analysis.FileInfo, chunks []analysis.Chunk) []inference.Request {
	reqs := make([]inference.Request, len(chunks))
	for i, c := range chunks {
		reqs[i] = inference.Request{Chunk: c, File: file}
	}
	return reqs
}

// FileExplanation is a file's overview and the summaries of its
// explainable chunks, in document order.
type FileExplanation struct {
	File      analysis.FileInfo
	Overview  string
	Chunks    []analysis.Chunk
	Summaries []Summary
}

// ExplainFile summarizes every explainable chunk of file callees first
// (see ExplainTree; report is called once for each chunk i, in that order)
// and describes the file.
func (s *Summarizer) ExplainFile(ctx context.Context, file analysis.FileInfo, report func(i int, sum Summary)) (FileExplanation, error) {
	chunks := Explainable(file)
	sums, err := s.calleesFirst(ctx, file, chunks, report)
	if err != nil {
		return FileExplanation{}, err
	}
	return FileExplanation{File: file, Overview: s.overview(file), Chunks: chunks, Summaries: sums}, nil
}

// overview is the built-in engine's description of the file.
func (s *Summarizer) overview(file analysis.FileInfo) string {
	if b := s.cur.Load(); b != nil {
		if o, ok := b.builtin.(inference.Overviewer); ok {
			return o.Overview(file)
		}
	}
	return ""
}

// Markdown renders the explanation under title, its fixed words in the
// summary language lang.
func (e FileExplanation) Markdown(title, lang string) string {
	entries := make([]inference.FileEntry, len(e.Chunks))
	for i, c := range e.Chunks {
		entries[i] = inference.FileEntry{Chunk: c, Result: e.Summaries[i].Result, Fallback: e.Summaries[i].Fallback}
	}
	return inference.RenderFile(title, e.Overview, entries, lang)
}
