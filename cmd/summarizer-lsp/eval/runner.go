package eval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
)

// ErrNoSamples reports that the paths held no documented function.
var ErrNoSamples = errors.New("no documented functions found")

// maxFileSize skips generated or vendored giants.
const maxFileSize = 1 << 20

// skipDirs are directories never walked.
var skipDirs = map[string]bool{"node_modules": true, "vendor": true, "testdata": true, "__pycache__": true}

// Options tune a run.
type Options struct {
	MaxFiles int      // stop after this many parsed files; 0 means no limit
	Langs    []string // only these language ids; empty means all
	Examples int      // keep this many scored examples in the report
}

// Score aggregates one language, or all of them.
type Score struct {
	Lang          string  `json:"lang"`
	N             int     `json:"n"`        // documented functions scored
	BLEU          float64 `json:"bleu4"`    // engine, smoothed sentence BLEU-4 ×100
	RougeL        float64 `json:"rougeL"`   // engine, ROUGE-L F ×100
	BaselineBLEU  float64 `json:"baseline"` // name split into words, BLEU-4 ×100
	BaselineRouge float64 `json:"baselineRougeL"`
	FirstLineBLEU float64 `json:"firstLine"` // the chunk's first line of code, BLEU-4 ×100
}

// Ratio is the engine's BLEU-4 over the baseline's, or 0 without a baseline.
func (s Score) Ratio() float64 {
	if s.BaselineBLEU == 0 {
		return 0
	}
	return s.BLEU / s.BaselineBLEU
}

// Example is one scored function.
type Example struct {
	Lang      string  `json:"lang"`
	Path      string  `json:"path"`
	Name      string  `json:"name"`
	Reference string  `json:"reference"`
	Summary   string  `json:"summary"`
	Baseline  string  `json:"baseline"`
	BLEU      float64 `json:"bleu4"`
}

// Report is the result of a run.
type Report struct {
	Engine    string    `json:"engine"`
	Files     int       `json:"files"`
	Languages []Score   `json:"languages"` // sorted by language id
	Overall   Score     `json:"overall"`
	Examples  []Example `json:"examples,omitempty"`
}

// sums accumulates one language's scores before averaging.
type sums struct {
	n                                          int
	bleu, rouge, baseBLEU, baseRouge, lineBLEU float64
}

func (s *sums) add(o sums) {
	s.n += o.n
	s.bleu += o.bleu
	s.rouge += o.rouge
	s.baseBLEU += o.baseBLEU
	s.baseRouge += o.baseRouge
	s.lineBLEU += o.lineBLEU
}

func (s sums) score(lang string) Score {
	if s.n == 0 {
		return Score{Lang: lang}
	}
	k := 100 / float64(s.n)
	return Score{Lang: lang, N: s.n, BLEU: s.bleu * k, RougeL: s.rouge * k,
		BaselineBLEU: s.baseBLEU * k, BaselineRouge: s.baseRouge * k, FirstLineBLEU: s.lineBLEU * k}
}

// runner holds the state of one run.
type runner struct {
	engine inference.Engine
	opts   Options
	files  int
	byLang map[string]*sums
	report Report
}

// Run walks paths (files or directories), and for every documented function
// or method in a supported language hides its doc comment, summarizes it with
// engine and scores the summary against the comment's first sentence. The
// baselines (the name split into words, and the chunk's first line of
// code) are scored in the same pass. The engine sees the rest of the file,
// doc comments included, but never the comment it is scored against. Files
// that fail to read or parse are logged and skipped. Run returns ctx's error
// when cancelled and ErrNoSamples when nothing was scored.
func Run(ctx context.Context, engine inference.Engine, paths []string, opts Options) (Report, error) {
	r := &runner{engine: engine, opts: opts, byLang: map[string]*sums{}, report: Report{Engine: engine.Name()}}
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
					return filepath.SkipDir
				}
				return nil
			}
			if opts.MaxFiles > 0 && r.files >= opts.MaxFiles {
				return filepath.SkipAll
			}
			return r.file(ctx, path)
		})
		if err != nil {
			return Report{}, fmt.Errorf("eval %s: %w", root, err)
		}
	}
	return r.finish()
}

