package inference

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

func TestCodeWithoutDoc(t *testing.T) {
	src := "def load(path):\n    \"\"\"Load the file.\"\"\"\n    return open(path)\n"
	doc := strings.Index(src, `"""`)
	docEnd := strings.LastIndex(src, `"""`) + 3
	c := analysis.Chunk{Text: src, Doc: "Load the file.", Range: analysis.Range{StartByte: 100, EndByte: 100 + len(src)},
		DocRange: analysis.Range{StartByte: 100 + doc, EndByte: 100 + docEnd}}
	if got, want := CodeWithoutDoc(c), "def load(path):\n    return open(path)\n"; got != want {
		t.Errorf("docstring kept:\n%q\nwant\n%q", got, want)
	}
	// A leading comment is outside the text: nothing to cut.
	c.DocRange = analysis.Range{StartByte: 10, EndByte: 40}
	if got := CodeWithoutDoc(c); got != src {
		t.Errorf("text changed for a doc comment outside it: %q", got)
	}
}

func TestShorten(t *testing.T) {
	var b strings.Builder
	b.WriteString("func Big(a int) int {\n")
	for i := 0; i < 100; i++ {
		b.WriteString("\tx := step(a)\n")
	}
	b.WriteString("\treturn final(x)\n}\n")
	code := b.String()
	words := func(s string) int { return len(strings.Fields(s)) }
	if got := Shorten(code, 10000, words); got != code {
		t.Error("code under budget was changed")
	}
	got := Shorten(code, 60, words)
	if words(got) > 60 {
		t.Errorf("shortened code has %d tokens, budget 60", words(got))
	}
	for _, keep := range []string{"func Big(a int) int {\n", "\treturn final(x)\n}\n", "lines omitted"} {
		if !strings.Contains(got, keep) {
			t.Errorf("shortened code lost %q:\n%s", keep, got)
		}
	}
}

func TestCleanSummary(t *testing.T) {
	code := "func Open(path string) (*File, error) {\n\treturn os.Open(path)\n}"
	tests := []struct{ raw, want string }{
		{"Opens the file at `path`. It returns any error. Then more text follows.",
			"Opens the file at path. It returns any error."},
		{"Summary: Opens the file.\n```go\nfunc Open(path string) (*File, error) {\n```", "Opens the file."},
		{"func Open(path string) (*File, error) {\nOpens a file for reading.", "Opens a file for reading."},
		{"  - Wraps os.Open\n  for callers.  ", "Wraps os.Open for callers."},
		{"```\nreturn os.Open(path)\n```", ""},
		{"\x17Opens\ufffd a file.\x00", "Opens a file."},
	}
	for _, tt := range tests {
		if got := CleanSummary(tt.raw, code); got != tt.want {
			t.Errorf("CleanSummary(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestUserPrompt(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "Open", Lang: "go"}
	got := UserPrompt("", c, "CODE")
	for _, want := range []string{"Go function `Open`", "```go\nCODE\n```"} {
		if !strings.Contains(got, want) {
			t.Errorf("built-in prompt %q lacks %q", got, want)
		}
	}
	if got := UserPrompt("Explain {{name}} ({{language}}).", c, "CODE"); got != "Explain Open (Go).\n\nCODE" {
		t.Errorf("custom prompt without {{code}}: %q", got)
	}
}
