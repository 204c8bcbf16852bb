package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis/tree"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// writeTree creates files under root from relative path → content.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var sampleTree = map[string]string{
	"main.go":           "package main\n\nfunc main() { run() }\n\nfunc run() {}\n",
	"limits/bucket.go":  "// Package limits rate-limits clients.\npackage limits\n\ntype Bucket struct{ n int }\n\nfunc (b *Bucket) Take() bool { return b.refill() > 0 }\n\nfunc (b *Bucket) refill() int { return b.n }\n",
	"limits/server.go":  "package limits\n\nfunc Serve() { NewBucket() }\n\nfunc NewBucket() *Bucket { return &Bucket{} }\n",
	"store/store.go":    "package store\n\nfunc Open(path string) error { return check(path) }\n\nfunc check(path string) error { return nil }\n",
	"store/sub/deep.py": "def deep():\n    return 1\n",
}

// explainTree walks root and explains it.
func explainTree(t *testing.T, s *Summarizer, root string) (*FolderExplanation, TreeCounts) {
	t.Helper()
	tr, err := tree.Walk(root, tree.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var progress []TreeProgress
	fe, counts, err := s.ExplainTree(context.Background(), tr, TreeOptions{
		Read:     func(f tree.File) ([]byte, error) { return os.ReadFile(f.Abs) },
		Progress: func(p TreeProgress) { progress = append(progress, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != tr.Files || progress[len(progress)-1].Files != tr.Files || progress[0].TotalFiles != tr.Files {
		t.Errorf("progress %+v for %d files", progress, tr.Files)
	}
	return fe, counts
}

// keys maps every folder and file path of an explanation to its key.
func keys(fe *FolderExplanation) map[string]Key {
	out := map[string]Key{fe.Path + "/": fe.Key}
	for _, f := range fe.Files {
		out[f.Path] = f.Key
	}
	for _, sub := range fe.Folders {
		for p, k := range keys(sub) {
			out[p] = k
		}
	}
	return out
}

func TestExplainTreeRecomputesOnlyWhatChanged(t *testing.T) {
	ts := newTestService(t, nil, 1)
	root := t.TempDir()
	writeTree(t, root, sampleTree)
	first, counts := explainTree(t, ts.Summarizer, root)
	if want := (TreeCounts{Files: 5, Chunks: 10, ChunksComputed: 10, Folders: 4}); counts != want {
		t.Errorf("first run counts %+v, want %+v", counts, want)
	}
	if !strings.HasPrefix(first.Folders[0].Overview, "Package limits rate-limits clients.") {
		t.Errorf("limits overview %q", first.Folders[0].Overview)
	}
	if first.Overview == "" || first.Files[0].Overview == "" {
		t.Errorf("no repository or file overview: %+v", first)
	}

	again, counts := explainTree(t, ts.Summarizer, root)
	if want := (TreeCounts{Files: 5, FilesCached: 5, Chunks: 10, Folders: 4, FoldersCached: 4}); counts != want {
		t.Errorf("unchanged re-run counts %+v, want %+v", counts, want)
	}
	if again.Overview != first.Overview || !again.Cached {
		t.Errorf("unchanged re-run: overview %q (cached %v), want %q", again.Overview, again.Cached, first.Overview)
	}

	// One function of limits/server.go changes: that file, limits/ and the
	// root are recomputed; store/, store/sub/ and the other files are not.
	writeTree(t, root, map[string]string{"limits/server.go": strings.Replace(sampleTree["limits/server.go"], "NewBucket() }", "NewBucket(); NewBucket() }", 1)})
	changed, counts := explainTree(t, ts.Summarizer, root)
	if want := (TreeCounts{Files: 5, FilesCached: 4, Chunks: 10, ChunksComputed: 2, Folders: 4, FoldersCached: 2}); counts != want {
		t.Errorf("re-run after a change: counts %+v, want %+v", counts, want)
	}
	before, after := keys(first), keys(changed)
	for p, k := range before {
		moved := after[p] != k
		want := p == "limits/server.go" || p == "limits/" || p == "/"
		if moved != want {
			t.Errorf("%s: key changed = %v, want %v", p, moved, want)
		}
	}
}

// recordingModel answers every request at once and records them.
type recordingModel struct {
	mu   sync.Mutex // guards reqs
	reqs []inference.Request
}

func (m *recordingModel) Name() string        { return "recording" }
func (m *recordingModel) Fingerprint() string { return "recording/1" }

func (m *recordingModel) Summarize(_ context.Context, req inference.Request) (inference.Result, error) {
	m.mu.Lock()
	m.reqs = append(m.reqs, req)
	m.mu.Unlock()
	if req.Overview != nil {
		return inference.Result{Summary: fmt.Sprintf("%s %s of %d parts.", req.Overview.Level, req.Overview.Name, len(req.Overview.Parts)), Engine: "recording"}, nil
	}
	return modelResult(req), nil
}

func (m *recordingModel) take() []inference.Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.reqs
	m.reqs = nil
	return out
}

func TestExplainTreeWithAModel(t *testing.T) {
	m := &recordingModel{}
	ts := newTestService(t, m, 4)
	root := t.TempDir()
	files := map[string]string{}
	for k, v := range sampleTree {
		files[k] = v
	}
	for i := range inference.MaxOverviewParts + 6 {
		files[fmt.Sprintf("big/f%02d.go", i)] = fmt.Sprintf("package big\n\nfunc F%d() {}\n", i)
	}
	writeTree(t, root, files)
	fe, _ := explainTree(t, ts.Summarizer, root)

	byName := map[string]inference.Request{}
	levels := map[string]int{}
	for _, r := range m.take() {
		if r.Overview != nil {
			levels[r.Overview.Level]++
			if n := len(r.Overview.Parts); n > inference.MaxOverviewParts {
				t.Errorf("overview of %s asked with %d parts", r.Overview.Name, n)
			}
			continue
		}
		byName[r.Chunk.Name] = r
	}
	// Callees first: a caller's request carries its callees' model summaries.
	for caller, callee := range map[string]string{"main": "run", "Bucket.Take": "Bucket.refill", "Open": "check", "Serve": "NewBucket"} {
		got := byName[caller].Callees
		if len(got) != 1 || got[0].Name != callee || got[0].Summary != "model summary of "+callee+"." {
			t.Errorf("%s was asked with callees %+v, want %s's summary", caller, got, callee)
		}
	}
	if want := map[string]int{"file": 5 + inference.MaxOverviewParts + 6, "group": 2, "folder": 4, "repository": 1}; fmt.Sprint(levels) != fmt.Sprint(want) {
		t.Errorf("overview requests by level %v, want %v", levels, want)
	}
	if want := "repository  of 4 parts."; fe.Overview != want {
		t.Errorf("repository overview %q, want %q", fe.Overview, want)
	}
	// The callee summaries are part of the caller's key.
	plain := byName["main"]
	plain.Callees = nil
	if requestKey("recording/1", plain) == requestKey("recording/1", byName["main"]) {
		t.Error("the key does not cover the callees")
	}

	// A re-run asks nothing; after one function changes, the model is asked
	// for that function and the overviews above it. Its caller keeps its
	// key: the callee's summary it quotes did not change.
	explainTree(t, ts.Summarizer, root)
	if got := m.take(); len(got) != 0 {
		t.Errorf("unchanged re-run asked the model %d times", len(got))
	}
	writeTree(t, root, map[string]string{"store/store.go": strings.Replace(sampleTree["store/store.go"], "return nil", "return os.ErrNotExist", 1)})
	_, counts := explainTree(t, ts.Summarizer, root)
	var asked []string
	for _, r := range m.take() {
		if r.Overview != nil {
			asked = append(asked, r.Overview.Level+":"+r.Overview.Name)
		} else {
			asked = append(asked, r.Chunk.Name)
		}
	}
	if want := "check file:store/store.go folder:store repository:"; strings.Join(asked, " ") != want {
		t.Errorf("after a change the model was asked for %q, want %q", strings.Join(asked, " "), want)
	}
	if counts.ChunksComputed != 1 || counts.FilesCached != len(files)-1 || counts.FoldersCached != 3 {
		t.Errorf("counts after a change %+v", counts)
	}
}

func TestExplainTreeIgnoresUnusableStoredRecords(t *testing.T) {
	ts := newTestService(t, nil, 1)
	root := t.TempDir()
	writeTree(t, root, sampleTree)
	first, _ := explainTree(t, ts.Summarizer, root)
	// A shared store is untrusted: every stored record is replaced by junk
	// of some kind; each is ignored and the explanation recomputed.
	junk := [][]byte{[]byte("not json"), []byte(`{"v":1,"rec":{"overview":"` + strings.Repeat("x", maxOverviewBytes+1) + `"}}`),
		[]byte(`{"v":2,"rec":{}}`), []byte(`{"v":1,"rec":{"overview":"","chunks":[{"name":"f","Result":{"summary":""}}]}}`)}
	ts.store.mu.Lock()
	i := 0
	for k := range ts.store.m {
		ts.store.m[k] = junk[i%len(junk)]
		i++
	}
	ts.store.mu.Unlock()
	again, counts := explainTree(t, ts.Summarizer, root)
	if counts.FilesCached != 0 || counts.FoldersCached != 0 {
		t.Errorf("junk records were used: %+v", counts)
	}
	if again.Overview != first.Overview {
		t.Errorf("recomputed overview %q, want %q", again.Overview, first.Overview)
	}
	if ts.Status().Invalid == 0 {
		t.Error("no stored record was counted invalid")
	}
}
