// Package hubtest is a fake Hugging Face hub for tests: it serves model
// repositories the way the hub does (a paged tree listing with sizes, git
// blob ids and LFS sha256s; resolve URLs that redirect LFS files to a content
// host; Range requests) and can break downloads on purpose.
package hubtest

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake hub. Set its fields before the first request; the
// fault-injection methods are safe for concurrent use.
type Server struct {
	URL   string
	Repos map[string]map[string][]byte // repo → path → content

	mu          sync.Mutex
	requests    []Served
	cutAfter    map[string]int
	corrupt     map[string]bool
	ignoreRange bool
}

// Served is one file download the server answered.
type Served struct {
	Path  string
	Range string // the request's Range header
	Bytes int    // body bytes sent
}

// New starts a fake hub, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{
		Repos:    map[string]map[string][]byte{},
		cutAfter: map[string]int{},
		corrupt:  map[string]bool{},
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// CutAfter makes the next download of path stop after n body bytes, with
// the connection dropped.
func (s *Server) CutAfter(path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cutAfter[path] = n
}

// Corrupt makes downloads of path return other bytes of the same size.
func (s *Server) Corrupt(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.corrupt[path] = true
}

// IgnoreRange makes the server answer Range requests with the whole file.
func (s *Server) IgnoreRange() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ignoreRange = true
}

// pageSize is the number of tree entries per page: small, to exercise paging.
const pageSize = 3

// isLFS reports whether path is stored in LFS: the files under onnx/.
func isLFS(path string) bool { return strings.HasPrefix(path, "onnx/") }

// Served lists the downloads answered so far, in order.
func (s *Server) Served() []Served {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Served(nil), s.requests...)
}

// gitOID is the git blob id of b, as the hub lists for files in git.
func gitOID(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// sha256Hex is the hex sha256 of b, as the hub lists for LFS files.
func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Model is a model directory in the layout of the Hugging Face ONNX exports,
// with deterministic random bytes as weights: configs, a tokenizer, and
// onnx/model{,_fp16,_q4,_quantized}.onnx (q4 with external data).
func Model() map[string][]byte {
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

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/api/models/"):
		s.serveTree(w, r, strings.TrimPrefix(p, "/api/models/"))
	case strings.HasPrefix(p, "/cdn/"):
		// /cdn/<owner>/<name>/<path>: where LFS downloads are redirected.
		parts := strings.SplitN(strings.TrimPrefix(p, "/cdn/"), "/", 3)
		if len(parts) < 3 {
			http.NotFound(w, r)
			return
		}
		s.serveFile(w, r, parts[0]+"/"+parts[1], parts[2])
	default:
		// /<owner>/<name>/resolve/<rev>/<path>
		parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 5)
		if len(parts) < 5 || parts[2] != "resolve" || parts[3] != "main" {
			http.NotFound(w, r)
			return
		}
		repo, file := parts[0]+"/"+parts[1], parts[4]
		if isLFS(file) {
			http.Redirect(w, r, "/cdn/"+repo+"/"+file, http.StatusFound)
			return
		}
		s.serveFile(w, r, repo, file)
	}
}

func (s *Server) serveTree(w http.ResponseWriter, r *http.Request, rest string) {
	// <owner>/<name>/tree/<rev>
	parts := strings.Split(rest, "/")
	if len(parts) != 4 || parts[2] != "tree" || parts[3] != "main" || r.URL.Query().Get("recursive") != "true" {
		http.NotFound(w, r)
		return
	}
	files, ok := s.Repos[parts[0]+"/"+parts[1]]
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
	end := min(cursor+pageSize, len(paths))
	var entries []map[string]any
	for _, p := range paths[cursor:end] {
		b, isFile := files[p]
		if !isFile {
			entries = append(entries, map[string]any{"type": "directory", "path": p, "oid": "0", "size": 0})
			continue
		}
		e := map[string]any{"type": "file", "path": p, "size": len(b), "oid": gitOID(b)}
		if isLFS(p) {
			pointer := fmt.Sprintf("version https://git-lfs.github.com/spec/v1\noid sha256:%s\nsize %d\n", sha256Hex(b), len(b))
			e["size"] = len(pointer)
			e["oid"] = gitOID([]byte(pointer))
			e["lfs"] = map[string]any{"oid": sha256Hex(b), "size": len(b), "pointerSize": len(pointer)}
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

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, repo, file string) {
	content, ok := s.Repos[repo][file]
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	cut, doCut := s.cutAfter[file]
	delete(s.cutAfter, file)
	if s.corrupt[file] {
		content = bytes.Repeat([]byte{'x'}, len(content))
	}
	rng := r.Header.Get("Range")
	if s.ignoreRange {
		r.Header.Del("Range")
	}
	s.mu.Unlock()

	start := 0
	if v, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes="); ok {
		start, _ = strconv.Atoi(strings.TrimSuffix(v, "-"))
	}
	if start > len(content) {
		http.Error(w, "range not satisfiable", http.StatusRequestedRangeNotSatisfiable)
		return
	}
	body := content[start:]
	if doCut {
		// Promise the whole body, send part of it, then drop the connection.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:cut])
		w.(http.Flusher).Flush()
		s.record(Served{file, rng, cut})
		panic(http.ErrAbortHandler)
	}
	s.record(Served{file, rng, len(body)})
	http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(content))
}

func (s *Server) record(sv Served) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, sv)
}
