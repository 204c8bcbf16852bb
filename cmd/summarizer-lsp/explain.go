package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

type explainFlags struct {
	outputFile  string
	resultsFile string
	json        bool
	noCache     bool
}

func newExplainCmd(cfg *lsp.Config) *cobra.Command {
	var f explainFlags
	cmd := &cobra.Command{
		Use:   "explain [flags] FILE...",
		Short: "Explain files: an overview and a summary of every function, as markdown or JSON",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return explain(cmd.Context(), *cfg, f, args, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&f.outputFile, "output-file", "o", "", "write the explanation to this file instead of stdout")
	fs.StringVar(&f.resultsFile, "results-file", "", "append a JSON line per summarized chunk to this file (progress log)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per chunk instead of markdown")
	fs.BoolVar(&f.noCache, "no-cache", false, "neither read nor write the summary cache")
	return cmd
}

// chunkRecord is one chunk of `explain --json` and of the results file.
type chunkRecord struct {
	File    string         `json:"file"`
	Name    string         `json:"name"`
	Kind    analysis.Kind  `json:"kind"`
	Range   analysis.Range `json:"range"`
	Summary string         `json:"summary"`
	Details []string       `json:"details,omitempty"`
	Engine  string         `json:"engine"`
	Cached  bool           `json:"cached"`
}

type parsedFile struct {
	path string
	info analysis.FileInfo
}

func explain(ctx context.Context, cfg lsp.Config, f explainFlags, paths []string, stdout io.Writer) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(cfg.LogLevel)
	files, total := parseFiles(paths, cfg, logger)
	if len(files) == 0 {
		return errors.New("no file could be read")
	}
	var c lsp.Cache
	if f.noCache {
		c = cache.OpenMemory(0)
	} else {
		var err error
		if c, err = cache.Open(cache.Options{Dir: cfg.CacheDir, MaxEntries: cfg.CacheMaxEntries, Logger: logger}); err != nil {
			logger.Warn("cannot open the summary cache; continuing without it", "err", err)
			c = cache.OpenMemory(0)
		}
	}
	defer c.Close()
	engine, isModel := chooseEngine(cfg, logger)
	batch, err := lsp.NewBatch(cfg, engine, isModel, c, logger)
	if err != nil {
		return err
	}
	defer batch.Close()

	out := stdout
	if f.outputFile != "" {
		file, err := os.Create(f.outputFile)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	var results *json.Encoder
	if f.resultsFile != "" {
		rf, err := os.OpenFile(f.resultsFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer rf.Close()
		results = json.NewEncoder(rf)
	}
	bar := newProgressBar(total)
	enc := json.NewEncoder(out)
	for i, pf := range files {
		var hits []bool
		entries, err := batch.Explain(ctx, pf.info, func(_ int, e inference.FileEntry, cached bool) {
			hits = append(hits, cached)
			_ = bar.Add(1)
			if results != nil {
				_ = results.Encode(record(pf.path, e, cached))
			}
		})
		if err != nil {
			return fmt.Errorf("explain %s: %w", pf.path, err)
		}
		if f.json {
			for j, e := range entries {
				if err := enc.Encode(record(pf.path, e, hits[j])); err != nil {
					return err
				}
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(out)
		}
		fmt.Fprint(out, inference.RenderFile("Explain "+pf.path, heuristic.Overview(pf.info), entries))
		fmt.Fprintf(out, "\n_Engine: %s_\n", inference.EscapeMarkdown(batch.Engine().Name()))
	}
	_ = bar.Finish()
	return nil
}

func record(path string, e inference.FileEntry, cached bool) chunkRecord {
	return chunkRecord{File: path, Name: e.Chunk.Name, Kind: e.Chunk.Kind, Range: e.Chunk.Range,
		Summary: e.Result.Summary, Details: e.Result.Details, Engine: e.Result.Engine, Cached: cached}
}

// parseFiles reads and chunks every path, warning about (and skipping) the
// ones that cannot be read or are not text.
func parseFiles(paths []string, cfg lsp.Config, logger *slog.Logger) ([]parsedFile, int) {
	var files []parsedFile
	total := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			logger.Warn("skipping file", "err", err)
			continue
		}
		info, err := analysis.Parse(analysis.LanguageForPath(p), src, analysis.Options{WindowLines: cfg.Loc})
		if err != nil {
			logger.Warn("skipping file", "file", p, "err", err)
			continue
		}
		info.Path = p
		files = append(files, parsedFile{path: p, info: info})
		total += len(lsp.Explainable(info))
	}
	return files, total
}

// newProgressBar draws on stderr when it is a terminal, and nowhere else.
func newProgressBar(total int) *progressbar.ProgressBar {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return progressbar.DefaultSilent(int64(total))
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("summarizing"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
