package inference

import (
	"fmt"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// Markdown rendering of summaries, shared by the server (hover, explain
// commands) and the CLI. Summaries and doc comments are untrusted text: they
// are escaped so they can never produce HTML, links (command: links
// included) or images, and code goes in fences it cannot close.

// markdownSpecial are the characters escaped in plain text. CommonMark lets
// any ASCII punctuation be backslash-escaped.
const markdownSpecial = "\\`*_[]<>()#|~&!{}"

// EscapeMarkdown returns s as inert markdown text: every character that could
// start markup is backslash-escaped and line breaks become spaces. The text
// is then one line, so only its start can begin a list or a rule: a "-" or
// "+" there, and the "." of a number there, are escaped too.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	text := strings.TrimLeft(s, " \t\r\n")
	start := len(s) - len(text)
	number := start + len(text) - len(strings.TrimLeft(text, "0123456789"))
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x80 && strings.ContainsRune(markdownSpecial, r),
			i == start && (r == '-' || r == '+'),
			i == number && number > start && r == '.':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CodeSpan returns s as an inline code span that s cannot close.
func CodeSpan(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", " ")
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// CodeBlock returns code in a fenced block tagged with lang that the code
// cannot close.
func CodeBlock(lang, code string) string {
	fence := strings.Repeat("`", max(longestRun(code, '`')+1, 3))
	return fence + fenceLang(lang) + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// fenceLang is the info string of a fence for a language id: the
// descriptor's fence tag, or nothing for an id a client made up that is
// not a plain word.
func fenceLang(lang string) string {
	lang = analysis.LanguageOf(lang).Fence
	for _, r := range lang {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '-') {
			return ""
		}
	}
	return lang
}

// RenderOptions choose what a rendered summary shows.
type RenderOptions struct {
	Pending   bool // a model summary is still being computed; the summary stands in for it
	Outdated  bool // the summary is an earlier version's, shown while the new one is computed
	Fallback  bool // the model could not answer; the summary is the built-in engine's
	Cached    bool // the summary came from the cache
	Signature bool // show the declaration
	Details   bool // show the details list
	// Language is the summary language (BCP-47) the marks are written in.
	Language string
}

// RenderChunk renders one chunk's summary as markdown.
func RenderChunk(c analysis.Chunk, r Result, opts RenderOptions) string {
	l := LabelsFor(opts.Language)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %s\n\n", CodeSpan(displayName(c)), EscapeMarkdown(l.Kind(c.Kind)))
	b.WriteString(EscapeMarkdown(r.Summary))
	if r.FromDoc {
		b.WriteString(" _" + EscapeMarkdown(l.FromDoc) + "_")
	}
	b.WriteString("\n")
	switch {
	case opts.Outdated:
		b.WriteString("\n_" + l.Outdated + "_\n")
	case opts.Pending:
		b.WriteString("\n_" + l.Pending + "_\n")
	case opts.Fallback:
		b.WriteString("\n_" + EscapeMarkdown(l.Fallback) + "_\n")
	}
	if opts.Signature && c.Signature != "" {
		b.WriteString("\n" + CodeBlock(c.Lang, c.Signature) + "\n")
	}
	if opts.Details && len(r.Details) > 0 {
		b.WriteString("\n")
		for _, d := range r.Details {
			b.WriteString("- " + EscapeMarkdown(d) + "\n")
		}
	}
	engine := r.Engine
	if opts.Cached {
		engine += ", " + l.Cached
	}
	if engine != "" {
		fmt.Fprintf(&b, "\n_%s_\n", EscapeMarkdown(engine))
	}
	return b.String()
}

// FileEntry is one chunk of a file explanation with its summary.
type FileEntry struct {
	Chunk  analysis.Chunk
	Result Result
	// Fallback marks a built-in summary standing in for a model's that did
	// not come.
	Fallback bool
}

// RenderFile renders a whole-file explanation: the overview, then each
// chunk's summary in document order, methods under their containers, its
// fixed words in the summary language lang (BCP-47).
func RenderFile(title, overview string, entries []FileEntry, lang string) string {
	l := LabelsFor(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", EscapeMarkdown(title))
	if overview != "" {
		b.WriteString(EscapeMarkdown(overview) + "\n")
	}
	if len(entries) == 0 {
		b.WriteString("\n_" + EscapeMarkdown(l.NoFunctions) + "_\n")
		return b.String()
	}
	b.WriteString("\n## " + l.Functions + "\n")
	for _, e := range entries {
		c := e.Chunk
		fmt.Fprintf(&b, "\n### %s\n\n", CodeSpan(displayName(c)))
		b.WriteString("_" + EscapeMarkdown(fmt.Sprintf(l.Lines, l.Kind(c.Kind), c.Range.Start.Line+1, c.Range.End.Line+1)) + "_\n\n")
		b.WriteString(EscapeMarkdown(e.Result.Summary) + FallbackNote(e.Fallback, l) + "\n")
	}
	return b.String()
}

// FallbackNote marks a built-in summary standing in for the model's in
// an explanation; "" when fallback is false.
func FallbackNote(fallback bool, l Labels) string {
	if !fallback {
		return ""
	}
	return " _(" + EscapeMarkdown(l.Fallback) + ")_"
}

func displayName(c analysis.Chunk) string {
	if c.Name != "" {
		return c.Name
	}
	return fmt.Sprintf("lines %d–%d", c.Range.Start.Line+1, c.Range.End.Line+1)
}
