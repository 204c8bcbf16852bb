package hub

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ErrNotInstalled means no local model has that name.
var ErrNotInstalled = errors.New("model not installed")

// ModelsDir is where models live under a cache directory.
func ModelsDir(cacheDir string) string { return filepath.Join(cacheDir, "models") }

// Dir is the local directory of repo ("owner/name") under cacheDir:
// <cacheDir>/models/<owner>--<name>.
func Dir(cacheDir, repo string) (string, error) {
	if err := CheckName(repo); err != nil {
		return "", err
	}
	return filepath.Join(ModelsDir(cacheDir), strings.Replace(repo, "/", "--", 1)), nil
}

// Local is a model directory on disk.
type Local struct {
	Name     string // owner/name
	Dir      string
	Size     int64  // bytes of all files, partial downloads included
	Variant  string // from the pull manifest; "" when unknown
	Complete bool   // Pull finished (its manifest is there)
	Pulled   time.Time
}

// List returns the models under cacheDir, sorted by name.
func List(cacheDir string) ([]Local, error) {
	root := ModelsDir(cacheDir)
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	var out []Local
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		l := Local{Name: strings.Replace(e.Name(), "--", "/", 1), Dir: filepath.Join(root, e.Name())}
		if data, err := os.ReadFile(filepath.Join(l.Dir, manifestName)); err == nil {
			var m Manifest
			if json.Unmarshal(data, &m) == nil {
				l.Name, l.Variant, l.Complete, l.Pulled = m.Repo, m.Variant, true, m.Pulled
			}
		}
		err := filepath.WalkDir(l.Dir, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			l.Size += info.Size()
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("list models: %w", err)
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Remove deletes the local copy of repo (owner/name) under cacheDir.
func Remove(cacheDir, repo string) error {
	dir, err := Dir(cacheDir, repo)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", repo, ErrNotInstalled)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove %s: %w", repo, err)
	}
	return nil
}
