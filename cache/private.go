package cache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Summaries describe the user's code, so the cache tree is the user's
// alone: directories 0700, files 0600.
const (
	dirMode  fs.FileMode = 0o700
	fileMode fs.FileMode = 0o600
)

// makePrivate creates dir (mode 0700) or, when it exists readable by
// others (made by an earlier version), takes the group and other bits off
// it and everything in it, with a log line. It then creates the database
// file with mode 0600 if it is missing (SQLite gives its WAL and
// shared-memory files the database file's mode).
func (c *Cache) makePrivate(dir string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fmt.Errorf("cache: create directory: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		n, err := tighten(dir)
		if err != nil {
			return fmt.Errorf("cache: make %s private: %w", dir, err)
		}
		c.log.Info("cache: the cache directory was readable by other users; made it private", "dir", dir,
			"was", fi.Mode().Perm().String(), "entries", n)
	}
	return nil
}

// createPrivate creates the (empty) database file at path with mode 0600
// if it is missing, before SQLite would create it with 0644; SQLite gives
// the WAL and shared-memory files the database file's mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	switch {
	case errors.Is(err, fs.ErrExist):
		return nil
	case err != nil:
		return fmt.Errorf("cache: create %s: %w", path, err)
	}
	return f.Close()
}

// tighten removes the group and other permission bits from root and
// everything under it, not following symbolic links, and returns how many
// entries it changed.
func tighten(root string) (int, error) {
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			n++
			return os.Chmod(path, perm&^0o077)
		}
		return nil
	})
	return n, err
}
