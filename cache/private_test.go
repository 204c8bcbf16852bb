package cache

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// privateDir is a temporary directory with mode 0700, as the cache makes
// its own.
func privateDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, dirMode); err != nil {
		t.Fatal(err)
	}
	return dir
}

// modes returns the permission bits of everything under root.
func modes(t *testing.T, root string) map[string]fs.FileMode {
	t.Helper()
	m := map[string]fs.FileMode{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		m[rel] = fi.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestNewCacheTreeIsPrivate(t *testing.T) {
	old := filepath.Join(t.TempDir(), "parent")
	if err := os.Mkdir(old, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(old, "summarizer-lsp", "nested")
	logger, logged := captureLog()
	c := openTest(t, Options{Dir: dir, Logger: logger})
	mustPut(t, c, 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for path, perm := range modes(t, filepath.Join(old, "summarizer-lsp")) {
		if perm&0o077 != 0 {
			t.Errorf("%s has mode %v, want no group or other bits", path, perm)
		}
	}
	if m := modes(t, dir); m[FileName] != fileMode || m["."] != dirMode {
		t.Errorf("modes = %v, want the directory %v and %s %v", m, dirMode, FileName, fileMode)
	}
	if strings.Contains(logged(), "private") {
		t.Errorf("a new directory needs no tightening, logged %q", logged())
	}
}

func TestExistingCacheTreeIsTightenedOnce(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// What an earlier version left: a world-readable database and an
	// explanation in a world-readable folder.
	c := openTest(t, Options{Dir: dir})
	mustPut(t, c, 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".", FileName} {
		if err := os.Chmod(filepath.Join(dir, p), map[bool]fs.FileMode{true: 0o755, false: 0o644}[p == "."]); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "explain"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "explain", "a.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	logger, logged := captureLog()
	c = openTest(t, Options{Dir: dir, Logger: logger})
	mustGet(t, c, 1)
	for path, perm := range modes(t, dir) {
		if perm&0o077 != 0 {
			t.Errorf("%s has mode %v after opening, want no group or other bits", path, perm)
		}
	}
	if n := strings.Count(logged(), "made it private"); n != 1 {
		t.Errorf("logged %q, want one line saying the directory was made private", logged())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	logger, logged = captureLog()
	c = openTest(t, Options{Dir: dir, Logger: logger})
	mustGet(t, c, 1)
	if strings.Contains(logged(), "private") {
		t.Errorf("second open logged %q, want nothing: the tree is already private", logged())
	}
}
