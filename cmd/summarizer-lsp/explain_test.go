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
	var last chunkRecord
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Name != first[len(first)-1].Name {
		t.Errorf("results file's last line: %s (%v), want the record of %s", lines[len(lines)-1], err, first[len(first)-1].Name)
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
