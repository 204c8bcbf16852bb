package inference

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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
	got := userPrompt("", c, "CODE")
	for _, want := range []string{"Go function `Open`", "```go\nCODE\n```"} {
		if !strings.Contains(got, want) {
			t.Errorf("built-in prompt %q lacks %q", got, want)
		}
	}
	if got := userPrompt("Explain {{name}} ({{language}}).", c, "CODE"); got != "Explain Open (Go).\n\nCODE" {
		t.Errorf("custom prompt without {{code}}: %q", got)
	}
}

func TestBuildPrompt(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "Load", Lang: "go", Text: "func Load() {}"}
	en := BuildPrompt(Request{Chunk: c}, PromptOptions{})
	if strings.Contains(en.System, "Write the answer in") || en.Code != c.Text || strings.Contains(en.User, calleeSummaryIntro) {
		t.Errorf("plain prompt: %+v", en)
	}
	zh := BuildPrompt(Request{Chunk: c}, PromptOptions{Language: "zh-CN"})
	if !strings.HasSuffix(zh.System, "Write the answer in Simplified Chinese.") {
		t.Errorf("zh system prompt: %q", zh.System)
	}
	if got := BuildPrompt(Request{Chunk: c}, PromptOptions{Language: "sw"}).System; !strings.HasSuffix(got, "in sw.") {
		t.Errorf("unknown tag is passed on: %q", got)
	}
	callees := []Callee{{Name: "parse`x", Summary: "Parses\nthe file."}}
	for i := range MaxPromptCallees + 2 {
		callees = append(callees, Callee{Name: fmt.Sprintf("f%d", i), Summary: strings.Repeat("é", maxCalleeSummary)})
	}
	user := BuildPrompt(Request{Chunk: c, Callees: callees}, PromptOptions{}).User
	if !strings.Contains(user, calleeSummaryIntro+"\n- `parsex`: Parses the file.\n") {
		t.Errorf("callee lines: %q", user)
	}
	if n := strings.Count(user, "\n- `"); n != MaxPromptCallees {
		t.Errorf("%d callee lines, want %d", n, MaxPromptCallees)
	}
	if !utf8.ValidString(user) {
		t.Errorf("callee summaries cut inside a character")
	}
	if a, b := (PromptOptions{}).Revision(), (PromptOptions{Language: "zh"}).Revision(); a == b {
		t.Errorf("language does not change the revision")
	}
}