// file scores the documented functions of one file.
func (r *runner) file(ctx context.Context, path string) error {
	lang := analysis.LanguageForPath(path)
	if lang == "" || len(r.opts.Langs) > 0 && !slices.Contains(r.opts.Langs, lang) {
		return nil
	}
	if info, err := os.Stat(path); err != nil || info.Size() > maxFileSize {
		return nil
	}
	src, err := os.ReadFile(path)
	if err != nil {
		slog.Warn("eval: skipping unreadable file", "path", path, "err", err)
		return nil
	}
	info, err := analysis.Parse(lang, src, analysis.Options{})
	if err != nil {
		slog.Warn("eval: skipping unparsable file", "path", path, "err", err)
		return nil
	}
	r.files++
	// Leave one out: the engine sees the file with every doc comment but
	// the one being predicted, so it can follow the file's own style.
	file := info
	file.Path = path
	for _, c := range analysis.Flatten(info.Chunks) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if c.Kind.IsContainer() || c.Kind == analysis.KindWindow {
			continue
		}
		ref := analysis.FirstSentence(c.Doc)
		if ref == "" {
			continue
		}
		hidden := hideDoc(c)
		file.Chunks = replaceChunk(info.Chunks, c, hidden)
		res, err := r.engine.Summarize(ctx, inference.Request{Chunk: hidden, File: file})
		if err != nil {
			return fmt.Errorf("summarize %s in %s: %w", c.Name, path, err)
		}
		r.add(lang, path, hidden, ref, res.Summary)
	}
	return nil
}

// hideDoc returns c without its doc comment, also cut out of Text when it
// lies inside the chunk (Python docstrings).
func hideDoc(c analysis.Chunk) analysis.Chunk {
	d, r := c.DocRange, c.Range
	if d.EndByte > d.StartByte && d.StartByte >= r.StartByte && d.EndByte <= r.EndByte &&
		d.EndByte-r.StartByte <= len(c.Text) {
		c.Text = c.Text[:d.StartByte-r.StartByte] + c.Text[d.EndByte-r.StartByte:]
	}
	c.Doc, c.DocRange = "", analysis.Range{}
	return c
}

// replaceChunk returns chunks with old (found by name and range) replaced
// by c, copying only the slices on the way to it.
func replaceChunk(chunks []analysis.Chunk, old, c analysis.Chunk) []analysis.Chunk {
	for i, x := range chunks {
		switch {
		case x.Name == old.Name && x.Range == old.Range:
			out := slices.Clone(chunks)
			out[i] = c
			return out
		case x.Range.StartByte <= old.Range.StartByte && old.Range.EndByte <= x.Range.EndByte && len(x.Children) > 0:
			out := slices.Clone(chunks)
			out[i].Children = replaceChunk(x.Children, old, c)
			return out
		}
	}
	return chunks
}

// firstLine is the first-line baseline: the chunk's first line of code.
func firstLine(c analysis.Chunk) string {
	line, _, _ := strings.Cut(strings.TrimSpace(c.Text), "\n")
	return line
}

// add scores one summary and the baselines of its chunk.
func (r *runner) add(lang, path string, c analysis.Chunk, ref, summary string) {
	refToks := Tokenize(ref)
	name := c.Name
	base := heuristic.Baseline(name)
	candToks, baseToks, lineToks := Tokenize(summary), Tokenize(base), Tokenize(firstLine(c))
	one := sums{n: 1,
		bleu: bleuTokens(refToks, candToks), rouge: rougeTokens(refToks, candToks),
		baseBLEU: bleuTokens(refToks, baseToks), baseRouge: rougeTokens(refToks, baseToks),
		lineBLEU: bleuTokens(refToks, lineToks)}
	s := r.byLang[lang]
	if s == nil {
		s = &sums{}
		r.byLang[lang] = s
	}
	s.add(one)
	if len(r.report.Examples) < r.opts.Examples {
		r.report.Examples = append(r.report.Examples, Example{Lang: lang, Path: path, Name: name,
			Reference: ref, Summary: summary, Baseline: base, BLEU: one.bleu * 100})
	}
}

// finish averages the sums into the report.
func (r *runner) finish() (Report, error) {
	var all sums
	for _, lang := range slices.Sorted(maps.Keys(r.byLang)) {
		s := r.byLang[lang]
		all.add(*s)
		r.report.Languages = append(r.report.Languages, s.score(lang))
	}
	r.report.Files = r.files
	r.report.Overall = all.score("all")
	if all.n == 0 {
		return r.report, ErrNoSamples
	}
	return r.report, nil
}
