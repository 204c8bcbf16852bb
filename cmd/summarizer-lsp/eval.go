package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/eval"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// newEvalCmd returns the "eval" subcommand: it scores an engine's summaries
// of documented functions against their hidden doc comments.
func newEvalCmd(cfg *service.Config) *cobra.Command {
	var (
		asJSON, byLanguage bool
		opts               eval.Options
	)
	cmd := &cobra.Command{
		Use:   "eval [flags] PATH...",
		Short: "Score an engine's summaries against the doc comments of a codebase",
		Long: `eval walks PATHs, and for every documented function hides its doc comment,
summarizes the function and scores the summary against the comment's first
sentence: smoothed sentence BLEU-4 (as the CodeXGLUE code-to-text evaluator
computes it) and ROUGE-L, overall (and per language with --by-language),
next to two baselines: the function name split into words, and the
function's first line of code. The engine sees the rest of the file, doc
comments included (leave one out), so it can follow the file's style.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, paths []string) error {
			if err := cfg.Validate(); err != nil {
				return err
			}
			engine, err := evalEngine(cmd.Context(), *cfg)
			if err != nil {
				return err
			}
			if c, ok := engine.(io.Closer); ok {
				defer c.Close()
			}
			report, err := eval.Run(cmd.Context(), engine, paths, opts)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if err := enc.Encode(report); err != nil {
					return fmt.Errorf("eval: write json: %w", err)
				}
				return nil
			}
			return report.WriteTable(out, byLanguage)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, "print the report as JSON")
	f.BoolVar(&byLanguage, "by-language", false, "one table row per language before the overall row")
	f.IntVar(&opts.MaxFiles, "max-files", 0, "stop after parsing this many files (0: no limit)")
	f.StringSliceVar(&opts.Langs, "lang", nil, "only these language ids (repeatable or comma-separated)")
	f.IntVar(&opts.Examples, "examples", 0, "include this many scored examples in the JSON report")
	return cmd
}

// evalEngine is the engine eval measures: the model the settings ask for,
// which must load (measuring the fallback instead would report the wrong
// engine's figures), else the built-in engine.
func evalEngine(ctx context.Context, cfg service.Config) (inference.Engine, error) {
	if !cfg.WantsModel() {
		return builtinEngine(cfg), nil
	}
	return loadModel(ctx, cfg, newLogger(cfg.LogLevel))
}
