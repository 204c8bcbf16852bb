package hub

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeHub serves model repositories the way the Hugging Face hub does: a
// paged tree listing with sizes, git blob ids and LFS sha256s, resolve URLs
// that redirect LFS files to a content host, and Range requests.
type fakeHub struct {
	t        *testing.T
	repos    map[string]map[string][]byte // repo → path → content
	lfs      func(path string) bool
	pageSize int

	mu          sync.Mutex
	requests    []served        // resolve/CDN downloads, in order
	cutAfter    map[string]int  // path → abort the first download after this many bytes
	corrupt     map[string]bool // path → serve other bytes of the same size
	ignoreRange bool            // answer Range requests with the whole file
}

type served struct {
	Path  string
	Range string
	Bytes int
}

func newFakeHub(t *testing.T) (*fakeHub, *httptest.Server) {
	h := &fakeHub{
		t:        t,
		repos:    map[string]map[string][]byte{},
		lfs:      func(p string) bool { return strings.HasPrefix(p, "onnx/") },
		pageSize: 3,
		cutAfter: map[string]int{},
		corrupt:  map[string]bool{},
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return h, srv
}

func gitOID(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func (h *fakeHub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/api/models/"):
		h.serveTree(w, r, strings.TrimPrefix(p, "/api/models/"))
	case strings.HasPrefix(p, "/cdn/"):
		// /cdn/<repo>/<path>: where LFS downloads are redirected.
		rest := strings.TrimPrefix(p, "/cdn/")
		parts := strings.SplitN(rest, "/", 3)
		h.serveFile(w, r, parts[0]+"/"+parts[1], parts[2])
	default:
		// /<owner>/<name>/resolve/<rev>/<path>
		parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 5)
		if len(parts) < 5 || parts[2] != "resolve" || parts[3] != "main" {
			http.NotFound(w, r)
			return
		}
		repo, file := parts[0]+"/"+parts[1], parts[4]
		if h.lfs(file) {
			http.Redirect(w, r, "/cdn/"+repo+"/"+file, http.StatusFound)
			return
		}
		h.serveFile(w, r, repo, file)
	}
}

