package inference

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// FuzzRenderMarkdown renders chunks and file explanations of random
// untrusted text (names, summaries, details, engine names, signatures,
// language ids) and parses the markdown with a CommonMark parser with the
// GitHub extensions (autolinks of bare URLs included): no link or image
// with a target of the text's choosing, no raw HTML, no heading, rule or
// list from the text, and the signature's fence holds exactly the signature.
func FuzzRenderMarkdown(f *testing.F) {
	f.Add("Server.Handle", "method", "Handles [a](command:x) request.", "Calls: <b>os.Open</b>", "onnx:model", "func (s *Server) Handle(w http.ResponseWriter)", "go", uint8(0xff))
	f.Add("a", "function", "<script>alert(1)</script>", "![img](http://x/y.png)", "e", "x := \"```\"\n```html\n<b>bold</b>\n", "c#<script>", uint8(0x3f))
	f.Add("`x", "class", "# heading\nnext line", "*bold* _it_ `code`", "&lt;", "~~~\n```", "csharp", uint8(0x0f))
	f.Add("", "window", "see <command:evil> and www.example.com and http://a.b/c", "[x]: command:y", "", "    indented\r\n```\r\n", "", uint8(0x10))
	f.Add("n", "lambda", "- item", "1. one", "+ two", "---", "go", uint8(0xf0))
	f.Add("n", "function", "---", "  2) two", "-", "", "go", uint8(0x40)) // a rule, before EscapeMarkdown escaped a leading "-"
	f.Fuzz(func(t *testing.T, name, kind, summary, detail, engine, signature, lang string, flags uint8) {
		c := analysis.Chunk{Kind: analysis.Kind(kind), Name: name, Lang: lang, Signature: signature,
			Range: analysis.Range{Start: analysis.Point{Line: int(flags)}, End: analysis.Point{Line: int(flags) + 3}}}
		r := Result{Summary: summary, Details: []string{detail, summary}, Engine: engine, FromDoc: flags&0x20 != 0}
		opts := RenderOptions{Pending: flags&1 != 0, Outdated: flags&2 != 0, Fallback: flags&4 != 0, Cached: flags&8 != 0, Signature: flags&0x10 != 0, Details: flags&0x40 != 0}
		md := RenderChunk(c, r, opts)
		doc := parseMarkdown(t, md)
		checkInert(t, md, doc)
		wantBlocks := 0
		if opts.Signature && signature != "" {
			wantBlocks = 1
		}
		blocks := nodesOf(doc, ast.KindFencedCodeBlock)
		if len(blocks) != wantBlocks {
			t.Fatalf("%d fenced blocks, want %d:\n%s", len(blocks), wantBlocks, md)
		}
		if wantBlocks == 1 {
			if got, want := blockText(blocks[0], md), strings.TrimRight(signature, "\n")+"\n"; got != want && !strings.ContainsAny(signature, "\x00\r") {
				t.Fatalf("the fence holds %q, want the signature %q:\n%s", got, want, md)
			}
		}
		if n := len(nodesOf(doc, ast.KindHeading)); n != 0 {
			t.Fatalf("%d headings in a chunk's summary:\n%s", n, md)
		}
		if n, want := len(nodesOf(doc, ast.KindList)), btoi(opts.Details); n != want {
			t.Fatalf("%d lists, want %d (the details):\n%s", n, want, md)
		}
		entries := []FileEntry{{Chunk: c, Result: r}, {Chunk: c, Result: Result{Summary: detail}, Fallback: true}}
		md = RenderFile(name, summary, entries, "en")
		doc = parseMarkdown(t, md)
		checkInert(t, md, doc)
		if n := len(nodesOf(doc, ast.KindHeading)); n != 2+len(entries) {
			t.Fatalf("%d headings, want %d (title, Functions, one per entry):\n%s", n, 2+len(entries), md)
		}
		if n := len(nodesOf(doc, ast.KindList)); n != 0 {
			t.Fatalf("%d lists in a file explanation:\n%s", n, md)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

var markdownParser = goldmark.New(goldmark.WithExtensions(extension.GFM))

func parseMarkdown(t *testing.T, md string) ast.Node {
	t.Helper()
	return markdownParser.Parser().Parse(text.NewReader([]byte(md)))
}

// checkInert fails on markup that makes a link, an image, HTML or a
// thematic break out of the untrusted text. A bare URL autolinked by the
// GitHub extension shows its own target and is allowed, unless its target
// is not a web or mail address.
func checkInert(t *testing.T, md string, doc ast.Node) {
	t.Helper()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindRawHTML, ast.KindHTMLBlock, ast.KindThematicBreak:
			t.Fatalf("%s in rendered markdown:\n%s", n.Kind(), md)
		case ast.KindAutoLink:
			u := string(n.(*ast.AutoLink).URL([]byte(md)))
			web := strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "www.") || strings.HasPrefix(u, "ftp://")
			if !web && (strings.Contains(u, ":") || !strings.Contains(u, "@")) {
				t.Fatalf("autolink to %q in rendered markdown:\n%s", u, md)
			}
		}
		return ast.WalkContinue, nil
	})
}

func nodesOf(doc ast.Node, kind ast.NodeKind) []ast.Node {
	var out []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == kind {
			out = append(out, n)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// blockText is the content of a code block, its lines as in the source.
func blockText(n ast.Node, md string) string {
	var b strings.Builder
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.WriteString(md[seg.Start:seg.Stop])
	}
	return b.String()
}
