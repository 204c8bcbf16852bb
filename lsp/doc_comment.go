package lsp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// docCommentWidth is the column at which generated doc comments wrap.
const docCommentWidth = 80

// docInsertion is a generated doc comment and where it goes.
type docInsertion struct {
	offset int    // byte offset in the document where text is inserted
	text   string // the comment, ending with a newline
}

// docComment builds the language's doc comment for c holding summary and
// the place to insert it. ok is false for languages without a convention
// (line-window chunks).
func docComment(text string, c analysis.Chunk, summary string) (docInsertion, bool) {
	summary = strings.Join(strings.Fields(summary), " ")
	if summary == "" {
		return docInsertion{}, false
	}
	lineStart := strings.LastIndexByte(text[:c.Range.StartByte], '\n') + 1
	indent := leadingSpace(text[lineStart:])
	switch analysis.LanguageOf(c.Lang).Doc {
	case analysis.DocDocstring:
		return pythonDocstring(text, c, summary)
	case analysis.DocGo:
		return docInsertion{lineStart, lineComment(indent, "// ", goDocSentence(c.Name, summary))}, true
	case analysis.DocSlashes:
		return docInsertion{lineStart, lineComment(indent, "/// ", summary)}, true
	case analysis.DocHash:
		return docInsertion{lineStart, lineComment(indent, "# ", summary)}, true
	case analysis.DocXML:
		body := lineComment(indent, "/// ", xmlEscape(summary))
		return docInsertion{lineStart, indent + "/// <summary>\n" + body + indent + "/// </summary>\n"}, true
	case analysis.DocBlock:
		return docInsertion{lineStart, blockComment(indent, summary)}, true
	}
	return docInsertion{}, false
}

// goDocSentence follows the Go convention: the comment starts with the name.
func goDocSentence(qualified, summary string) string {
	name := qualified[strings.LastIndexByte(qualified, '.')+1:]
	if name == "" {
		return summary
	}
	r, n := utf8.DecodeRuneInString(summary)
	return name + " " + string(unicode.ToLower(r)) + summary[n:]
}

// lineComment wraps words into lines that each start with indent+prefix.
func lineComment(indent, prefix, words string) string {
	var b strings.Builder
	for _, line := range wrap(words, docCommentWidth-len(indent)-len(prefix)) {
		b.WriteString(indent + strings.TrimRight(prefix+line, " ") + "\n")
	}
	return b.String()
}

// blockComment is a /** ... */ comment, on one line when it fits. A "*/"
// in the summary (model output) is written "*\/": it would end the comment
// and put the rest of the summary into the code.
func blockComment(indent, summary string) string {
	summary = strings.ReplaceAll(summary, "*/", `*\/`)
	if one := indent + "/** " + summary + " */"; len(one) <= docCommentWidth {
		return one + "\n"
	}
	return indent + "/**\n" + lineComment(indent, " * ", summary) + indent + " */\n"
}

// pythonDocstring inserts a docstring as the first statement of the body.
func pythonDocstring(text string, c analysis.Chunk, summary string) (docInsertion, bool) {
	bodyLine, ok := pythonBodyStart(text, c)
	if !ok {
		return docInsertion{}, false
	}
	defStart := strings.LastIndexByte(text[:c.Range.StartByte], '\n') + 1
	indent := leadingSpace(text[bodyLine:])
	if len(indent) <= len(leadingSpace(text[defStart:])) {
		indent = leadingSpace(text[defStart:]) + "    "
	}
	summary = strings.ReplaceAll(summary, `"""`, `\"\"\"`)
	if strings.HasSuffix(summary, `"`) {
		summary += " "
	}
	one := indent + `"""` + summary + `"""`
	if len(one) <= docCommentWidth {
		return docInsertion{bodyLine, one + "\n"}, true
	}
	var b strings.Builder
	b.WriteString(indent + `"""` + "\n")
	for _, line := range wrap(summary, docCommentWidth-len(indent)) {
		b.WriteString(indent + line + "\n")
	}
	b.WriteString(indent + `"""` + "\n")
	return docInsertion{bodyLine, b.String()}, true
}

// pythonBodyStart finds the start of the line after the def header: the
// first ':' outside brackets and strings that ends a line.
func pythonBodyStart(text string, c analysis.Chunk) (int, bool) {
	depth := 0
	var quote byte
	for i := c.Range.StartByte; i < c.Range.EndByte && i < len(text); i++ {
		ch := text[i]
		switch {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '(' || ch == '[' || ch == '{':
			depth++
		case ch == ')' || ch == ']' || ch == '}':
			depth--
		case ch == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			i--
		case ch == ':' && depth == 0:
			rest := text[i+1:]
			nl := strings.IndexByte(rest, '\n')
			if nl < 0 {
				return 0, false
			}
			if tail := strings.TrimSpace(rest[:nl]); tail == "" || strings.HasPrefix(tail, "#") {
				return i + 1 + nl + 1, true
			}
			return 0, false // a one-line body ("def f(): return 1") has no room for a docstring
		}
	}
	return 0, false
}

func leadingSpace(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[:i]
}

// wrap splits words into lines of at most width bytes (longer words stay whole).
func wrap(words string, width int) []string {
	width = max(width, 20)
	var lines []string
	line := ""
	for _, w := range strings.Fields(words) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
