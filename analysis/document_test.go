package analysis

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestIncrementalMatchesFresh applies random edits to documents of every
// language and checks after each that the incrementally re-chunked result
// equals chunking the same text from scratch.
func TestIncrementalMatchesFresh(t *testing.T) {
	inputs := goldenInputs(t)
	inserts := []string{"x", "\n", "}", "{", "\n\n", "// c\n", "(", "\"", "é", "🎉", ""}
	for lang, src := range inputs {
		t.Run(lang, func(t *testing.T) {
			r := rand.New(rand.NewSource(int64(len(src))))
			d, err := NewDocument(lang, src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			d.File()
			compared := 0
			for i := range 60 {
				text := d.Text()
				start := r.Intn(len(text) + 1)
				end := min(len(text), start+r.Intn(8))
				ins := inserts[r.Intn(len(inserts))]
				if err := d.Edit(Edit{Start: start, OldEnd: end, Text: []byte(ins)}); err != nil {
					t.Fatal(err)
				}
				if i%3 == 0 {
					continue // several edits between re-chunks
				}
				got := d.File()
				want, err := Parse(lang, bytes.Clone(d.Text()), Options{})
				if err != nil {
					t.Fatal(err)
				}
				if !sameTree(d) {
					// tree-sitter's error recovery may differ between an
					// incremental and a fresh parse; chunks can only be
					// compared when the trees agree.
					continue
				}
				compared++
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("edit %d (%d..%d → %q): incremental chunks differ from a fresh parse\n--- incremental ---\n%s--- fresh ---\n%s",
						i, start, end, ins, outline(got), outline(want))
				}
			}
			if compared < 10 {
				t.Fatalf("only %d of 40 re-chunks had a tree equal to a fresh parse", compared)
			}
		})
	}
}

// sameTree reports whether the document's tree equals a fresh parse of its
// text.
func sameTree(d *Document) bool {
	p := d.sp.parser()
	defer d.sp.release(p)
	fresh, err := p.ParseCtx(context.Background(), nil, d.text)
	if err != nil {
		return false
	}
	defer fresh.Close()
	return d.tree.String() == fresh.RootNode().String()
}

// goldenInputs returns the first input of each language's golden file.
func goldenInputs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, lang := range Languages() {
		a := readArchive(t, "testdata/"+lang+".txtar")
		for _, name := range a.names {
			if !strings.HasSuffix(name, ".chunks") {
				out[lang] = []byte(a.files[name])
				break
			}
		}
		if out[lang] == nil {
			t.Fatalf("no input for %s", lang)
		}
	}
	return out
}

