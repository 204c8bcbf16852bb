// Package tree walks a source tree for explanation: it honours .gitignore
// files and .git/info/exclude, skips vendored folders, generated, binary
// and oversized files, and follows symbolic links only while they stay
// inside the tree (a link loop is skipped, never followed twice).
//
// It imports nothing else of this module.
package tree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// DefaultMaxFileSize is the size above which files are skipped: larger
// source files are almost always data or generated code.
const DefaultMaxFileSize = 1 << 20

// DefaultSkipDirs are the folder names skipped wherever they appear:
// vendored and third-party code, and Go's test fixtures.
var DefaultSkipDirs = []string{"vendor", "node_modules", "third_party", "testdata"}

// headSize is how much of each file is read to tell binary and generated
// files apart.
const headSize = 8 << 10

// Options choose what a walk skips. The zero value takes the defaults.
type Options struct {
	// MaxFileSize skips larger files; 0 means DefaultMaxFileSize, a
	// negative value no bound.
	MaxFileSize int64
	// SkipDirs are folder names skipped anywhere; nil means
	// DefaultSkipDirs, an empty non-nil slice none.
	SkipDirs []string
	// KeepGenerated keeps files marked as generated.
	KeepGenerated bool
	// NoIgnoreFiles disregards .gitignore files and .git/info/exclude.
	NoIgnoreFiles bool
	// Accept, when set, keeps only the files whose relative path it
	// accepts (by name: a source language's extension); the others are
	// neither read nor reported.
	Accept func(rel string) bool
}

// File is one file kept by a walk.
type File struct {
	// Path is slash-separated and relative to the root.
	Path string
	// Abs is the path to read it by (through the links it was reached by).
	Abs  string
	Size int64
}

// Dir is one folder of a walk with the files and folders kept under it;
// folders with nothing kept under them are left out.
type Dir struct {
	// Path is slash-separated and relative to the root; "" is the root.
	Path  string
	Files []File
	Dirs  []*Dir
}

// Reason says why a path was skipped.
type Reason string

// Why paths are skipped.
const (
	Ignored    Reason = "ignored by .gitignore"
	Vendored   Reason = "vendored, third-party or test-data folder"
	Generated  Reason = "generated file"
	Binary     Reason = "binary file"
	TooLarge   Reason = "larger than the size bound"
	Outside    Reason = "symbolic link leading outside the tree"
	Loop       Reason = "symbolic link to a folder already walked"
	Duplicate  Reason = "symbolic link to a file already walked"
	Unreadable Reason = "unreadable"
)

// Skip is one skipped path.
type Skip struct {
	Path   string
	Reason Reason
	Err    error // set for Unreadable
}

// Tree is the result of a walk.
type Tree struct {
	Root    string // the root as given
	Top     *Dir
	Files   int // files kept
	Skipped []Skip
}

// ErrNotDir is returned when the root is not a folder.
var ErrNotDir = errors.New("not a folder")

// walker holds one walk's state.
type walker struct {
	opts     Options
	realRoot string
	seenDirs map[string]bool // real paths of folders walked
	seenFile map[string]bool // real paths of files kept
	tree     *Tree
}

