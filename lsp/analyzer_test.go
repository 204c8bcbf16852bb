package lsp

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// naivePoint is the line and byte column of off, counted from the start.
func naivePoint(text string, off int) analysis.Point {
	return analysis.Point{Line: strings.Count(text[:off], "\n"), Column: off - (strings.LastIndexByte(text[:off], '\n') + 1)}
}

// TestEditPointsFromTheLineIndex applies random edits as didChange does
// and checks that the tree-sitter edit points taken from the line indexes
// equal points counted from the start of the texts (what the analysis
// document would otherwise scan for), and that the analysis document
// follows the edits without a full parse.
func TestEditPointsFromTheLineIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	b.WriteString("package p\n\n")
	for i := range 40 {
		fmt.Fprintf(&b, "// F%d does.\r\nfunc F%d(a int) int {\n\treturn g(a) // 漢字\n}\n\n", i, i)
	}
	text := b.String()
	lines := newLineIndex(text, encodingUTF16)
	az := newAnalyzer("p.go", "go", text, analysis.Options{}, slog.New(slog.DiscardHandler), func(string) {})
	defer az.close()
	pieces := []string{"", "x", "\n", "}\n", "func H() {}\n", "\r\n", "漢字", "a\nb\nc"}
	seq := uint64(0)
	for burst := range 30 {
		for range 10 {
			start := rng.IntN(len(text) + 1)
			end := min(len(text), start+rng.IntN(20))
			ins := pieces[rng.IntN(len(pieces))]
			pts := analysis.EditPoints{Start: lines.point(start), OldEnd: lines.point(end)}
			want := analysis.EditPoints{Start: naivePoint(text, start), OldEnd: naivePoint(text, end)}
			text = text[:start] + ins + text[end:]
			lines = lines.edited(text, start, end, ins)
			pts.NewEnd, want.NewEnd = lines.point(start+len(ins)), naivePoint(text, start+len(ins))
			if pts != want {
				t.Fatalf("edit [%d, %d) → %q: points %+v, want %+v", start, end, ins, pts, want)
			}
			seq++
			az.record(loggedEdit{seq: seq, start: start, end: end, text: ins, points: pts})
		}
		before := az.doc
		az.chunks(&version{text: text, seq: seq})
		if az.doc != before {
			t.Fatalf("burst %d: the edits did not apply to the analysis document (it was parsed again)", burst)
		}
	}
}
