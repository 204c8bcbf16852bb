package analysis

import (
	"strings"
)

// commentMarkers are stripped from the start of each doc comment line,
// longest first.
var commentMarkers = []string{"///", "//!", "//", "/**", "/*!", "/*", `"""`, "'''", "#'", "#", "*", "--"}

// abbreviations end with a period that does not end a sentence.
var abbreviations = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("e.g. i.e. etc. vs. cf. approx. resp. no. fig. ca. incl.") {
		m[w] = true
	}
	return m
}()

// FirstSentence returns the first sentence of a doc comment, with comment
// markers, markup tags and line breaks removed. It accepts both raw comment
// text ("// Foo does x.") and already stripped text. The first sentence
// ends at the first '.', '!' or '?' followed by white space, or at the end
// of the first paragraph (a blank line, a tag line such as "@param" or
// "Args:").
func FirstSentence(doc string) string {
	var para []string
	for _, line := range strings.Split(doc, "\n") {
		line = stripMarkers(line)
		if line == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		if isTagLine(line) {
			break
		}
		para = append(para, line)
	}
	text := stripMarkup(strings.Join(strings.Fields(strings.Join(para, " ")), " "))
	words := strings.Fields(text)
	for i, w := range words {
		last := w[len(w)-1]
		if (last == '.' || last == '!' || last == '?') && !abbreviations[strings.ToLower(w)] {
			return strings.Join(words[:i+1], " ")
		}
	}
	return text
}

// stripMarkers removes comment delimiters and surrounding space from a line.
func stripMarkers(line string) string {
	line = strings.TrimSpace(line)
	for _, end := range []string{"*/", `"""`, "'''"} {
		line = strings.TrimSuffix(line, end)
	}
	for _, m := range commentMarkers {
		if strings.HasPrefix(line, m) {
			line = strings.TrimPrefix(line, m)
			break
		}
	}
	return strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "*"))
}

// isTagLine reports whether a line starts the tagged part of a doc comment.
func isTagLine(line string) bool {
	if line[0] == '@' || line[0] == ':' || line[0] == '\\' {
		return true
	}
	switch line {
	case "Args:", "Arguments:", "Parameters:", "Params:", "Returns:", "Return:", "Raises:",
		"Example:", "Examples:", "Parameters", "Returns", "----------":
		return true
	}
	return false
}

// stripMarkup removes HTML tags and unwraps Javadoc/JSDoc inline tags
// ("{@code x}" → "x").
func stripMarkup(s string) string {
	if !strings.ContainsAny(s, "<{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '<' && i+1 < len(s) && (isASCIILetter(s[i+1]) || s[i+1] == '/'):
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				i += j
				continue
			}
		case strings.HasPrefix(s[i:], "{@"):
			if j := strings.IndexByte(s[i:], '}'); j > 0 {
				inner := s[i+2 : i+j]
				if k := strings.IndexByte(inner, ' '); k >= 0 {
					inner = inner[k+1:]
				}
				b.WriteString(inner)
				i += j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
