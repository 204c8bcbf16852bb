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
	"github.com/summarizer-lsp/summarizer-lsp/analysis/tree"
	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

type explainFlags struct {
	outputFile  string
	outputDir   string
	resultsFile string
	json        bool
	noCache     bool
	walk        tree.Options
	// report receives the counts of each folder explained (nil: none).
	report io.Writer
}

func newExplainCmd(cfg *service.Config) *cobra.Command {
	var f explainFlags
	cmd := &cobra.Command{
		Use:   "explain [flags] PATH...",
		Short: "Explain files and folders: overviews and a summary of every function, as markdown or JSON",
		Long: "Explain files and folders. A folder is walked honouring .gitignore and .git/info/exclude,\n" +
			"skipping vendored folders, generated, binary and oversized files; it gets an overview per file,\n" +
			"per folder and for the whole tree, built bottom-up and cached, so a re-run recomputes only\n" +
			"what changed.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.report = cmd.ErrOrStderr()
			return explain(cmd.Context(), *cfg, f, args, cmd.OutOrStdout())
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&f.outputFile, "output-file", "o", "", "write the explanation to this file instead of stdout")
	fs.StringVar(&f.outputDir, "output-dir", "", "write a tree of markdown files mirroring each folder, with an index.md per folder")
	fs.Int64Var(&f.walk.MaxFileSize, "max-file-size", tree.DefaultMaxFileSize, "skip files larger than this many bytes (-1: no bound)")
	fs.StringSliceVar(&f.walk.SkipDirs, "skip-dirs", tree.DefaultSkipDirs, "folder names skipped wherever they appear (--skip-dirs= for none)")
	fs.BoolVar(&f.walk.KeepGenerated, "include-generated", false, "explain files marked as generated too")
	fs.BoolVar(&f.walk.NoIgnoreFiles, "no-ignore-files", false, "disregard .gitignore files and .git/info/exclude")
	fs.StringVar(&f.resultsFile, "results-file", "", "append a JSON line per summarized chunk to this file (progress log)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object per chunk (and per file and folder, with its level) instead of markdown")
	fs.BoolVar(&f.noCache, "no-cache", false, "neither read nor write the summary cache")
	return cmd
}

// chunkRecord is one chunk of `explain --json` and of the results file.
type chunkRecord struct {
	Level    string         `json:"level"` // "chunk"
	File     string         `json:"file"`
	Name     string         `json:"name"`
	Kind     analysis.Kind  `json:"kind"`
	Range    analysis.Range `json:"range"`
	Summary  string         `json:"summary"`
	Details  []string       `json:"details,omitempty"`
	Engine   string         `json:"engine"`
	Cached   bool           `json:"cached"`
	Fallback bool           `json:"fallback,omitempty"` // the built-in summary stands in for a model's that did not come
}

type parsedFile struct {
	path string
	info analysis.FileInfo
}

func explain(ctx context.Context, cfg service.Config, f explainFlags, paths []string, stdout io.Writer) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(cfg.LogLevel)
	filePaths, dirs := splitFolders(paths)
	if f.outputDir != "" && len(filePaths) > 0 {
		return fmt.Errorf("--output-dir explains folders, and %s is a file: pass its folder, or use --output-file", filePaths[0])
	}
	files, total := parseFiles(filePaths, cfg, logger)
	if len(files) == 0 && len(dirs) == 0 {
		return errors.New("no file could be read")
	}
	var st lsp.Store = cache.OpenMemory(0)
	if !f.noCache {
		var err error
		if st, err = openStore(cfg, logger); err != nil {
			logger.Warn("cannot open the summary cache; continuing without it", "err", err)
		}
	}
	defer st.Close()
	svc, err := newService(ctx, cfg, st, false, logger)
	if err != nil {
		return err
	}
	defer svc.Close()

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
		rf, err := os.OpenFile(f.resultsFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		defer rf.Close()
		results = json.NewEncoder(rf)
	}
	bar := newProgressBar(total, "summarizing")
	enc := json.NewEncoder(out)
	for i, pf := range files {
		chunks := service.Explainable(pf.info)
		exp, err := svc.ExplainFile(ctx, pf.info, func(j int, sum service.Summary) {
			_ = bar.Add(1)
			if results != nil {
				_ = results.Encode(record(pf.path, chunks[j], sum))
			}
		})
		if err != nil {
			return fmt.Errorf("explain %s: %w", pf.path, err)
		}
		if f.json {
			for j, c := range exp.Chunks {
				if err := enc.Encode(record(pf.path, c, exp.Summaries[j])); err != nil {
					return err
				}
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(out)
		}
		fmt.Fprint(out, exp.Markdown(inference.LabelsFor(cfg.SummaryLanguage).Explanation(pf.path), cfg.SummaryLanguage))
		fmt.Fprintf(out, "\n_Engine: %s_\n", inference.EscapeMarkdown(svc.Status().Engine))
	}
	_ = bar.Finish()
	ex := &folderExplainer{svc: svc, cfg: cfg, f: f, out: out, results: results, logger: logger}
	for i, dir := range dirs {
		if i > 0 || len(files) > 0 {
			fmt.Fprintln(out)
		}
		if err := ex.explain(ctx, dir, len(dirs) > 1); err != nil {
			return err
		}
	}
	return nil
}

func record(path string, c analysis.Chunk, sum service.Summary) chunkRecord {
	return chunkRecord{Level: "chunk", File: path, Name: c.Name, Kind: c.Kind, Range: c.Range, Summary: sum.Summary,
		Details: sum.Details, Engine: sum.Engine, Cached: sum.Cached, Fallback: sum.Fallback}
}

// parseFiles reads and chunks every path, warning about (and skipping) the
// ones that cannot be read or are not text.
func parseFiles(paths []string, cfg service.Config, logger *slog.Logger) ([]parsedFile, int) {
	var files []parsedFile
	total := 0
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			logger.Warn("skipping file", "err", err)
			continue
		}
		info, err := analysis.Parse(analysis.LanguageForPath(p), src, analysis.Options{WindowLines: cfg.Loc, Logger: logger})
		if err != nil {
			logger.Warn("skipping file", "file", p, "err", err)
			continue
		}
		info.Path = p
		files = append(files, parsedFile{path: p, info: info})
		total += len(service.Explainable(info))
	}
	return files, total
}

// newProgressBar draws on stderr when it is a terminal, and nowhere else,
// with counts and the time left.
func newProgressBar(total int, description string) *progressbar.ProgressBar {
	if !term.IsTerminal(int(os.Stderr.Fd())) {
		return progressbar.DefaultSilent(int64(total))
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(description),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
