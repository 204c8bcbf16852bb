package analysis

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// lineIndex maps byte offsets to Points. Immutable; safe for concurrent use.
type lineIndex []int // start offset of each line

func newLineIndex(src []byte) lineIndex {
	idx := make(lineIndex, 1, len(src)/32+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
}

// lines counts the lines of the indexed text like lineCount.
func (li lineIndex) lines(size int) int {
	if li[len(li)-1] == size {
		return len(li) - 1 // a trailing newline starts no line
	}
	return len(li)
}

func (li lineIndex) point(off int) Point {
	line := sort.Search(len(li), func(i int) bool { return li[i] > off }) - 1
	return Point{Line: line, Column: off - li[line]}
}

func (li lineIndex) rng(start, end int) Range {
	return Range{StartByte: start, EndByte: end, Start: li.point(start), End: li.point(end)}
}

// lineCount counts lines the way editors do: a trailing newline does not
// start another line, and empty text has no lines.
func lineCount(text []byte) int {
	if len(text) == 0 {
		return 0
	}
	n := 1
	for i, b := range text {
		if b == '\n' && i != len(text)-1 {
			n++
		}
	}
	return n
}

// collapse returns s with every run of white space replaced by one space,
// trimmed, and cut to at most max bytes on a rune boundary.
func collapse(s string, max int) string {
	var b strings.Builder
	b.Grow(min(len(s), max))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if b.Len()+utf8.RuneLen(r) > max {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isSpace reports whether b holds only white space and at most maxNewlines
// newlines.
func isSpace(b []byte, maxNewlines int) bool {
	for _, c := range b {
		switch c {
		case '\n':
			maxNewlines--
			if maxNewlines < 0 {
				return false
			}
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// startsLine reports whether only white space precedes off on its line.
func startsLine(src []byte, off int) bool {
	i := off
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	return isSpace(src[i:off], 0)
}

// xmlDocTag matches the layout tags of C# XML doc comments.
var xmlDocTag = regexp.MustCompile(`</?(summary|remarks|para)>`)

// cleanComment strips comment markers from a comment or docstring and
// returns its text, lines joined with '\n' and common indentation removed.
func cleanComment(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "/*"):
		s = strings.TrimSuffix(strings.TrimPrefix(s, "/*"), "*/")
		s = strings.TrimLeft(s, "*!")
	case isPyString(s):
		s = stripQuotes(s)
	}
	if strings.Contains(s, "<") {
		s = xmlDocTag.ReplaceAllString(s, "")
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		for _, p := range []string{"///", "//!", "//", "#", "*"} {
			if strings.HasPrefix(l, p) {
				l = strings.TrimPrefix(l, p)
				break
			}
		}
		lines[i] = strings.TrimRight(strings.TrimPrefix(l, " "), " \t\r")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

func isPyString(s string) bool {
	s = strings.TrimLeft(s, "rRuUbBfF")
	return strings.HasPrefix(s, `"`) || strings.HasPrefix(s, `'`)
}

func stripQuotes(s string) string {
	s = strings.TrimLeft(s, "rRuUbBfF")
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if strings.HasPrefix(s, q) && strings.HasSuffix(s, q) && len(s) >= 2*len(q) {
			return s[len(q) : len(s)-len(q)]
		}
	}
	return s
}

// cleanDecorator strips the markers around a decorator, annotation or
// attribute: "@x" → "x", "#[x]" → "x", "[x]" → "x".
func cleanDecorator(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "@"):
		s = s[1:]
	case strings.HasPrefix(s, "#[") || strings.HasPrefix(s, "#!["):
		s = strings.TrimSuffix(strings.TrimLeft(s, "#!["), "]")
	case strings.HasPrefix(s, "["):
		s = strings.TrimSuffix(s[1:], "]")
	}
	return collapse(s, 200)
}

// cleanName turns a declared name into a dotted one: "Foo::bar" → "Foo.bar".
func cleanName(s string) string {
	s = strings.ReplaceAll(collapse(s, 200), " ", "")
	s = strings.ReplaceAll(s, "::", ".")
	return strings.ReplaceAll(s, `\`, ".")
}

// splitResults splits a parenthesized result list "(n int, err error)" into
// its types; any other text is one result.
func splitResults(s string) []string {
	s = collapse(s, 300)
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var out []string
	depth, from := 0, 1
	inner := s[:len(s)-1]
	for i := 1; i <= len(inner); i++ {
		if i < len(inner) {
			switch inner[i] {
			case '(', '[', '{', '<':
				depth++
				continue
			case ')', ']', '}', '>':
				depth--
				continue
			case ',':
				if depth != 0 {
					continue
				}
			default:
				continue
			}
		}
		part := strings.TrimSpace(inner[from:i])
		from = i + 1
		if name, typ, ok := strings.Cut(part, " "); ok && !strings.ContainsAny(name, "*[](.") {
			part = typ
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}
