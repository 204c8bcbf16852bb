package lsp

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.lsp.dev/protocol"
)

// didChangeParams are textDocument/didChange params, decoded by the server
// itself: the protocol library decodes a change whose range holds a
// negative number as a whole-document change, which would silently replace
// the text.
type didChangeParams struct {
	TextDocument   protocol.VersionedTextDocumentIdentifier `json:"textDocument"`
	ContentChanges []contentChange                          `json:"contentChanges"`
}

// contentChange is one change: a whole-document change when Range is nil.
type contentChange struct {
	Range *wireRange `json:"range,omitempty"`
	Text  string     `json:"text"`
}

type wireRange struct {
	Start wirePosition `json:"start"`
	End   wirePosition `json:"end"`
}

type wirePosition struct {
	Line      wireNumber `json:"line"`
	Character wireNumber `json:"character"`
}

// wireNumber is a JSON number kept as written, so that values no position
// can have are found instead of failing the whole message's decoding.
type wireNumber string

func (n *wireNumber) UnmarshalJSON(b []byte) error {
	*n = wireNumber(b)
	return nil
}

// uint32 is the number's value when it is an integer in [0, 2³²).
func (n wireNumber) uint32() (uint32, bool) {
	v, err := strconv.ParseUint(strings.TrimSpace(string(n)), 10, 32)
	return uint32(v), err == nil && v <= math.MaxUint32
}

// position is the protocol position; call it only after check.
func (p wirePosition) position() protocol.Position {
	line, _ := p.Line.uint32()
	char, _ := p.Character.uint32()
	return protocol.Position{Line: line, Character: char}
}

// check rejects changes whose ranges hold numbers that cannot be positions.
// Positions past a line's end or past the last line are valid: offset
// clamps them, as the protocol asks.
func (p *didChangeParams) check() error {
	for i, ch := range p.ContentChanges {
		if ch.Range == nil {
			continue
		}
		for _, n := range []wireNumber{ch.Range.Start.Line, ch.Range.Start.Character, ch.Range.End.Line, ch.Range.End.Character} {
			if _, ok := n.uint32(); !ok {
				return fmt.Errorf("change %d: %q is not a position number (0 to 2^32-1)", i+1, string(n))
			}
		}
	}
	return nil
}