// Walk walks the folder root.
func Walk(root string, opts Options) (*Tree, error) {
	if opts.MaxFileSize == 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.SkipDirs == nil {
		opts.SkipDirs = DefaultSkipDirs
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: %w", root, ErrNotDir)
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	real, err = filepath.Abs(real)
	if err != nil {
		return nil, err
	}
	w := &walker{opts: opts, realRoot: real, seenDirs: map[string]bool{real: true}, seenFile: map[string]bool{},
		tree: &Tree{Root: root}}
	var rules []rule
	if !opts.NoIgnoreFiles {
		if data, err := os.ReadFile(filepath.Join(root, ".git", "info", "exclude")); err == nil {
			rules = parseIgnore(data, "")
		}
	}
	top := w.dir(root, "", rules)
	if top == nil {
		top = &Dir{}
	}
	w.tree.Top = top
	return w.tree, nil
}

// dir walks the folder at abs (rel from the root) under the rules of its
// parents and returns what it keeps, or nil when nothing.
func (w *walker) dir(abs, rel string, rules []rule) *Dir {
	if !w.opts.NoIgnoreFiles {
		if data, err := os.ReadFile(filepath.Join(abs, ".gitignore")); err == nil {
			rules = append(slices.Clip(rules), parseIgnore(data, rel)...)
		}
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.skip(rel, Unreadable, err)
		return nil
	}
	d := &Dir{Path: rel}
	for _, e := range entries {
		name := e.Name()
		childAbs, childRel := filepath.Join(abs, name), joinRel(rel, name)
		isDir, ok := w.resolve(childAbs, childRel, e)
		if !ok {
			continue
		}
		switch {
		case isDir && name == ".git":
		case isDir && slices.Contains(w.opts.SkipDirs, name):
			w.skip(childRel, Vendored, nil)
		case ignored(rules, childRel, isDir):
			w.skip(childRel, Ignored, nil)
		case isDir:
			if sub := w.dir(childAbs, childRel, rules); sub != nil {
				d.Dirs = append(d.Dirs, sub)
			}
		default:
			if f, ok := w.file(childAbs, childRel); ok {
				d.Files = append(d.Files, f)
			}
		}
	}
	if len(d.Files) == 0 && len(d.Dirs) == 0 {
		return nil
	}
	return d
}

// resolve says whether the entry is a folder, following a symbolic link
// only when it stays inside the tree and leads to a folder not walked yet
// or to a file not kept yet. It reports false for entries to pass over.
func (w *walker) resolve(abs, rel string, e fs.DirEntry) (isDir, ok bool) {
	if e.Type()&fs.ModeSymlink == 0 {
		if !e.IsDir() && !e.Type().IsRegular() {
			return false, false // sockets, devices, pipes
		}
		if e.IsDir() {
			return true, w.enter(abs, rel)
		}
		return false, true
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		w.skip(rel, Unreadable, err)
		return false, false
	}
	if real, err = filepath.Abs(real); err != nil || !within(w.realRoot, real) {
		w.skip(rel, Outside, nil)
		return false, false
	}
	fi, err := os.Stat(real)
	switch {
	case err != nil:
		w.skip(rel, Unreadable, err)
		return false, false
	case fi.IsDir():
		if w.seenDirs[real] {
			w.skip(rel, Loop, nil)
			return false, false
		}
		w.seenDirs[real] = true
		return true, true
	case !fi.Mode().IsRegular():
		return false, false
	}
	return false, true
}

// enter records a plain folder as walked; a folder reached twice (through
// a link walked earlier) is passed over.
func (w *walker) enter(abs, rel string) bool {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		w.skip(rel, Unreadable, err)
		return false
	}
	if real, err = filepath.Abs(real); err != nil || w.seenDirs[real] {
		w.skip(rel, Loop, nil)
		return false
	}
	w.seenDirs[real] = true
	return true
}

// file checks one file and reports whether it is kept.
func (w *walker) file(abs, rel string) (File, bool) {
	if w.opts.Accept != nil && !w.opts.Accept(rel) {
		return File{}, false
	}
	real, err := filepath.EvalSymlinks(abs)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		w.skip(rel, Unreadable, err)
		return File{}, false
	}
	if w.seenFile[real] {
		w.skip(rel, Duplicate, nil)
		return File{}, false
	}
	reason, size, err := w.check(abs)
	if reason != "" {
		w.skip(rel, reason, err)
		return File{}, false
	}
	w.seenFile[real] = true
	w.tree.Files++
	return File{Path: rel, Abs: abs, Size: size}, true
}

// check reads the head of a file and says why it is skipped, if it is.
func (w *walker) check(abs string) (Reason, int64, error) {
	f, err := os.Open(abs)
	if err != nil {
		return Unreadable, 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Unreadable, 0, err
	}
	if w.opts.MaxFileSize > 0 && fi.Size() > w.opts.MaxFileSize {
		return TooLarge, fi.Size(), nil
	}
	head := make([]byte, min(fi.Size(), headSize))
	if _, err := io.ReadFull(f, head); err != nil {
		return Unreadable, fi.Size(), err
	}
	switch {
	case isBinary(head):
		return Binary, fi.Size(), nil
	case !w.opts.KeepGenerated && isGenerated(head):
		return Generated, fi.Size(), nil
	}
	return "", fi.Size(), nil
}

func (w *walker) skip(rel string, why Reason, err error) {
	w.tree.Skipped = append(w.tree.Skipped, Skip{Path: rel, Reason: why, Err: err})
}

// within reports whether path lies in (or is) the folder root; both are
// absolute and clean.
func within(root, path string) bool {
	r, err := filepath.Rel(root, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

// isBinary reports whether the head of a file holds a NUL byte, as text
// files never do.
func isBinary(head []byte) bool { return bytes.IndexByte(head, 0) >= 0 }

// generatedRE are the markers of generated files in the head of a file:
// Go's convention (https://go.dev/s/generatedcode), "@generated" (used by
// many JavaScript, PHP and Python generators) and C#'s "<auto-generated".
var generatedRE = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.\r?$|@generated\b|<auto-generated`)

// isGenerated reports whether the head of a file marks it as generated.
func isGenerated(head []byte) bool { return generatedRE.Match(head) }
