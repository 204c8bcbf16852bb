package hub

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/hub/hubtest"
)

const repo = "onnx-community/Tiny-Coder"

func q4Files(model map[string][]byte) []string {
	var out []string
	for p := range model {
		if !strings.HasPrefix(p, "onnx/") || strings.HasPrefix(p, "onnx/model_q4.onnx") {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func checkDir(t *testing.T, dir string, model map[string][]byte, want []string) {
	t.Helper()
	for _, p := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if !bytes.Equal(got, model[p]) {
			t.Errorf("%s: content differs from the hub's", p)
		}
	}
	var have []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != manifestName {
			rel, _ := filepath.Rel(dir, path)
			have = append(have, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(have)
	if strings.Join(have, ",") != strings.Join(want, ",") {
		t.Errorf("directory holds %v, want %v", have, want)
	}
}

func TestPullVariant(t *testing.T) {
	h := hubtest.New(t)
	model := hubtest.Model()
	h.Repos[repo] = model
	cache := t.TempDir()
	dir, err := Dir(cache, repo)
	if err != nil {
		t.Fatal(err)
	}
	var last Progress
	calls := 0
	files, err := NewClient(h.URL, "", nil).Pull(context.Background(), repo, dir, PullOptions{
		Variant:  "q4",
		Progress: func(p Progress) { last = p; calls++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := q4Files(model)
	checkDir(t, dir, model, want)
	if len(files) != len(want) {
		t.Errorf("Pull returned %d files, want %d", len(files), len(want))
	}
	var total int64
	for _, p := range want {
		total += int64(len(model[p]))
	}
	if last.Total != total || last.Done != total || last.Downloaded != total || calls < len(want) {
		t.Errorf("last progress %+v after %d calls, want done = total = downloaded = %d", last, calls, total)
	}
	if want := filepath.Join(cache, "models", "onnx-community--Tiny-Coder"); dir != want {
		t.Errorf("Dir = %s, want %s", dir, want)
	}

	local, err := List(cache)
	if err != nil {
		t.Fatal(err)
	}
	if len(local) != 1 || local[0].Name != repo || local[0].Variant != "q4" || !local[0].Complete || local[0].Size < total {
		t.Errorf("List = %+v, want %s, q4, complete, at least %d bytes", local, repo, total)
	}
}

func TestPullResumesInterruptedDownload(t *testing.T) {
	h := hubtest.New(t)
	model := hubtest.Model()
	h.Repos[repo] = model
	const big = "onnx/model_q4.onnx_data"
	cut := 350_000
	h.CutAfter(big, cut)
	dir := filepath.Join(t.TempDir(), "m")
	c := NewClient(h.URL, "", nil)

	_, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"})
	if err == nil || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("first Pull: err = %v, want an interrupted download", err)
	}
	part, err := os.Stat(filepath.Join(dir, "onnx", "model_q4.onnx_data"+partSuffix))
	if err != nil || part.Size() != int64(cut) {
		t.Fatalf("partial file: %v, %v; want %d bytes kept", part, err, cut)
	}
	if _, err := os.Stat(filepath.Join(dir, "onnx", "model_q4.onnx_data")); !os.IsNotExist(err) {
		t.Fatalf("an unfinished file took its final name: %v", err)
	}
	before := len(h.Served())

	var downloaded int64
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4", Progress: func(p Progress) { downloaded = p.Downloaded }}); err != nil {
		t.Fatalf("second Pull: %v", err)
	}
	checkDir(t, dir, model, q4Files(model))
	var resumed *hubtest.Served
	again := h.Served()[before:]
	for i, s := range again {
		if s.Path == big {
			resumed = &again[i]
		}
	}
	wantRange := fmt.Sprintf("bytes=%d-", cut)
	if resumed == nil || resumed.Range != wantRange || resumed.Bytes != len(model[big])-cut {
		t.Errorf("resumed request %+v, want Range %q and %d bytes", resumed, wantRange, len(model[big])-cut)
	}
	var fresh int64
	for _, s := range again {
		fresh += int64(s.Bytes)
	}
	if downloaded != fresh {
		t.Errorf("second Pull reports %d bytes downloaded, the hub sent %d", downloaded, fresh)
	}
}

func TestPullRestartsWhenRangeIgnored(t *testing.T) {
	h := hubtest.New(t)
	model := hubtest.Model()
	h.Repos[repo] = model
	h.CutAfter("onnx/model_q4.onnx", 10_000)
	h.IgnoreRange()
	dir := t.TempDir()
	c := NewClient(h.URL, "", nil)
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err == nil {
		t.Fatal("first Pull succeeded despite the cut")
	}
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatalf("Pull after a server that ignores Range: %v", err)
	}
	checkDir(t, dir, model, q4Files(model))
}

func TestPullKeepsIntactFiles(t *testing.T) {
	h := hubtest.New(t)
	model := hubtest.Model()
	h.Repos[repo] = model
	dir := t.TempDir()
	c := NewClient(h.URL, "", nil)
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatal(err)
	}
	// Damage one file: only it is fetched again.
	damaged := filepath.Join(dir, "tokenizer.json")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte{'?'}, len(model["tokenizer.json"])), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(h.Served())
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatal(err)
	}
	again := h.Served()[before:]
	if len(again) != 1 || again[0].Path != "tokenizer.json" {
		t.Errorf("second Pull downloaded %+v, want only the damaged tokenizer.json", again)
	}
	checkDir(t, dir, model, q4Files(model))
}

func TestPullRejectsBadChecksum(t *testing.T) {
	for _, file := range []string{"config.json", "onnx/model_q4.onnx"} { // git blob id, LFS sha256
		t.Run(file, func(t *testing.T) {
			h := hubtest.New(t)
			h.Repos[repo] = hubtest.Model()
			h.Corrupt(file)
			dir := t.TempDir()
			_, err := NewClient(h.URL, "", nil).Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"})
			if !errors.Is(err, ErrChecksum) {
				t.Fatalf("err = %v, want ErrChecksum", err)
			}
			for _, p := range []string{file, file + partSuffix} {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); !os.IsNotExist(err) {
					t.Errorf("%s left behind after a checksum mismatch", p)
				}
			}
		})
	}
}

