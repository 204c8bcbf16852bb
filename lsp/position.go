package lsp

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"go.lsp.dev/protocol"
)

// Position encodings a client may negotiate. All conversion between protocol
// positions and byte offsets lives in this file.
const (
	encodingUTF16 = protocol.PositionEncodingKind("utf-16")
	encodingUTF8  = protocol.PositionEncodingKind("utf-8")
)

// lineIndex maps between byte offsets and (line, character) positions of one
// immutable text. Lines end at "\n"; a "\r" before it belongs to the line
// break, so CRLF files count columns the way editors do.
type lineIndex struct {
	text   string
	starts []int // byte offset of the first byte of each line
	utf8   bool  // characters are UTF-8 bytes instead of UTF-16 code units
}

func newLineIndex(text string, enc protocol.PositionEncodingKind) *lineIndex {
	starts := make([]int, 1, 1+len(text)/32)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts, utf8: enc == encodingUTF8}
}

// edited returns the index of text, which is x's text with [start, end)
// replaced by inserted. Lines before the edit keep their starts and lines
// after it shift, so the cost is one pass over the line starts, not over
// the text.
func (x *lineIndex) edited(text string, start, end int, inserted string) *lineIndex {
	first := searchStarts(x.starts, start) // lines up to here start at or before the edit
	after := first + 1
	for after < len(x.starts) && x.starts[after] <= end {
		after++ // these lines began after a line break the edit removed
	}
	delta := len(inserted) - (end - start)
	starts := make([]int, 0, len(x.starts)+strings.Count(inserted, "\n"))
	starts = append(starts, x.starts[:first+1]...)
	for i := 0; i < len(inserted); i++ {
		if inserted[i] == '\n' {
			starts = append(starts, start+i+1)
		}
	}
	for _, st := range x.starts[after:] {
		starts = append(starts, st+delta)
	}
	return &lineIndex{text: text, starts: starts, utf8: x.utf8}
}

// point returns the line and byte column of a byte offset, as tree-sitter
// counts them.
func (x *lineIndex) point(off int) analysis.Point {
	line := searchStarts(x.starts, off)
	return analysis.Point{Line: line, Column: off - x.starts[line]}
}

// encoding is the position encoding the index counts characters in.
func (x *lineIndex) encoding() protocol.PositionEncodingKind {
	if x.utf8 {
		return encodingUTF8
	}
	return encodingUTF16
}

// lineContent returns the bytes of line n without its line break.
func (x *lineIndex) lineContent(n int) string {
	start := x.starts[n]
	end := len(x.text)
	if n+1 < len(x.starts) {
		end = x.starts[n+1] - 1 // drop "\n"
		if end > start && x.text[end-1] == '\r' {
			end--
		}
	} else if end > start && x.text[end-1] == '\r' {
		end--
	}
	return x.text[start:end]
}

// offset converts a protocol position to a byte offset. Positions past the
// end of a line clamp to the line's end and lines past the end clamp to the
// end of the text, as the protocol asks; a character inside a surrogate pair
// or a multi-byte sequence rounds down to the character's start.
func (x *lineIndex) offset(p protocol.Position) int {
	line := int(p.Line)
	if line >= len(x.starts) {
		return len(x.text)
	}
	content := x.lineContent(line)
	want := int(p.Character)
	if x.utf8 {
		return x.starts[line] + charStart(content, min(want, len(content)))
	}
	units := 0
	for i, r := range content {
		n := utf16Len(r)
		if units+n > want {
			return x.starts[line] + i
		}
		units += n
	}
	return x.starts[line] + len(content)
}

// position converts a byte offset to a protocol position. Offsets inside a
// multi-byte character round down to its start.
func (x *lineIndex) position(offset int) protocol.Position {
	if offset < 0 {
		offset = 0
	}
	if offset > len(x.text) {
		offset = len(x.text)
	}
	line := searchStarts(x.starts, offset)
	col := offset - x.starts[line]
	content := x.lineContent(line)
	if col > len(content) {
		col = len(content)
	}
	if x.utf8 {
		return protocol.Position{Line: uint32(line), Character: uint32(charStart(content, col))}
	}
	units := 0
	for i := 0; i < col; {
		r, size := utf8.DecodeRuneInString(content[i:])
		if i+size > col {
			break // inside a character: round down to its start
		}
		units += utf16Len(r)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// positions converts many offsets at once: each line is decoded once,
// however many offsets fall on it, so a long line full of functions (a
// minified file) costs one pass, not one pass per offset.
func (x *lineIndex) positions(offsets []int) []protocol.Position {
	order := make([]int, len(offsets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(offsets[a], offsets[b]) })
	out := make([]protocol.Position, len(offsets))
	line, col, units := -1, 0, 0 // col: bytes of the line decoded so far, worth units
	var content string
	for _, i := range order {
		off := min(max(offsets[i], 0), len(x.text))
		if l := searchStarts(x.starts, off); l != line {
			line, col, units, content = l, 0, 0, x.lineContent(l)
		}
		want := min(off-x.starts[line], len(content))
		if x.utf8 {
			out[i] = protocol.Position{Line: uint32(line), Character: uint32(charStart(content, want))}
			continue
		}
		for col < want {
			r, size := utf8.DecodeRuneInString(content[col:])
			if col+size > want {
				break // inside a character: round down to its start
			}
			units += utf16Len(r)
			col += size
		}
		out[i] = protocol.Position{Line: uint32(line), Character: uint32(units)}
	}
	return out
}

// charStart returns the start of the character holding byte i of s (i
// itself when a character starts there, or when i is len(s)). An invalid
// byte is a character of its own, as when decoding s rune by rune.
func charStart(s string, i int) int {
	for j := i; j >= 0 && j > i-utf8.UTFMax && j < len(s); j-- {
		if !utf8.RuneStart(s[j]) {
			continue
		}
		if r, size := utf8.DecodeRuneInString(s[j:]); j+size > i && (r != utf8.RuneError || size > 1) {
			return j
		}
		break
	}
	return i
}

// searchStarts returns the index of the line containing offset.
func searchStarts(starts []int, offset int) int {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// utf16Len is the number of UTF-16 code units of r; an invalid byte, decoded
// as U+FFFD, counts as one.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
