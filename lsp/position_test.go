package lsp

import (
	"math/rand/v2"
	"slices"
	"testing"

	"go.lsp.dev/protocol"
)

func TestPositionConversion(t *testing.T) {
	// "a😀b" : 😀 is 4 bytes, 2 UTF-16 units. "漢" is 3 bytes, 1 unit.
	text := "a😀b\r\n漢字x\nlast"
	tests := []struct {
		name   string
		enc    protocol.PositionEncodingKind
		pos    protocol.Position
		offset int
	}{
		{"start", encodingUTF16, pos(0, 0), 0},
		{"before emoji", encodingUTF16, pos(0, 1), 1},
		{"after emoji", encodingUTF16, pos(0, 3), 5},
		{"inside surrogate pair rounds down", encodingUTF16, pos(0, 2), 1},
		{"CR belongs to the break", encodingUTF16, pos(0, 4), 6},
		{"past line end clamps before CRLF", encodingUTF16, pos(0, 99), 6},
		{"CJK", encodingUTF16, pos(1, 2), 8 + 6},
		{"after CJK", encodingUTF16, pos(1, 3), 8 + 7},
		{"last line", encodingUTF16, pos(2, 2), 16 + 2},
		{"past last line", encodingUTF16, pos(9, 0), len(text)},
		{"utf-8 after emoji", encodingUTF8, pos(0, 5), 5},
		{"utf-8 inside emoji rounds down", encodingUTF8, pos(0, 3), 1},
		{"utf-8 CJK", encodingUTF8, pos(1, 6), 8 + 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newLineIndex(text, tt.enc)
			if got := x.offset(tt.pos); got != tt.offset {
				t.Errorf("offset(%v) = %d, want %d", tt.pos, got, tt.offset)
			}
		})
	}
}

func TestPositionRoundTrip(t *testing.T) {
	text := "a😀b\r\n漢字x\n\nz̀ok 👩‍👩‍👧\n"
	for _, enc := range []protocol.PositionEncodingKind{encodingUTF16, encodingUTF8} {
		x := newLineIndex(text, enc)
		for off := 0; off <= len(text); off++ {
			p := x.position(off)
			back := x.offset(p)
			if back > off {
				t.Fatalf("%s: offset %d → %v → %d moved forward", enc, off, p, back)
			}
			if isBoundary(text, off) && back != off {
				t.Fatalf("%s: offset %d → %v → %d", enc, off, p, back)
			}
		}
	}
}

func TestPositionInvalidUTF8(t *testing.T) {
	text := "x\xffy\n"
	x := newLineIndex(text, encodingUTF16)
	if got := x.offset(pos(0, 2)); got != 2 {
		t.Errorf("invalid byte should count as one unit: offset = %d", got)
	}
	if got := x.position(3); got != pos(0, 3) {
		t.Errorf("position(3) = %v", got)
	}
}

// isBoundary reports whether off starts a character and is not inside a
// CRLF line break.
func isBoundary(s string, off int) bool {
	if off == len(s) {
		return true
	}
	if s[off]&0xC0 == 0x80 {
		return false
	}
	return !(s[off] == '\n' && off > 0 && s[off-1] == '\r')
}

func pos(line, char uint32) protocol.Position {
	return protocol.Position{Line: line, Character: char}
}

// TestLineIndexEdited compares incremental updates of the line index with
// an index built from scratch, over random edits of texts full of line
// breaks.
func TestLineIndexEdited(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"", "a", "\n", "\r\n", "ab\ncd", "\n\n", "漢", "x\ny\nz"}
	text := "one\ntwo\r\nthree\n\nfour"
	x := newLineIndex(text, encodingUTF16)
	for i := range 2000 {
		start := rng.IntN(len(text) + 1)
		end := start + rng.IntN(len(text)-start+1)
		ins := pieces[rng.IntN(len(pieces))]
		text = text[:start] + ins + text[end:]
		x = x.edited(text, start, end, ins)
		want := newLineIndex(text, encodingUTF16)
		if !slices.Equal(x.starts, want.starts) {
			t.Fatalf("edit %d: replace [%d,%d) with %q: starts %v, want %v", i, start, end, ins, x.starts, want.starts)
		}
		if len(text) > 400 {
			text = text[len(text)-200:]
			x = newLineIndex(text, encodingUTF16)
		}
	}
}

// TestPositionsMatchPosition checks the one-pass conversion against the
// single-offset one, offsets in any order.
func TestPositionsMatchPosition(t *testing.T) {
	text := "a😀b\r\n漢字x\n\nz̀ok 👩‍👩‍👧\nx\xffy"
	for _, enc := range []protocol.PositionEncodingKind{encodingUTF16, encodingUTF8} {
		x := newLineIndex(text, enc)
		var offsets []int
		for off := len(text) + 2; off >= -1; off-- {
			offsets = append(offsets, off)
		}
		got := x.positions(offsets)
		for i, off := range offsets {
			if want := x.position(off); got[i] != want {
				t.Errorf("%s: positions()[%d] for offset %d = %v, want %v", enc, i, off, got[i], want)
			}
		}
	}
}
