package lsp

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

func TestDocComment(t *testing.T) {
	long := strings.Repeat("word ", 30) + "end."
	tests := []struct {
		name, lang, src, decl, qualified, summary string
		want                                      string // text inserted
		wantAt                                    string // the text right after the insertion point
	}{
		{"go uses the name", "go", "package p\n\nfunc (s *S) Run() {}\n", "func (s *S) Run", "S.Run", "Runs the job.",
			"// Run runs the job.\n", "func (s *S) Run"},
		{"rust", "rust", "impl A {\n    fn go(&self) {}\n}\n", "fn go", "A.go", "Moves on.",
			"    /// Moves on.\n", "    fn go"},
		{"javascript one line", "javascript", "  function f() {}\n", "function f", "f", "Does f.",
			"  /** Does f. */\n", "  function f"},
		{"java wraps", "java", "class A {\n  void m() {}\n}\n", "void m", "A.m", long,
			"  /**\n   * " + strings.TrimSpace(strings.Repeat("word ", 15)) + "\n", "  void m"},
		{"csharp xml", "csharp", "void M() {}\n", "void M", "M", "Adds a < b & c.",
			"/// <summary>\n/// Adds a &lt; b &amp; c.\n/// </summary>\n", "void M"},
		{"ruby", "ruby", "def go\nend\n", "def go", "go", "Goes.", "# Goes.\n", "def go"},
		{"python docstring in body", "python", "class A:\n    def m(self,\n          x):  # note\n        return x\n", "def m", "A.m", "Returns x.",
			"        \"\"\"Returns x.\"\"\"\n", "        return x"},
		{"block comment cannot be closed by the summary", "javascript", "function f() {}\n", "function f", "f", "Ends here */ run(); /* more.",
			"/** Ends here *\\/ run(); /* more. */\n", "function f"},
		{"python quotes escaped", "python", "def f():\n    pass\n", "def f", "f", `Says """hi"""`,
			"    \"\"\"Says \\\"\\\"\\\"hi\\\"\\\"\\\" \"\"\"\n", "    pass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.src, tt.decl)
			c := analysis.Chunk{Lang: tt.lang, Name: tt.qualified, Range: analysis.Range{StartByte: start, EndByte: len(tt.src)}}
			ins, ok := docComment(tt.src, c, tt.summary)
			if !ok {
				t.Fatal("no doc comment")
			}
			if !strings.HasPrefix(ins.text, tt.want) {
				t.Errorf("comment =\n%q\nwant prefix\n%q", ins.text, tt.want)
			}
			if !strings.HasPrefix(tt.src[ins.offset:], tt.wantAt) {
				t.Errorf("inserted before %q, want before %q", tt.src[ins.offset:], tt.wantAt)
			}
		})
	}
}

func TestDocCommentRefusals(t *testing.T) {
	oneLine := "def f(): return 1\n"
	c := analysis.Chunk{Lang: "python", Name: "f", Range: analysis.Range{StartByte: 0, EndByte: len(oneLine)}}
	if _, ok := docComment(oneLine, c, "Returns one."); ok {
		t.Error("a one-line python def has no room for a docstring")
	}
	c = analysis.Chunk{Lang: "zig", Name: "f", Range: analysis.Range{StartByte: 0, EndByte: 3}}
	if _, ok := docComment("fn f", c, "Does."); ok {
		t.Error("a language without a convention got a comment")
	}
	c.Lang = "go"
	if _, ok := docComment("fn f", c, "   "); ok {
		t.Error("an empty summary got a comment")
	}
}
