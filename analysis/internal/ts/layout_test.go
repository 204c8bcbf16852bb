package ts

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/golang"
	"github.com/smacker/go-tree-sitter/python"
)

var sources = []struct {
	name  string
	lang  *sitter.Language
	src   string
	query string
}{
	{"go", golang.GetLanguage(), "package p\n\n// F does.\nfunc F(a int) error {\n\tif a > 0 {\n\t\treturn g(a)\n\t}\n\treturn nil\n}\n\ntype T struct{ x int }\n\nfunc (t *T) M() { t.x++ }\n",
		"(function_declaration name: (identifier) @name body: (block) @body) @def\n(method_declaration name: (field_identifier) @name) @def\n(call_expression function: (_) @call)"},
	{"python", python.GetLanguage(), "import os\n\nclass A:\n    \"\"\"Doc.\"\"\"\n    def f(self, x):\n        return os.path.join(x, 'y')\n\n@dec\ndef g():\n    pass\n",
		"(function_definition name: (identifier) @name) @def\n(class_definition name: (identifier) @name) @def\n(call function: (_) @call)"},
}

// parse parses src with go-tree-sitter's API (want) and with Parse (got).
func parse(t *testing.T, lang *sitter.Language, src []byte) (*sitter.Tree, *Tree) {
	t.Helper()
	p := sitter.NewParser()
	t.Cleanup(p.Close)
	p.SetLanguage(lang)
	want, err := p.ParseCtx(context.Background(), nil, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(want.Close)
	got, err := Parse(p, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(got.Close)
	return want, got
}

// TestParserLayout checks Parse, which reads the TSParser out of a
// sitter.Parser, against go-tree-sitter's own parse.
func TestParserLayout(t *testing.T) {
	if got, want := unsafe.Sizeof(parserLayout{}), unsafe.Sizeof(sitter.Parser{}); got != want {
		t.Fatalf("parserLayout has %d bytes, sitter.Parser %d", got, want)
	}
	for _, s := range sources {
		want, got := parse(t, s.lang, []byte(s.src))
		if g, w := got.String(), want.RootNode().String(); g != w || len(g) < 20 {
			t.Errorf("%s: Parse gives\n%.300s\nParseCtx gives\n%.300s", s.name, g, w)
		}
	}
}

// TestQueryLayout checks Matcher.Run, which reads the TSQuery out of a
// sitter.Query, against go-tree-sitter's QueryCursor: the same matches in
// the same order with the same captures, whole and point-restricted.
func TestQueryLayout(t *testing.T) {
	type rec struct {
		pattern uint16
		caps    []uint32 // index, start, end per capture
	}
	for _, s := range sources {
		src := []byte(s.src)
		want, got := parse(t, s.lang, src)
		q, err := sitter.NewQuery([]byte(s.query), s.lang)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for _, restrict := range [][2]sitter.Point{{{}, {Row: 1000}}, {{Row: 4}, {Row: 9}}} {
			var exp []rec
			qc := sitter.NewQueryCursor()
			qc.SetPointRange(restrict[0], restrict[1])
			qc.Exec(q, want.RootNode())
			for m, ok := qc.NextMatch(); ok; m, ok = qc.NextMatch() {
				r := rec{pattern: m.PatternIndex}
				for _, c := range m.Captures {
					r.caps = append(r.caps, c.Index, c.Node.StartByte(), c.Node.EndByte())
				}
				exp = append(exp, r)
			}
			qc.Close()
			m := NewMatcher(nil, nil)
			var have []rec
			err := m.Run(q, got.Root(), true, restrict[0], restrict[1], func(pattern uint16, caps []Capture) {
				r := rec{pattern: pattern}
				for _, c := range caps {
					r.caps = append(r.caps, c.Index, uint32(c.Start), uint32(c.End))
				}
				have = append(have, r)
			})
			m.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(exp) == 0 || !slices.EqualFunc(have, exp, func(a, b rec) bool { return a.pattern == b.pattern && slices.Equal(a.caps, b.caps) }) {
				t.Errorf("%s %v: matcher found %v, go-tree-sitter %v", s.name, restrict, have, exp)
			}
		}
	}
}

// TestNodeLayout checks Children and Root, which hand TSNode values
// between C and Go as atsNode, against go-tree-sitter's nodes, two levels
// deep.
func TestNodeLayout(t *testing.T) {
	for _, s := range sources {
		want, got := parse(t, s.lang, []byte(s.src))
		m := NewMatcher(nil, nil)
		defer m.Close()
		var check func(w *sitter.Node, g Node, depth int)
		check = func(w *sitter.Node, g Node, depth int) {
			if g.Start != int(w.StartByte()) || g.End != int(w.EndByte()) {
				t.Fatalf("%s: node [%d, %d), want [%d, %d)", s.name, g.Start, g.End, w.StartByte(), w.EndByte())
			}
			kids := m.Children(g)
			if len(kids) != int(w.NamedChildCount()) {
				t.Fatalf("%s: %d named children of %s, want %d", s.name, len(kids), w.Type(), w.NamedChildCount())
			}
			for i, k := range kids {
				if depth < 2 {
					check(w.NamedChild(i), k, depth+1)
				}
			}
		}
		check(want.RootNode(), got.Root(), 0)
	}
}

// TestEditLayout checks Edit, which passes a TSInputEdit, by reparsing an
// edited tree: the result must equal a parse from scratch.
func TestEditLayout(t *testing.T) {
	s := sources[0]
	src := []byte(s.src)
	_, tree := parse(t, s.lang, src)
	at := len("package p\n\n// F does.\nfunc ")
	next := slices.Concat(src[:at], []byte("Renamed"), src[at+1:])
	pt := sitter.Point{Row: 3, Column: 5}
	tree.Edit(at, at+1, at+len("Renamed"), pt, sitter.Point{Row: 3, Column: 6}, sitter.Point{Row: 3, Column: 12})
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(s.lang)
	re, err := Parse(p, tree, next)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	fresh, err := p.ParseCtx(context.Background(), nil, next)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if re.String() != fresh.RootNode().String() {
		t.Fatalf("incremental parse after Edit differs:\n%s\n%s", re.String(), fresh.RootNode().String())
	}
	m := NewMatcher(nil, nil)
	defer m.Close()
	var texts []string
	for _, k := range m.Children(re.Root()) {
		texts = append(texts, string(next[k.Start:k.End]))
	}
	if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "func Renamed(a int)") }) {
		t.Fatalf("no renamed function among the top-level nodes %q", texts)
	}
}
