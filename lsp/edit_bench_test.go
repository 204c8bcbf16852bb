package lsp_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// linesStarting returns the 0-based lines of text that start with prefix.
func linesStarting(text, prefix string) []uint32 {
	var out []uint32
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, uint32(i))
		}
	}
	return out
}

// BenchmarkHoverAfterEdit10kLines types one character into a function of
// a 10,000-line Go file and hovers another function at once: the hover
// answers for the new version, so its round trip includes whatever
// re-chunking the edit needs. Reports p50 and p99 of the hover.
func BenchmarkHoverAfterEdit10kLines(b *testing.B) {
	env := lsptest.New(b, lsptest.Options{})
	text := goFile(10000)
	u := env.Open("big.go", "go", text)
	bodies, funcs := linesStarting(text, "\ttotal := 0"), linesStarting(text, "func Process")
	if md, err := env.Hover(u, lsptest.Pos(funcs[0], 6)); err != nil || md == "" {
		b.Fatalf("warm-up hover = %q, %v", md, err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at := lsptest.Pos(bodies[i%len(bodies)], 1)
		env.Change(u, lsptest.Edit{Start: at, End: at, Text: "x"})
		start := time.Now()
		if _, err := env.Hover(u, lsptest.Pos(funcs[(i*7)%len(funcs)], 6)); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkDidChangeKeystroke is the cost of one keystroke on a
// 10,000-line Go file: a didChange inserting one character, through the
// framing and the read loop, with a hover every 100 keystrokes (which
// waits for the changes before it) so the server cannot fall behind
// unmeasured. ns/op is the cost per keystroke.
func BenchmarkDidChangeKeystroke(b *testing.B) {
	env := lsptest.New(b, lsptest.Options{})
	text := goFile(10000)
	u := env.Open("big.go", "go", text)
	bodies, funcs := linesStarting(text, "\ttotal := 0"), linesStarting(text, "func Process")
	if md, err := env.Hover(u, lsptest.Pos(funcs[0], 6)); err != nil || md == "" {
		b.Fatalf("warm-up hover = %q, %v", md, err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		at := lsptest.Pos(bodies[(i/50)%len(bodies)], 1)
		env.Change(u, lsptest.Edit{Start: at, End: at, Text: "x"})
		if i%100 == 99 {
			if _, err := env.Hover(u, lsptest.Pos(funcs[0], 6)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := env.Hover(u, lsptest.Pos(funcs[0], 6)); err != nil {
		b.Fatal(err)
	}
}
