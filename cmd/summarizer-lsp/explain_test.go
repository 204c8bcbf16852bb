package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

const sample = "../../testdata/sample/ratelimit.go"

func TestExplainMarkdown(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{"# Explain ", "ratelimit", "`NewBucket`", "`Limiter.Middleware`", "_Engine: heuristic_"} {
		if !strings.Contains(md, want) {
			t.Errorf("explain output lacks %q:\n%s", want, md)
		}
	}
}

// TestExplainMarkdownInChinese: with summaryLanguage zh the explanation's
// fixed words, the overview and the generated summaries are Chinese.
func TestExplainMarkdownInChinese(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir, cfg.SummaryLanguage = t.TempDir(), "zh"
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{"# 解释 ", "它声明了 2 个类型和 5 个函数", "## 函数", "_函数，第 28–30 行_", "加载限制文件", "_引擎：heuristic_"} {
		if !strings.Contains(md, want) {
			t.Errorf("zh explain output lacks %q:\n%s", want, md)
		}
	}
	for _, english := range []string{"# Explain", "## Functions", ", lines ", "Engine:", "It declares"} {
		if strings.Contains(md, english) {
			t.Errorf("zh explain output says %q:\n%s", english, md)
		}
	}
}

func TestExplainJSONAndResultsFile(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	results := filepath.Join(t.TempDir(), "progress.jsonl")
	run := func() []chunkRecord {
		var out bytes.Buffer
		if err := explain(context.Background(), cfg, explainFlags{json: true, resultsFile: results}, []string{sample}, &out); err != nil {
			t.Fatal(err)
		}
		var recs []chunkRecord
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			var r chunkRecord
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("line %q: %v", sc.Text(), err)
			}
			recs = append(recs, r)
		}
		return recs
	}
	first := run()
	names := map[string]chunkRecord{}
	for _, r := range first {
		names[r.Name] = r
	}
	for _, want := range []string{"Bucket", "NewBucket", "Bucket.Take", "Limiter.bucketFor", "loadLimitsFile"} {
		r, ok := names[want]
		if !ok {
			t.Fatalf("no record for %s in %+v", want, first)
		}
		if r.Summary == "" || r.Engine != "heuristic" || r.File != sample || r.Range.EndByte <= r.Range.StartByte {
			t.Errorf("record %+v incomplete", r)
		}
	}
	if nb := names["NewBucket"]; !strings.HasPrefix(nb.Summary, "NewBucket returns a full bucket") {
		t.Errorf("NewBucket summary %q should be its doc comment's first sentence", nb.Summary)
	}
	// Built-in summaries cost microseconds: they are computed again, never
	// stored (TestExplainWithTheONNXEngine checks that model ones are).
	for _, r := range run() {
		if r.Cached {
			t.Errorf("second run: built-in summary of %s read from the cache", r.Name)
		}
	}
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2*len(first) {
		t.Fatalf("results file has %d lines, want %d", len(lines), 2*len(first))
	}
	// Lines come as summaries do: callees first, then in document order.
	logged := map[string]int{}
	for _, line := range lines {
		var r chunkRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("results line %q: %v", line, err)
		}
		logged[r.Name]++
	}
	for _, r := range first {
		if logged[r.Name] != 2 {
			t.Errorf("results file has %d lines for %s, want one per run", logged[r.Name], r.Name)
		}
	}
}