func TestEditText(t *testing.T) {
	d, err := NewDocument("go", []byte("package p\n\nfunc A() {}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	before := d.Text()
	if err := d.Edit(Edit{Start: 16, OldEnd: 17, Text: []byte("Bee")}); err != nil {
		t.Fatal(err)
	}
	if got := string(d.Text()); got != "package p\n\nfunc Bee() {}\n" {
		t.Fatalf("text after edit = %q", got)
	}
	if string(before) != "package p\n\nfunc A() {}\n" {
		t.Fatalf("an earlier Text() result changed: %q", before)
	}
	if fi := d.File(); len(fi.Chunks) != 1 || fi.Chunks[0].Name != "Bee" {
		t.Fatalf("chunks after edit: %+v", fi.Chunks)
	}
	for _, e := range [][2]int{{-1, 0}, {5, 4}, {0, 100}, {100, 100}} {
		if err := d.Edit(Edit{Start: e[0], OldEnd: e[1]}); !errors.Is(err, ErrEditRange) {
			t.Errorf("Edit(%d, %d): err = %v, want ErrEditRange", e[0], e[1], err)
		}
	}
}

func TestFileIsMemoized(t *testing.T) {
	d, _ := NewDocument("python", []byte("def f():\n    return 1\n"), Options{})
	defer d.Close()
	a, b := d.File(), d.File()
	if &a.Chunks[0] != &b.Chunks[0] {
		t.Fatal("File computed twice for one version")
	}
}

func TestChunkAtAndFlatten(t *testing.T) {
	src := []byte("class A:\n    # doc of m\n    def m(self):\n        pass\n\n\ndef f():\n    pass\n")
	fi, err := Parse("python", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range Flatten(fi.Chunks) {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "A,A.m,f" {
		t.Fatalf("Flatten order = %v", names)
	}
	cases := []struct {
		at   string
		want string
	}{
		{"class A", "A"}, {"doc of m", "A.m"}, {"pass\n\n", "A.m"}, {"def f", "f"},
	}
	for _, c := range cases {
		got, ok := ChunkAt(fi.Chunks, bytes.Index(src, []byte(c.at)))
		if !ok || got.Name != c.want {
			t.Errorf("ChunkAt(%q) = %q, %v; want %q", c.at, got.Name, ok, c.want)
		}
	}
	if _, ok := ChunkAt(fi.Chunks, len(src)+5); ok {
		t.Error("ChunkAt past the end found a chunk")
	}
}

func TestBadInput(t *testing.T) {
	t.Run("invalid UTF-8", func(t *testing.T) {
		src := []byte("package p\n\n// \xff\xfe doc\nfunc F\xc3(a int) {\n\tx := \"\xe2\x82\"\n}\n\nfunc G() {}\n")
		for _, lang := range Languages() {
			fi, err := Parse(lang, src, Options{})
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			checkInvariants(t, src, fi.Chunks)
		}
		fi, _ := Parse("go", src, Options{})
		if c, ok := ChunkAt(fi.Chunks, bytes.Index(src, []byte("func G"))); !ok || c.Name != "G" {
			t.Fatalf("invalid UTF-8 earlier in the file lost G: %+v", fi.Chunks)
		}
	})
	t.Run("binary", func(t *testing.T) {
		src := []byte("\x7fELF\x02\x01\x01\x00\x00\x00func main() {}\n")
		fi, err := Parse("go", src, Options{})
		if !errors.Is(err, ErrBinary) || len(fi.Chunks) != 0 {
			t.Fatalf("binary: %d chunks, err %v", len(fi.Chunks), err)
		}
		d, err := NewDocument("go", src, Options{})
		if !errors.Is(err, ErrBinary) {
			t.Fatalf("NewDocument: err %v", err)
		}
		defer d.Close()
		// Removing the NUL bytes makes it text again.
		if err := d.Edit(Edit{Start: 0, OldEnd: 10, Text: []byte("package p\n")}); err != nil {
			t.Fatal(err)
		}
		if fi := d.File(); len(fi.Chunks) != 1 {
			t.Fatalf("after removing the binary header: %+v", fi.Chunks)
		}
	})
	t.Run("unknown language", func(t *testing.T) {
		src := bytes.Repeat([]byte("some words\n"), 700)
		fi, err := Parse("cobol", src, Options{})
		if err != nil || len(fi.Chunks) != 3 || fi.Chunks[0].Kind != KindWindow || fi.Lang != "cobol" {
			t.Fatalf("unknown language: %d chunks, err %v", len(fi.Chunks), err)
		}
		checkInvariants(t, src, fi.Chunks)
	})
	t.Run("20 MB", func(t *testing.T) {
		src := genSource("go", 1000000) // about 21 MB
		if len(src) < 20<<20 {
			t.Fatalf("generated only %d bytes", len(src))
		}
		fi, err := Parse("go", src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if fi.Lines < 1000000 || len(fi.Chunks) == 0 || fi.Chunks[0].Kind != KindWindow {
			t.Fatalf("20 MB: %d lines, %d chunks", fi.Lines, len(fi.Chunks))
		}
		for _, c := range fi.Chunks {
			if c.Facts.Lines > defaultWindowLines {
				t.Fatalf("window of %d lines", c.Facts.Lines)
			}
		}
	})
	t.Run("parse timeout", func(t *testing.T) {
		src := genSource("go", 20000)
		fi, err := Parse("go", src, Options{ParseTimeout: time.Microsecond})
		if err != nil || len(fi.Chunks) == 0 || fi.Chunks[0].Kind != KindWindow {
			t.Fatalf("a parse past its timeout should give windows: %d chunks, err %v", len(fi.Chunks), err)
		}
		// The parser it used is back in the pool and still works.
		fi, err = Parse("go", []byte("package p\nfunc F() {}\n"), Options{})
		if err != nil || len(fi.Chunks) != 1 || fi.Chunks[0].Name != "F" {
			t.Fatalf("after a timeout: %+v, %v", fi.Chunks, err)
		}
	})
	t.Run("deep nesting", func(t *testing.T) {
		src := []byte("package p\nfunc F() {\n" + strings.Repeat("{", 20000) + strings.Repeat("}", 20000) + "\n}\n")
		fi, err := Parse("go", src, Options{})
		if err != nil || len(fi.Chunks) != 1 {
			t.Fatalf("deep nesting: %d chunks, err %v", len(fi.Chunks), err)
		}
	})
}

// TestEditQueriesOnlyChangedUnits checks that re-chunking after an edit
// inside one method of a large class queries only the units around it,
// for every language: the container is split into members.
func TestEditQueriesOnlyChangedUnits(t *testing.T) {
	cases := map[string]struct{ src, method string }{
		"java":       {"class Big {\n%s}\n", "  int m%d(int a) {\n    return a + %d;\n  }\n"},
		"python":     {"class Big:\n%s", "    def m%d(self, a):\n        return a + %d\n"},
		"cpp":        {"namespace n {\nclass Big {\n%s};\n}\n", "  int m%d(int a) { return a + %d; }\n"},
		"csharp":     {"namespace N {\nclass Big {\n%s}\n}\n", "  int M%d(int a) { return a + %d; }\n"},
		"rust":       {"impl Big {\n%s}\n", "    fn m%d(&self, a: i32) -> i32 { a + %d }\n"},
		"ruby":       {"module M\n  class Big\n%s  end\nend\n", "    def m%d(a)\n      a + %d\n    end\n"},
		"php":        {"<?php\nclass Big {\n%s}\n", "  function m%d($a) { return $a + %d; }\n"},
		"typescript": {"export class Big {\n%s}\n", "  m%d(a: number): number { return a + %d; }\n"},
	}
	for lang, c := range cases {
		t.Run(lang, func(t *testing.T) {
			var body strings.Builder
			for i := range 200 {
				fmt.Fprintf(&body, c.method, i, i)
			}
			src := []byte(fmt.Sprintf(c.src, body.String()))
			d, err := NewDocument(lang, src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			n := len(Flatten(d.File().Chunks))
			if n < 201 {
				t.Fatalf("%d chunks, want the class and 200 methods", n)
			}
			at := bytes.Index(src, []byte("a + 100")) + 4
			if err := d.Edit(Edit{Start: at, OldEnd: at, Text: []byte("7")}); err != nil {
				t.Fatal(err)
			}
			fi := d.File()
			if got := len(Flatten(fi.Chunks)); got != n {
				t.Fatalf("%d chunks after the edit, want %d", got, n)
			}
			// The edited method only, not the class around it.
			if d.queried > len(src)/50 {
				t.Errorf("queried %d of %d bytes after a one-character edit", d.queried, len(src))
			}
		})
	}
}
