package analysis

import (
	"context"
	"slices"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// matcherSetup parses src as lang both with go-tree-sitter's API (tree)
// and with parseTree (mine), and makes a matcher for the language's chunk
// query c; the test's end frees them.
func matcherSetup(t *testing.T, lang string, src []byte) (c *compiled, tree *sitter.Tree, mine *ts.Tree, m *ts.Matcher) {
	t.Helper()
	sp := specFor(lang)
	c, err := sp.compiledQuery()
	if err != nil {
		t.Fatal(err)
	}
	p := sp.parser()
	defer sp.release(p)
	tree, err = p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tree.Close)
	mine, err = ts.Parse(p, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(mine.Close)
	m = ts.NewMatcher(c.isDef, sp.wrapOf)
	t.Cleanup(m.Close)
	return c, tree, mine, m
}

// TestMatcherLayout checks ts.Matcher with each language's chunk query against go-tree-sitter's own query
// API on every golden input: the same matches in the same order, with the
// same patterns, captures and node offsets. It fails if go-tree-sitter
// changes the layout of Query that the matcher reads.
func TestMatcherLayout(t *testing.T) {
	type rec struct {
		pattern uint16
		caps    []uint32 // index, start, end per capture
	}
	for lang, src := range goldenInputs(t) {
		t.Run(lang, func(t *testing.T) {
			c, tree, mine, m := matcherSetup(t, lang, src)
			var want []rec
			qc := sitter.NewQueryCursor()
			defer qc.Close()
			qc.Exec(c.q, tree.RootNode())
			for {
				m, ok := qc.NextMatch()
				if !ok {
					break
				}
				r := rec{pattern: m.PatternIndex}
				for _, cp := range m.Captures {
					r.caps = append(r.caps, cp.Index, cp.Node.StartByte(), cp.Node.EndByte())
				}
				want = append(want, r)
			}

			var got []rec
			err := m.Run(c.q, mine.Root(), false, sitter.Point{}, sitter.Point{}, func(pattern uint16, caps []ts.Capture) {
				r := rec{pattern: pattern}
				for _, cp := range caps {
					r.caps = append(r.caps, cp.Index, uint32(cp.Start), uint32(cp.End))
				}
				got = append(got, r)
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("no matches in the golden input")
			}
			if !slices.EqualFunc(got, want, func(a, b rec) bool { return a.pattern == b.pattern && slices.Equal(a.caps, b.caps) }) {
				t.Fatalf("matcher found %d matches, go-tree-sitter %d, or they differ:\n got %v\nwant %v", len(got), len(want), got, want)
			}
		})
	}
}

// TestMatcherWrappers checks the wrapper chains the matcher records for
// declarations against walking the parents with go-tree-sitter.
func TestMatcherWrappers(t *testing.T) {
	src := []byte("export default class A {}\nexport function f() {}\nfunction g() {}\n")
	c, _, mine, m := matcherSetup(t, "javascript", src)
	wraps := map[span][]uint32{}
	err := m.Run(c.q, mine.Root(), false, sitter.Point{}, sitter.Point{}, func(_ uint16, caps []ts.Capture) {
		for _, cp := range caps {
			if c.roles[cp.Index] == roleDef {
				wraps[spanOf(cp)] = slices.Clone(cp.Wraps)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[span][]uint32{
		{15, 25}: {0, 25}, // class A inside "export default"
		{33, 48}: {26, 48},
		{49, 64}: nil,
	}
	for s, w := range want {
		got, ok := wraps[s]
		if !ok {
			t.Errorf("no declaration at %v; have %v", s, wraps)
			continue
		}
		if !slices.Equal(got, w) {
			t.Errorf("wrappers of %v (%q) = %v, want %v", s, src[s.start:s.end], got, w)
		}
	}
}

// TestMatcherChildren checks children against go-tree-sitter's named
// children, for the root and its first children, on every golden input.
func TestMatcherChildren(t *testing.T) {
	for lang, src := range goldenInputs(t) {
		t.Run(lang, func(t *testing.T) {
			_, tree, mine, m := matcherSetup(t, lang, src)
			var check func(want *sitter.Node, got ts.Node, depth int)
			check = func(want *sitter.Node, got ts.Node, depth int) {
				if got.Start != int(want.StartByte()) || got.End != int(want.EndByte()) {
					t.Fatalf("node [%d, %d), want [%d, %d)", got.Start, got.End, want.StartByte(), want.EndByte())
				}
				kids := m.Children(got)
				if len(kids) != int(want.NamedChildCount()) {
					t.Fatalf("%d named children of %s at %d, want %d", len(kids), want.Type(), got.Start, want.NamedChildCount())
				}
				if depth == 2 {
					return
				}
				for i, k := range kids {
					check(want.NamedChild(i), k, depth+1)
				}
			}
			check(tree.RootNode(), mine.Root(), 0)
		})
	}
}