func TestPullErrors(t *testing.T) {
	h := hubtest.New(t)
	h.Repos[repo] = hubtest.Model()
	c := NewClient(h.URL, "", nil)
	tests := []struct {
		repo, variant string
		want          error
	}{
		{"onnx-community/missing", "q4", ErrNotFound},
		{repo, "q2", ErrVariant},
		{repo, "bnb4", ErrVariant}, // a known variant the repository lacks
		{"no-slash", "q4", ErrName},
		{"../etc/passwd", "q4", ErrName},
	}
	for _, tt := range tests {
		_, err := c.Pull(context.Background(), tt.repo, t.TempDir(), PullOptions{Variant: tt.variant})
		if !errors.Is(err, tt.want) {
			t.Errorf("Pull(%s, %s) = %v, want %v", tt.repo, tt.variant, err, tt.want)
		}
	}
}

func TestSelect(t *testing.T) {
	var files []File
	for p := range hubtest.Model() {
		files = append(files, File{Path: p})
	}
	tests := []struct {
		variant string
		onnx    []string
	}{
		{"fp32", []string{"onnx/model.onnx"}},
		{"fp16", []string{"onnx/model_fp16.onnx"}},
		{"q4", []string{"onnx/model_q4.onnx", "onnx/model_q4.onnx_data"}},
		{"quantized", []string{"onnx/model_quantized.onnx"}},
		{"q8", []string{"onnx/model_quantized.onnx"}},
	}
	for _, tt := range tests {
		got, err := Select(files, tt.variant)
		if err != nil {
			t.Errorf("Select(%s): %v", tt.variant, err)
			continue
		}
		var onnx []string
		others := 0
		for _, f := range got {
			if strings.HasPrefix(f.Path, "onnx/") {
				onnx = append(onnx, f.Path)
			} else {
				others++
			}
		}
		sort.Strings(onnx)
		if strings.Join(onnx, ",") != strings.Join(tt.onnx, ",") || others != 5 {
			t.Errorf("Select(%s) = onnx %v + %d others, want %v + 5", tt.variant, onnx, others, tt.onnx)
		}
	}
}

func TestListAndRemove(t *testing.T) {
	cache := t.TempDir()
	if l, err := List(cache); err != nil || len(l) != 0 {
		t.Fatalf("List of an empty cache = %v, %v", l, err)
	}
	// A directory without a manifest is an unfinished pull.
	partial := filepath.Join(ModelsDir(cache), "acme--half")
	if err := os.MkdirAll(partial, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(partial, "config.json.part"), make([]byte, 123), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := List(cache)
	if err != nil || len(l) != 1 || l[0].Name != "acme/half" || l[0].Complete || l[0].Size != 123 {
		t.Fatalf("List = %+v, %v; want acme/half, incomplete, 123 bytes", l, err)
	}
	if err := Remove(cache, "acme/half"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("Remove left %s", partial)
	}
	if err := Remove(cache, "acme/half"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("second Remove = %v, want ErrNotInstalled", err)
	}
	if err := Remove(cache, "../.."); !errors.Is(err, ErrName) {
		t.Errorf("Remove(../..) = %v, want ErrName", err)
	}
}
