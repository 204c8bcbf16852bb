package hub

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// partSuffix marks a file still being downloaded; a later Pull resumes it.
const partSuffix = ".part"

// Progress is a download's state, reported as bytes arrive.
type Progress struct {
	File       string // the file being downloaded
	Done       int64  // bytes of all selected files present so far
	Total      int64  // bytes of all selected files
	Downloaded int64  // bytes received over the network by this Pull
}

// PullOptions tune Pull.
type PullOptions struct {
	Revision string         // default "main"
	Variant  string         // an onnx/model*.onnx variant, default "quantized" (int8: the fastest on CPUs)
	Progress func(Progress) // called from Pull's goroutine; may be nil
}

// Pull downloads repo into dir (created if needed) with the files Select
// keeps for opts.Variant. Files already present and intact are kept; a file
// whose download was interrupted resumes from where it stopped (HTTP Range).
// Every file is checked against the hub's size and hash before it takes its
// final name. It returns the files of the model.
func (c *Client) Pull(ctx context.Context, repo, dir string, opts PullOptions) ([]File, error) {
	if opts.Revision == "" {
		opts.Revision = "main"
	}
	if opts.Variant == "" {
		opts.Variant = "quantized"
	}
	all, err := c.Files(ctx, repo, opts.Revision)
	if err != nil {
		return nil, err
	}
	files, err := Select(all, opts.Variant)
	if err != nil {
		return nil, fmt.Errorf("pull %s: %w", repo, err)
	}
	p := Progress{}
	for _, f := range files {
		p.Total += f.Size
	}
	report := func() {
		if opts.Progress != nil {
			opts.Progress(p)
		}
	}
	for _, f := range files {
		p.File = f.Path
		report()
		if err := c.fetch(ctx, repo, opts.Revision, dir, f, &p, report); err != nil {
			return nil, fmt.Errorf("pull %s: %s: %w", repo, f.Path, err)
		}
	}
	m := Manifest{Repo: repo, Revision: opts.Revision, Variant: opts.Variant, Files: files, Pulled: time.Now().UTC()}
	if err := writeManifest(dir, m); err != nil {
		return nil, fmt.Errorf("pull %s: %w", repo, err)
	}
	return files, nil
}

// fetch makes dir/f.Path a verified copy of f, reusing what is on disk.
func (c *Client) fetch(ctx context.Context, repo, revision, dir string, f File, p *Progress, report func()) error {
	final := filepath.Join(dir, filepath.FromSlash(f.Path))
	if ok, err := verify(final, f); err != nil {
		return err
	} else if ok {
		p.Done += f.Size
		report()
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	part := final + partSuffix
	start := p.Done
	for attempt := 0; ; attempt++ {
		err := c.download(ctx, repo, revision, part, f, func(have int64, fresh int64) {
			p.Done = start + have
			p.Downloaded += fresh
			report()
		})
		if err == nil {
			break
		}
		// A part that cannot be resumed (the server ignored Range, or the
		// bytes are wrong) is dropped and fetched again once.
		if errors.Is(err, errRestart) && attempt == 0 {
			if rmErr := os.Remove(part); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
				return rmErr
			}
			continue
		}
		return err
	}
	if ok, err := verify(part, f); err != nil {
		return err
	} else if !ok {
		os.Remove(part)
		return fmt.Errorf("%w: the downloaded file differs from the hub's listing", ErrChecksum)
	}
	return os.Rename(part, final)
}

var errRestart = errors.New("partial download cannot be resumed")

// download appends the missing bytes of f to part. onData gets the bytes in
// part and the bytes just received.
func (c *Client) download(ctx context.Context, repo, revision, part string, f File, onData func(have, fresh int64)) error {
	out, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	st, err := out.Stat()
	if err != nil {
		return err
	}
	have := st.Size()
	if have > f.Size {
		return errRestart
	}
	onData(have, 0)
	if have == f.Size {
		return nil
	}
	header := http.Header{}
	if have > 0 {
		header.Set("Range", "bytes="+strconv.FormatInt(have, 10)+"-")
	}
	resp, err := c.get(ctx, c.resolveURL(repo, revision, f.Path), header)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case have > 0 && resp.StatusCode == http.StatusOK:
		return errRestart // the server sent the whole file: start over
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return errRestart
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%w (HTTP 404)", ErrNotFound)
	case resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusPartialContent:
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	interrupted := func(err error) error {
		return fmt.Errorf("interrupted after %d of %d bytes (run again to resume): %w", have, f.Size, err)
	}
	buf := make([]byte, 256<<10)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			if have+int64(n) > f.Size {
				return errRestart
			}
			if _, werr := out.Write(buf[:n]); werr != nil {
				return werr
			}
			have += int64(n)
			onData(have, int64(n))
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return interrupted(rerr)
		}
	}
	if have != f.Size {
		return interrupted(io.ErrUnexpectedEOF)
	}
	return out.Close()
}

// verify reports whether path exists with f's size and hash.
func verify(path string, f File) (bool, error) {
	in, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return false, err
	}
	if st.Size() != f.Size {
		return false, nil
	}
	var h hash.Hash
	var want string
	switch {
	case f.SHA256 != "":
		h, want = sha256.New(), f.SHA256
	case f.GitOID != "":
		h, want = sha1.New(), f.GitOID
		fmt.Fprintf(h, "blob %d\x00", f.Size)
	default:
		return true, nil // the listing gave no hash: the size has to do
	}
	if _, err := io.Copy(h, in); err != nil {
		return false, err
	}
	return hex.EncodeToString(h.Sum(nil)) == want, nil
}

// manifestName is the file Pull writes last into a model directory.
const manifestName = ".summarizer-model.json"

// Manifest records what Pull put in a model directory.
type Manifest struct {
	Repo     string    `json:"repo"`
	Revision string    `json:"revision"`
	Variant  string    `json:"variant"`
	Files    []File    `json:"files"`
	Pulled   time.Time `json:"pulled"`
}

func writeManifest(dir string, m Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, manifestName+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, manifestName))
}
