package lsp

import (
	"context"
	"log/slog"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Batch summarizes whole files outside a language server session: the
// engine behind `summarizer-lsp explain`. It shares the server's cache keys,
// so the CLI and the editors warm the same cache.
type Batch struct {
	p *pipeline
}

// NewBatch runs engine on cfg.Slots slots, storing results in c. isModel
// marks a model engine (its fallbacks are the built-in engine's summaries).
// Caller must Close.
func NewBatch(cfg Config, engine inference.Engine, isModel bool, c Cache, logger *slog.Logger) (*Batch, error) {
	if logger == nil {
		logger = slog.Default()
	}
	p, err := newPipeline(engine, cfg, isModel, c, logger)
	if err != nil {
		return nil, err
	}
	return &Batch{p: p}, nil
}

// Explain summarizes every chunk of file, calling report after each in
// document order.
func (b *Batch) Explain(ctx context.Context, file analysis.FileInfo, report func(done int, e inference.FileEntry, cached bool)) ([]inference.FileEntry, error) {
	return b.p.summarizeAll(ctx, file, Explainable(file), report)
}

// Engine is the engine in use.
func (b *Batch) Engine() inference.Engine { return b.p.engine }

// Close stops the scheduler and closes the engine.
func (b *Batch) Close() { b.p.close() }

// Explainable are the chunks an explanation covers: functions and their
// containers, or the line windows of a language without a grammar.
func Explainable(file analysis.FileInfo) []analysis.Chunk {
	if chunks := summarizable(file.Chunks); len(chunks) > 0 {
		return chunks
	}
	return analysis.Flatten(file.Chunks)
}
