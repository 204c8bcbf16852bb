package lsp_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// TestCodeLensesOnAMinifiedBundle asks for the lenses of a 5 MB one-line
// bundle of 67,000 functions (no answer within 30 s before positions were
// converted in one pass): the answer holds the first 2,000 functions'
// lenses, each at its function's UTF-16 column on line 0.
func TestCodeLensesOnAMinifiedBundle(t *testing.T) {
	// The parse of 5 MB takes seconds on a busy machine: not what this tests.
	env := lsptest.New(t, lsptest.Options{ParseTimeout: time.Minute})
	// A non-ASCII prefix makes byte and UTF-16 columns differ.
	text := "/*ü漢🎉*/" + minifiedJS(67_000)
	if len(text) < 5<<20 {
		t.Fatalf("bundle of %d bytes, want at least 5 MB", len(text))
	}
	u := env.Open("bundle.min.js", "javascript", text)
	lenses, err := env.CodeLenses(u)
	if err != nil {
		t.Fatal(err)
	}
	if len(lenses) != 2000 {
		t.Fatalf("%d lenses, want the bound of 2000", len(lenses))
	}
	for _, i := range []int{0, 1, 999, 1999} {
		at := strings.Index(text, "function f"+strconv.Itoa(i)+"(")
		want := uint32(len(utf16.Encode([]rune(text[:at]))))
		if got := lenses[i].Range.Start; got.Line != 0 || got.Character != want {
			t.Errorf("lens %d at %d:%d, want 0:%d", i, got.Line, got.Character, want)
		}
	}
}
