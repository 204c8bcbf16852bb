package inference

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

func TestEscapeMarkdownIsInert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words.", "plain words."},
		{"<script>alert(1)</script>", `\<script\>alert\(1\)\</script\>`},
		{"[click](command:workbench.action.quit)", `\[click\]\(command:workbench.action.quit\)`},
		{"![img](http://x/y.png)", `\!\[img\]\(http://x/y.png\)`},
		{"*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"},
		{"# heading\nnext line", `\# heading next line`},
		{"&lt; entity", `\&lt; entity`},
		{"漢字 😀 stay", "漢字 😀 stay"},
		{"---", `\---`},
		{"  - item - not a list", `  \- item - not a list`},
		{"\t+ x", ` \+ x`},
		{"12. twelve. 3.5", `12\. twelve. 3.5`},
	}
	for _, tt := range tests {
		if got := EscapeMarkdown(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCodeCannotBreakOut(t *testing.T) {
	code := "x := \"```\"\n```html\n<b>bold</b>\n"
	block := CodeBlock("go", code)
	fence := strings.SplitN(block, "go\n", 2)[0]
	if len(fence) < 4 || strings.Trim(fence, "`") != "" {
		t.Fatalf("fence %q should be longer than the code's longest backtick run", fence)
	}
	if !strings.HasSuffix(block, "\n"+fence) || strings.Count(block, fence) != 2 {
		t.Errorf("block does not close with its own fence:\n%s", block)
	}
	if got := CodeSpan("a `b` c"); got != "``a `b` c``" {
		t.Errorf("CodeSpan = %q", got)
	}
	if got := CodeSpan("`x"); got != "`` `x ``" {
		t.Errorf("CodeSpan of a leading backtick = %q", got)
	}
	if got := CodeBlock("c#<script>", "x"); !strings.HasPrefix(got, "```\n") {
		t.Errorf("an odd language tag must be dropped: %q", got)
	}
}

func TestRenderChunk(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "Server.Handle", Lang: "go", Signature: "func (s *Server) Handle(w http.ResponseWriter)"}
	r := Result{Summary: "Handles [a](command:x) request.", Details: []string{"Calls: <b>os.Open</b>"}, Engine: "onnx:model"}
	md := RenderChunk(c, r, RenderOptions{Pending: true, Cached: true, Signature: true, Details: true})
	for _, want := range []string{"**`Server.Handle`** · method", `Handles \[a\]\(command:x\) request.`, "_model summary pending_",
		"```go\nfunc (s *Server) Handle(w http.ResponseWriter)\n```", `- Calls: \<b\>os.Open\</b\>`, "_onnx:model, cached_"} {
		if !strings.Contains(md, want) {
			t.Errorf("rendered chunk lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "](command:") {
		t.Errorf("a command link survived:\n%s", md)
	}
}

func TestRenderFile(t *testing.T) {
	entries := []FileEntry{
		{Chunk: analysis.Chunk{Kind: analysis.KindFunction, Name: "a", Range: analysis.Range{Start: analysis.Point{Line: 2}, End: analysis.Point{Line: 4}}}, Result: Result{Summary: "Does a."}},
		{Chunk: analysis.Chunk{Kind: analysis.KindWindow, Range: analysis.Range{Start: analysis.Point{Line: 9}, End: analysis.Point{Line: 20}}}, Result: Result{Summary: "Window."}, Fallback: true},
	}
	md := RenderFile("Explain x_y.go", "Overview <here>.", entries, "en")
	for _, want := range []string{"# Explain x\\_y.go", `Overview \<here\>.`, "### `a`", "_function, lines 3–5_", "Does a.\n", "### `lines 10–21`", "Window. _(built-in summary: the model did not answer)_"} {
		if !strings.Contains(md, want) {
			t.Errorf("rendered file lacks %q:\n%s", want, md)
		}
	}
	if md := RenderFile("Explain empty", "", nil, "en"); !strings.Contains(md, "No functions found") {
		t.Errorf("empty file explanation:\n%s", md)
	}
}

// TestRenderFileLabelsFollowLanguage renders a file explanation in
// Chinese: the title, the heading, the kind and lines, the fallback note
// and the empty-file line are Chinese, and no English word is left.
func TestRenderFileLabelsFollowLanguage(t *testing.T) {
	l := LabelsFor("zh-CN")
	entries := []FileEntry{
		{Chunk: analysis.Chunk{Kind: analysis.KindMethod, Name: "T.a", Range: analysis.Range{Start: analysis.Point{Line: 2}, End: analysis.Point{Line: 4}}}, Result: Result{Summary: "a 解析配置。"}, Fallback: true},
	}
	md := RenderFile(l.Explanation("x.go"), "", entries, "zh-CN")
	for _, want := range []string{"# 解释 x.go", "## 函数", "_方法，第 3–5 行_", "a 解析配置。 _(内置摘要：模型未能回答)_"} {
		if !strings.Contains(md, want) {
			t.Errorf("zh file explanation lacks %q:\n%s", want, md)
		}
	}
	for _, english := range []string{"Explain", "Functions", "method", "lines", "built-in"} {
		if strings.Contains(md, english) {
			t.Errorf("zh file explanation says %q:\n%s", english, md)
		}
	}
	if md := RenderFile(l.Explanation("e.go"), "", nil, "zh"); !strings.Contains(md, "未找到函数。") {
		t.Errorf("empty zh file explanation:\n%s", md)
	}
	for _, k := range []analysis.Kind{analysis.KindFunction, analysis.KindMethod, analysis.KindConstructor,
		analysis.KindLambda, analysis.KindClass, analysis.KindStruct, analysis.KindInterface,
		analysis.KindImpl, analysis.KindModule, analysis.KindWindow} {
		if l.Kind(k) == string(k) {
			t.Errorf("no Chinese word for kind %q", k)
		}
	}
}

func TestRenderChunkLabelsFollowLanguage(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "f", Lang: "go"}
	r := Result{Summary: "f 解析配置。", Engine: "heuristic"}
	got := RenderChunk(c, r, RenderOptions{Outdated: true, Cached: true, Language: "zh"})
	for _, want := range []string{"⟳ 更新中", "已缓存"} {
		if !strings.Contains(got, want) {
			t.Errorf("zh rendering lacks %q:\n%s", want, got)
		}
	}
	if got := RenderChunk(c, r, RenderOptions{Outdated: true}); !strings.Contains(got, "⟳ updating") {
		t.Errorf("en rendering lacks the updating mark:\n%s", got)
	}
}
