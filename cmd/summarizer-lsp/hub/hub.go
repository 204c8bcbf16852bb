// Package hub downloads model directories from the Hugging Face hub (or any
// server with the same HTTP API) and manages the local copies.
//
// Remote layout used: GET {base}/api/models/{repo}/tree/{revision}?recursive=true
// lists the files (JSON array of {type, path, size, oid, lfs: {oid, size}},
// paged with a Link: <...>; rel="next" header), and
// GET {base}/{repo}/resolve/{revision}/{path} downloads one, honouring Range.
// LFS files are verified against their sha256 (lfs.oid), other files against
// their git blob id (oid, a sha1 of "blob <size>\x00" + content).
package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// DefaultBaseURL is the public hub.
const DefaultBaseURL = "https://huggingface.co"

var (
	// ErrNotFound means the hub has no such repository or revision.
	ErrNotFound = errors.New("model not found on the hub")
	// ErrVariant means the repository has no ONNX file of the asked variant.
	ErrVariant = errors.New("model variant not found")
	// ErrChecksum means a downloaded file does not match the hub's size or hash.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrName means a model name is not of the form owner/name.
	ErrName = errors.New("model name must be owner/name")
)

// File is one file of a remote model repository.
type File struct {
	Path   string // slash-separated, relative to the repository root
	Size   int64
	SHA256 string // hex; set for LFS files
	GitOID string // hex git blob id; set for files stored in git
}

// Client talks to a hub. Safe for concurrent use.
type Client struct {
	base  string
	http  *http.Client
	token string
}

// NewClient returns a client for the hub at baseURL (DefaultBaseURL when
// empty), sending token as a bearer token when it is not empty.
func NewClient(baseURL, token string, hc *http.Client) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), http: hc, token: token}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CheckName reports whether repo is a valid owner/name.
func CheckName(repo string) error {
	if !nameRE.MatchString(repo) || strings.Contains(repo, "..") {
		return fmt.Errorf("%q: %w", repo, ErrName)
	}
	return nil
}

func (c *Client) get(ctx context.Context, u string, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.http.Do(req)
}

type treeEntry struct {
	Type string `json:"type"`
	Path string `json:"path"`
	Size int64  `json:"size"`
	OID  string `json:"oid"`
	LFS  *struct {
		OID  string `json:"oid"`
		Size int64  `json:"size"`
	} `json:"lfs"`
}

var nextLinkRE = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?next"?`)

// Files lists every file of repo at revision.
func (c *Client) Files(ctx context.Context, repo, revision string) ([]File, error) {
	if err := CheckName(repo); err != nil {
		return nil, err
	}
	u := fmt.Sprintf("%s/api/models/%s/tree/%s?recursive=true", c.base, repo, url.PathEscape(revision))
	var files []File
	for u != "" {
		resp, err := c.get(ctx, u, nil)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", repo, err)
		}
		var entries []treeEntry
		switch {
		case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusUnauthorized:
			resp.Body.Close()
			return nil, fmt.Errorf("list %s@%s: %w (HTTP %d)", repo, revision, ErrNotFound, resp.StatusCode)
		case resp.StatusCode != http.StatusOK:
			resp.Body.Close()
			return nil, fmt.Errorf("list %s: HTTP %s", repo, resp.Status)
		}
		err = json.NewDecoder(resp.Body).Decode(&entries)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", repo, err)
		}
		for _, e := range entries {
			if e.Type != "file" {
				continue
			}
			if !validPath(e.Path) {
				return nil, fmt.Errorf("list %s: unsafe file path %q", repo, e.Path)
			}
			f := File{Path: e.Path, Size: e.Size, GitOID: e.OID}
			if e.LFS != nil {
				f.SHA256, f.Size, f.GitOID = e.LFS.OID, e.LFS.Size, ""
			}
			files = append(files, f)
		}
		u = ""
		if m := nextLinkRE.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			u = m[1]
		}
	}
	return files, nil
}

// validPath rejects absolute paths and paths leaving the model directory.
func validPath(p string) bool {
	return p != "" && !strings.HasPrefix(p, "/") && path.Clean(p) == p && p != ".." && !strings.HasPrefix(p, "../")
}

func (c *Client) resolveURL(repo, revision, file string) string {
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return fmt.Sprintf("%s/%s/resolve/%s/%s", c.base, repo, url.PathEscape(revision), strings.Join(segs, "/"))
}

// variants maps each variant, in the order error messages list them, to the
// suffix of its onnx/model*.onnx file, the naming of the Hugging Face ONNX
// exports.
var variants = []struct{ name, suffix string }{
	{"fp32", ""},
	{"fp16", "_fp16"},
	{"quantized", "_quantized"},
	{"q8", "_quantized"},
	{"int8", "_int8"},
	{"uint8", "_uint8"},
	{"q4", "_q4"},
	{"q4f16", "_q4f16"},
	{"bnb4", "_bnb4"},
}

// variantSuffix is the file suffix of variant; ok is false for an unknown one.
func variantSuffix(variant string) (suffix string, ok bool) {
	for _, v := range variants {
		if v.name == variant {
			return v.suffix, true
		}
	}
	return "", false
}

var onnxRE = regexp.MustCompile(`^onnx/model(_[a-z0-9]+)?\.onnx(_data(_\d+)?)?$`)

// Select keeps the files a model directory needs for variant: everything
// outside onnx/, plus onnx/model<suffix>.onnx and its external data files.
func Select(files []File, variant string) ([]File, error) {
	suffix, ok := variantSuffix(variant)
	if !ok {
		known := make([]string, len(variants))
		for i, v := range variants {
			known[i] = v.name
		}
		return nil, fmt.Errorf("%q (known: %s): %w", variant, strings.Join(known, ", "), ErrVariant)
	}
	var out []File
	var present []string
	found := false
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "onnx/") {
			out = append(out, f)
			continue
		}
		m := onnxRE.FindStringSubmatch(f.Path)
		if m == nil {
			continue
		}
		if m[2] == "" {
			present = append(present, f.Path)
		}
		if m[1] == suffix {
			out = append(out, f)
			found = found || m[2] == ""
		}
	}
	if !found {
		return nil, fmt.Errorf("no onnx/model%s.onnx (the repository has %v): %w", suffix, present, ErrVariant)
	}
	return out, nil
}
