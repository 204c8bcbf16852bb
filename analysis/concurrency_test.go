package analysis

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

// TestConcurrentDocuments edits more documents than the tree LRU keeps,
// from several goroutines, so trees are dropped by other goroutines while
// their owners edit; and runs one-shot Parse calls alongside. Run with -race.
func TestConcurrentDocuments(t *testing.T) {
	inputs := goldenInputs(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var docs []*Document
			defer func() {
				for _, d := range docs {
					d.Close()
				}
			}()
			for _, lang := range Languages() {
				d, err := NewDocument(lang, inputs[lang], Options{})
				if err != nil {
					errs <- err
					return
				}
				docs = append(docs, d)
			}
			for round := range 3 {
				for i, d := range docs {
					want := d.File()
					at := len(d.Text()) / 2
					line := []byte(fmt.Sprintf("\n// g%d r%d\n", g, round))
					if err := d.Edit(Edit{Start: at, OldEnd: at, Text: line}); err != nil {
						errs <- err
						return
					}
					d.File()
					if err := d.Edit(Edit{Start: at, OldEnd: at + len(line)}); err != nil {
						errs <- err
						return
					}
					if got := d.File(); len(Flatten(got.Chunks)) != len(Flatten(want.Chunks)) {
						errs <- fmt.Errorf("%s: %d chunks after undo, want %d", Languages()[i], len(Flatten(got.Chunks)), len(Flatten(want.Chunks)))
					}
					if _, err := Parse(Languages()[i], inputs[Languages()[i]], Options{}); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestParseKeepsDocumentTrees checks that a one-shot Parse does not push
// an open document's tree out of a full tree LRU.
func TestParseKeepsDocumentTrees(t *testing.T) {
	src := []byte("package p\n\nfunc F() {}\n")
	docs := make([]*Document, maxTrees)
	for i := range docs {
		d, err := NewDocument("go", src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		d.File()
		docs[i] = d
	}
	if _, err := Parse("go", src, Options{}); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		d.treeMu.Lock()
		kept := d.tree != nil
		d.treeMu.Unlock()
		if !kept {
			t.Fatalf("Parse evicted the tree of open document %d", i)
		}
	}
}

// TestParallelMatchesSequential chunks large files with the top-level units
// queried on one goroutine and on four, expecting the same
// chunks, also after an edit. Run with -race.
func TestParallelMatchesSequential(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(prev)
	for _, lang := range []string{"go", "python"} {
		src := genSource(lang, 4000)
		runtime.GOMAXPROCS(1)
		seq, err := Parse(lang, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(4)
		d, err := NewDocument(lang, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if par := d.File(); !reflect.DeepEqual(seq, par) {
			t.Fatalf("%s: parallel chunks differ from sequential ones", lang)
		}
		at := len(src) / 3
		if err := d.Edit(Edit{Start: at, OldEnd: at, Text: []byte("\n\n")}); err != nil {
			t.Fatal(err)
		}
		par := d.File()
		edited := bytes.Clone(d.Text())
		d.Close()
		runtime.GOMAXPROCS(1)
		want, err := Parse(lang, edited, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, par) {
			t.Fatalf("%s: chunks after an edit differ from a sequential parse", lang)
		}
	}
}
