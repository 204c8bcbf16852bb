package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/tree"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// overviewRecord is one file, folder or repository of `explain --json`.
type overviewRecord struct {
	Level    string `json:"level"` // "file", "folder" or "repository"
	Path     string `json:"path"`
	Overview string `json:"overview"`
	Cached   bool   `json:"cached"`
}

// splitFolders separates the folder arguments from the rest (files, and
// paths that do not exist, which parseFiles reports).
func splitFolders(paths []string) (files, dirs []string) {
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			dirs = append(dirs, p)
		} else {
			files = append(files, p)
		}
	}
	return files, dirs
}

// folderExplainer explains folders for one explain command.
type folderExplainer struct {
	svc     *service.Summarizer
	cfg     service.Config
	f       explainFlags
	out     io.Writer
	results *json.Encoder // nil: no results file
	logger  *slog.Logger
}

// explain walks dir, explains it and writes the result as the flags say;
// nested puts an output directory's tree under dir's base name.
func (x *folderExplainer) explain(ctx context.Context, dir string, nested bool) error {
	opts := x.f.walk
	opts.Accept = func(rel string) bool { return analysis.LanguageForPath(rel) != "" }
	tr, err := tree.Walk(dir, opts)
	if err != nil {
		return fmt.Errorf("explain %s: %w", dir, err)
	}
	for _, s := range tr.Skipped {
		x.logger.Debug("skipped", "path", path.Join(filepath.ToSlash(dir), s.Path), "reason", s.Reason, "err", s.Err)
	}
	bar := newProgressBar(tr.Files, "explaining "+dir)
	fe, counts, err := x.svc.ExplainTree(ctx, tr, service.TreeOptions{
		Read:  func(f tree.File) ([]byte, error) { return os.ReadFile(f.Abs) },
		Parse: analysis.Options{WindowLines: x.cfg.Loc},
		Progress: func(p service.TreeProgress) {
			_ = bar.Set(p.Files)
			x.appendResults(dir, p.File)
		},
	})
	_ = bar.Finish()
	if err != nil {
		return fmt.Errorf("explain %s: %w", dir, err)
	}
	x.report(dir, tr, counts)
	switch {
	case x.f.json:
		return x.writeJSON(dir, fe)
	case x.f.outputDir != "":
		target := x.f.outputDir
		if nested {
			target = filepath.Join(target, filepath.Base(filepath.Clean(dir)))
		}
		return writeMarkdownTree(target, dir, fe, x.cfg.SummaryLanguage)
	}
	lang := x.cfg.SummaryLanguage
	if err := fe.WriteMarkdown(x.out, inference.LabelsFor(lang).Explanation(dir), lang); err != nil {
		return err
	}
	_, err = fmt.Fprintf(x.out, "\n_Engine: %s_\n", inference.EscapeMarkdown(x.svc.Status().Engine))
	return err
}

// appendResults appends a results-file line per chunk of a file explained.
func (x *folderExplainer) appendResults(dir string, fs *service.FileSummary) {
	if x.results == nil || fs == nil {
		return
	}
	for _, c := range fs.Chunks {
		_ = x.results.Encode(chunkSummaryRecord(dir, fs, c))
	}
}

func chunkSummaryRecord(dir string, fs *service.FileSummary, c service.ChunkSummary) chunkRecord {
	return chunkRecord{Level: "chunk", File: filepath.Join(dir, filepath.FromSlash(fs.Path)), Name: c.Name, Kind: c.Kind,
		Range: c.Range, Summary: c.Result.Summary, Details: c.Result.Details, Engine: c.Result.Engine, Cached: c.Cached, Fallback: c.Fallback}
}

// report writes what was computed and what came from the cache.
func (x *folderExplainer) report(dir string, tr *tree.Tree, c service.TreeCounts) {
	if x.f.report == nil {
		return
	}
	fmt.Fprintf(x.f.report, "%s: %d files (%d recomputed, %d cached), %d summaries (%d computed), %d folder overviews (%d recomputed, %d cached)",
		dir, c.Files, c.Files-c.FilesCached, c.FilesCached, c.Chunks, c.ChunksComputed, c.Folders, c.Folders-c.FoldersCached, c.FoldersCached)
	if n := len(tr.Skipped) + c.Unparsed; n > 0 {
		fmt.Fprintf(x.f.report, "; skipped %s", skipCounts(tr.Skipped, c.Unparsed))
	}
	fmt.Fprintln(x.f.report)
}

// skipCounts says how many paths were skipped for each reason.
func skipCounts(skips []tree.Skip, unparsed int) string {
	n := map[string]int{}
	for _, s := range skips {
		n[string(s.Reason)]++
	}
	if unparsed > 0 {
		n["not parsed"] += unparsed
	}
	var parts []string
	for why, k := range n {
		parts = append(parts, fmt.Sprintf("%d %s", k, why))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// writeJSON prints one object per chunk, file and folder, with its level.
func (x *folderExplainer) writeJSON(dir string, fe *service.FolderExplanation) error {
	enc := json.NewEncoder(x.out)
	var err error
	fe.Walk(func(d *service.FolderExplanation) {
		for _, f := range d.Files {
			for _, c := range f.Chunks {
				err = firstErr(err, enc.Encode(chunkSummaryRecord(dir, f, c)))
			}
			err = firstErr(err, enc.Encode(overviewRecord{Level: "file", Path: filepath.Join(dir, filepath.FromSlash(f.Path)), Overview: f.Overview, Cached: f.Cached}))
		}
		level := "folder"
		if d == fe {
			level = "repository"
		}
		err = firstErr(err, enc.Encode(overviewRecord{Level: level, Path: filepath.Join(dir, filepath.FromSlash(d.Path)), Overview: d.Overview, Cached: d.Cached}))
	})
	return err
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// writeMarkdownTree writes fe under target: an index.md per folder and a
// page per file, mirroring the source tree, their fixed words in the
// summary language lang.
func writeMarkdownTree(target, dir string, fe *service.FolderExplanation, lang string) error {
	var err error
	fe.Walk(func(d *service.FolderExplanation) {
		folder := filepath.Join(target, filepath.FromSlash(d.Path))
		title := path.Join(filepath.ToSlash(filepath.Base(filepath.Clean(dir))), d.Path)
		err = firstErr(err, writeFile(filepath.Join(folder, "index.md"), d.IndexMarkdown(title, lang)))
		for _, f := range d.Files {
			err = firstErr(err, writeFile(filepath.Join(folder, service.PageName(f.Path)), f.Markdown(lang)))
		}
	})
	return err
}

func writeFile(name, content string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(content), 0o644)
}