func TestExplainBadInput(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	dir := t.TempDir()
	binary := filepath.Join(dir, "blob.go")
	if err := os.WriteFile(binary, []byte("\x00\x01\x02\x03"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := explain(context.Background(), cfg, explainFlags{}, []string{filepath.Join(dir, "missing.go"), binary}, &out)
	if err == nil || !strings.Contains(err.Error(), "no file could be read") {
		t.Errorf("explain of unreadable files = %v", err)
	}
	// A model that cannot load falls back to the built-in engine.
	cfg.ModelPath = filepath.Join(dir, "no-model")
	out.Reset()
	if err := explain(context.Background(), cfg, explainFlags{}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "_Engine: heuristic_") {
		t.Errorf("fallback output:\n%s", out.String())
	}
}

// writeSourceTree creates a small repository under a temporary folder.
func writeSourceTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range map[string]string{
		".gitignore":       "ignored/\n",
		"main.go":          "package main\n\nfunc main() { run() }\n\nfunc run() {}\n",
		"limits/limits.go": "// Package limits rate-limits clients.\npackage limits\n\n// Take takes a token.\nfunc Take() bool { return true }\n",
		"limits/zz_gen.go": "// Code generated by hand. DO NOT EDIT.\n\npackage limits\n\nfunc Generated() {}\n",
		"ignored/x.go":     "package ignored\n\nfunc X() {}\n",
		"vendor/v/v.go":    "package v\n\nfunc V() {}\n",
		"tools/script.py":  "def tool():\n    return 1\n",
		"tools/README.md":  "not source\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestExplainFolder(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	root := writeSourceTree(t)
	var out, report bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{report: &report}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{"# Explain " + root, "## `limits/`", "Package limits rate-limits clients.", "### `limits/limits.go`",
		"- `Take` — Take takes a token.", "### `tools/script.py`", "- `run` — ", "_Engine: heuristic_"} {
		if !strings.Contains(md, want) {
			t.Errorf("explain output lacks %q:\n%s", want, md)
		}
	}
	for _, unwanted := range []string{"ignored/x.go", "vendor", "zz_gen.go", "README"} {
		if strings.Contains(md, unwanted) {
			t.Errorf("explain output has %q:\n%s", unwanted, md)
		}
	}
	if want := "3 files (3 recomputed, 0 cached), 4 summaries (4 computed), 3 folder overviews (3 recomputed, 0 cached); skipped 1 generated file, 1 ignored by .gitignore, 1 vendored, third-party or test-data folder\n"; !strings.HasSuffix(report.String(), want) {
		t.Errorf("report %q, want it to end with %q", report.String(), want)
	}

	// A re-run after one function changed recomputes that file and the
	// overviews above it.
	if err := os.WriteFile(filepath.Join(root, "main.go"), []byte("package main\n\nfunc main() { run(); run() }\n\nfunc run() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	report.Reset()
	if err := explain(context.Background(), cfg, explainFlags{report: &report, json: true}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "3 files (1 recomputed, 2 cached), 4 summaries (2 computed), 3 folder overviews (1 recomputed, 2 cached)"; !strings.Contains(report.String(), want) {
		t.Errorf("re-run report %q, want %q", report.String(), want)
	}
}

func TestExplainFolderJSONAndOutputDir(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	root := writeSourceTree(t)
	results := filepath.Join(t.TempDir(), "results.jsonl")
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true, resultsFile: results}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	levels := map[string][]string{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r struct{ Level, File, Path, Name, Summary, Overview string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		name := r.Name
		if r.Level != "chunk" {
			name, _ = filepath.Rel(root, r.Path)
			if r.Overview == "" {
				t.Errorf("%s %s has no overview", r.Level, r.Path)
			}
		}
		levels[r.Level] = append(levels[r.Level], filepath.ToSlash(name))
	}
	want := map[string][]string{"chunk": {"main", "run", "Take", "tool"}, "file": {"main.go", "limits/limits.go", "tools/script.py"},
		"folder": {"limits", "tools"}, "repository": {"."}}
	for level, names := range want {
		if strings.Join(levels[level], " ") != strings.Join(names, " ") {
			t.Errorf("%s records %q, want %q", level, levels[level], names)
		}
	}
	data, err := os.ReadFile(results)
	if err != nil || strings.Count(string(data), "\n") != 4 {
		t.Errorf("results file %q (%v), want a line per chunk", data, err)
	}

	dir := t.TempDir()
	if err := explain(context.Background(), cfg, explainFlags{outputDir: dir}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	for file, wants := range map[string][]string{
		"index.md":            {"[limits/](limits/index.md)", "[main.go](main.go.md)", "[tools/](tools/index.md)"},
		"limits/index.md":     {"Package limits rate-limits clients.", "[limits.go](limits.go.md)"},
		"limits/limits.go.md": {"# limits/limits.go", "### `Take`", "Take takes a token."},
		"tools/index.md":      {"[script.py](script.py.md)"},
		"tools/script.py.md":  {"### `tool`"},
	} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(string(data), w) {
				t.Errorf("%s lacks %q:\n%s", file, w, data)
			}
		}
	}
	if err := explain(context.Background(), cfg, explainFlags{outputDir: dir}, []string{filepath.Join(root, "main.go")}, &out); err == nil || !strings.Contains(err.Error(), "pass its folder") {
		t.Errorf("--output-dir with a file: %v", err)
	}
}

// TestExplainFolderWithTheONNXEngine: the tiny model answers the chunk
// summaries and the file, folder and repository overviews; a re-run
// reads them all from the cache.
func TestExplainFolderWithTheONNXEngine(t *testing.T) {
	cfg := modelConfig(t)
	root := writeSourceTree(t)
	var out, report bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true, report: &report}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	models := 0
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r chunkRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Level == "chunk" && r.Engine == "onnx:tiny-qwen2" {
			models++
		}
	}
	if models == 0 {
		t.Fatalf("no chunk summary came from the model (run scripts/fetch-onnxruntime.sh); report: %s", report.String())
	}
	report.Reset()
	if err := explain(context.Background(), cfg, explainFlags{json: true, report: &report}, []string{root}, &out); err != nil {
		t.Fatal(err)
	}
	if want := "3 files (0 recomputed, 3 cached), 4 summaries (0 computed), 3 folder overviews (0 recomputed, 3 cached)"; !strings.Contains(report.String(), want) {
		t.Errorf("re-run report %q, want %q", report.String(), want)
	}
}