func (h *fakeHub) serveTree(w http.ResponseWriter, r *http.Request, rest string) {
	// <owner>/<name>/tree/<rev>
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || parts[2] != "tree" || parts[3] != "main" || r.URL.Query().Get("recursive") != "true" {
		http.NotFound(w, r)
		return
	}
	files, ok := h.repos[parts[0]+"/"+parts[1]]
	if !ok {
		http.Error(w, `{"error":"Repository not found"}`, http.StatusNotFound)
		return
	}
	var paths []string
	dirs := map[string]bool{}
	for p := range files {
		paths = append(paths, p)
		if i := strings.LastIndex(p, "/"); i > 0 {
			dirs[p[:i]] = true
		}
	}
	for d := range dirs {
		paths = append(paths, d)
	}
	sort.Strings(paths)
	cursor, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	end := min(cursor+h.pageSize, len(paths))
	var entries []map[string]any
	for _, p := range paths[cursor:end] {
		b, isFile := files[p]
		if !isFile {
			entries = append(entries, map[string]any{"type": "directory", "path": p, "oid": "0", "size": 0})
			continue
		}
		e := map[string]any{"type": "file", "path": p, "size": len(b), "oid": gitOID(b)}
		if h.lfs(p) {
			pointer := fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n", sha(b), len(b))
			e["size"] = len(pointer)
			e["oid"] = gitOID([]byte(pointer))
			e["lfs"] = map[string]any{"oid": sha(b), "size": len(b), "pointerSize": len(pointer)}
		}
		entries = append(entries, e)
	}
	if end < len(paths) {
		next := *r.URL
		q := next.Query()
		q.Set("cursor", strconv.Itoa(end))
		next.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s>; rel="next"`, r.Host, next.String()))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(entries)
}

func (h *fakeHub) serveFile(w http.ResponseWriter, r *http.Request, repo, file string) {
	content, ok := h.repos[repo][file]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h.mu.Lock()
	cut, doCut := h.cutAfter[file]
	delete(h.cutAfter, file)
	if h.corrupt[file] {
		content = bytes.Repeat([]byte{'x'}, len(content))
	}
	rng := r.Header.Get("Range")
	if h.ignoreRange {
		r.Header.Del("Range")
	}
	h.mu.Unlock()

	start := 0
	if v, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes="); ok {
		start, _ = strconv.Atoi(strings.TrimSuffix(v, "-"))
	}
	body := content[start:]
	if doCut {
		// Promise the whole body, send part of it, then drop the connection.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:cut])
		w.(http.Flusher).Flush()
		h.record(served{file, rng, cut})
		panic(http.ErrAbortHandler)
	}
	h.record(served{file, rng, len(body)})
	http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(content))
}

func (h *fakeHub) record(s served) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, s)
}

func (h *fakeHub) served() []served {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]served(nil), h.requests...)
}

// fixtureModel is a model directory in the layout of the ONNX exports, with
// random bytes for weights.
func fixtureModel() map[string][]byte {
	rnd := rand.New(rand.NewSource(1))
	blob := func(n int) []byte {
		b := make([]byte, n)
		rnd.Read(b)
		return b
	}
	return map[string][]byte{
		".gitattributes":             []byte("*.onnx filter=lfs diff=lfs merge=lfs -text\n"),
		"config.json":                []byte(`{"model_type":"qwen2","num_hidden_layers":2}`),
		"generation_config.json":     []byte(`{"eos_token_id":151645}`),
		"tokenizer.json":             []byte(`{"version":"1.0","model":{"type":"BPE"}}`),
		"tokenizer_config.json":      []byte(`{"model_max_length":32768}`),
		"onnx/model.onnx":            blob(300_000),
		"onnx/model_fp16.onnx":       blob(150_000),
		"onnx/model_q4.onnx":         blob(40_000),
		"onnx/model_q4.onnx_data":    blob(900_000),
		"onnx/model_quantized.onnx":  blob(80_000),
		"onnx/decoder_model.onnx":    blob(1_000),
		"onnx/model_q4f16.onnx_data": blob(1_000),
	}
}

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
	h, srv := newFakeHub(t)
	model := fixtureModel()
	h.repos[repo] = model
	cache := t.TempDir()
	dir, err := Dir(cache, repo)
	if err != nil {
		t.Fatal(err)
	}
	var last Progress
	calls := 0
	files, err := NewClient(srv.URL, "", nil).Pull(context.Background(), repo, dir, PullOptions{
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
	h, srv := newFakeHub(t)
	model := fixtureModel()
	h.repos[repo] = model
	const big = "onnx/model_q4.onnx_data"
	cut := 350_000
	h.cutAfter[big] = cut
	dir := filepath.Join(t.TempDir(), "m")
	c := NewClient(srv.URL, "", nil)

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
	before := len(h.served())

	var downloaded int64
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4", Progress: func(p Progress) { downloaded = p.Downloaded }}); err != nil {
		t.Fatalf("second Pull: %v", err)
	}
	checkDir(t, dir, model, q4Files(model))
	var resumed *served
	again := h.served()[before:]
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
	h, srv := newFakeHub(t)
	model := fixtureModel()
	h.repos[repo] = model
	h.cutAfter["onnx/model_q4.onnx"] = 10_000
	h.ignoreRange = true
	dir := t.TempDir()
	c := NewClient(srv.URL, "", nil)
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err == nil {
		t.Fatal("first Pull succeeded despite the cut")
	}
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatalf("Pull after a server that ignores Range: %v", err)
	}
	checkDir(t, dir, model, q4Files(model))
}

func TestPullKeepsIntactFiles(t *testing.T) {
	h, srv := newFakeHub(t)
	model := fixtureModel()
	h.repos[repo] = model
	dir := t.TempDir()
	c := NewClient(srv.URL, "", nil)
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatal(err)
	}
	// Damage one file: only it is fetched again.
	damaged := filepath.Join(dir, "tokenizer.json")
	if err := os.WriteFile(damaged, bytes.Repeat([]byte{'?'}, len(model["tokenizer.json"])), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(h.served())
	if _, err := c.Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"}); err != nil {
		t.Fatal(err)
	}
	again := h.served()[before:]
	if len(again) != 1 || again[0].Path != "tokenizer.json" {
		t.Errorf("second Pull downloaded %+v, want only the damaged tokenizer.json", again)
	}
	checkDir(t, dir, model, q4Files(model))
}

func TestPullRejectsBadChecksum(t *testing.T) {
	for _, file := range []string{"config.json", "onnx/model_q4.onnx"} { // git blob id, LFS sha256
		t.Run(file, func(t *testing.T) {
			h, srv := newFakeHub(t)
			h.repos[repo] = fixtureModel()
			h.corrupt[file] = true
			dir := t.TempDir()
			_, err := NewClient(srv.URL, "", nil).Pull(context.Background(), repo, dir, PullOptions{Variant: "q4"})
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
	h, srv := newFakeHub(t)
	h.repos[repo] = fixtureModel()
	c := NewClient(srv.URL, "", nil)
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
	for p := range fixtureModel() {
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
