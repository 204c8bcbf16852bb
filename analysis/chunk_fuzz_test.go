package analysis

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzChunks parses random text as every language (and as one without a
// grammar) and checks the chunks: no crash, every chunk inside the
// document with its text and points matching its bytes, its doc before
// it or inside it (a docstring), children inside
// their parents, siblings in document order, names non-empty. The seeds
// are the golden files of every language.
func FuzzChunks(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		lang := strings.TrimSuffix(filepath.Base(p), ".txtar")
		for _, section := range strings.Split(string(data), "\n-- ")[1:] {
			_, body, _ := strings.Cut(section, "\n")
			if len(body) <= 8<<10 {
				f.Add(languageIndex(lang), uint8(40), body)
			}
		}
	}
	f.Add(languageIndex(""), uint8(3), "line one\n\nline three\r\nfour\n")
	f.Fuzz(func(t *testing.T, which, window uint8, src string) {
		langs := Languages()
		lang := "" // no grammar: line windows
		if i := int(which) % (len(langs) + 1); i < len(langs) {
			lang = langs[i]
		}
		opts := Options{WindowLines: int(window%64) + 1}
		fi, err := Parse(lang, []byte(src), opts)
		if err != nil && err != ErrBinary {
			t.Fatalf("Parse(%s): %v", lang, err)
		}
		whole := Range{StartByte: 0, EndByte: len(src)}
		checkChunks(t, []byte(src), whole, fi.Chunks)
	})
}

func languageIndex(lang string) uint8 {
	for i, l := range Languages() {
		if l == lang {
			return uint8(i)
		}
	}
	return uint8(len(Languages())) // no grammar
}

// checkChunks checks chunks, the children of a chunk with range parent.
func checkChunks(t *testing.T, src []byte, parent Range, chunks []Chunk) {
	t.Helper()
	prevEnd := parent.StartByte
	for _, c := range chunks {
		r := c.Range
		switch {
		case r.StartByte < parent.StartByte || r.EndByte > parent.EndByte || r.StartByte > r.EndByte:
			t.Fatalf("%s %q: range [%d,%d) outside its parent [%d,%d)", c.Kind, c.Name, r.StartByte, r.EndByte, parent.StartByte, parent.EndByte)
		case r.StartByte < prevEnd:
			t.Fatalf("%s %q: starts at %d, before its previous sibling ends (%d)", c.Kind, c.Name, r.StartByte, prevEnd)
		case strings.TrimSpace(c.Name) == "":
			t.Fatalf("%s chunk at [%d,%d) has no name", c.Kind, r.StartByte, r.EndByte)
		case c.Text != string(src[r.StartByte:r.EndByte]):
			t.Fatalf("%s %q: text %q is not the bytes of its range %q", c.Kind, c.Name, c.Text, src[r.StartByte:r.EndByte])
		case r.Start != pointOf(src, r.StartByte) || r.End != pointOf(src, r.EndByte):
			t.Fatalf("%s %q: points %v–%v do not match bytes %d–%d (%v–%v)", c.Kind, c.Name, r.Start, r.End, r.StartByte, r.EndByte, pointOf(src, r.StartByte), pointOf(src, r.EndByte))
		}
		if c.Doc != "" {
			d := c.DocRange
			before := d.StartByte >= 0 && d.StartByte <= d.EndByte && d.EndByte <= r.StartByte
			inside := r.StartByte <= d.StartByte && d.StartByte <= d.EndByte && d.EndByte <= r.EndByte // a docstring
			if !before && !inside {
				t.Fatalf("%s %q: doc range [%d,%d) neither before nor inside the chunk [%d,%d)", c.Kind, c.Name, d.StartByte, d.EndByte, r.StartByte, r.EndByte)
			}
		}
		checkChunks(t, src, r, c.Children)
		prevEnd = r.EndByte
	}
}

// pointOf is the line and byte column of offset, counted the slow way.
func pointOf(src []byte, offset int) Point {
	before := src[:offset]
	line := bytes.Count(before, []byte("\n"))
	return Point{Line: line, Column: offset - (bytes.LastIndexByte(before, '\n') + 1)}
}
