package ts

// #include "ts.h"
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// A Matcher runs a compiled query over a node with one cgo call per run,
// and lists children with one call per parent. Not safe for concurrent
// use; the caller must Close it.
type Matcher struct {
	qc     unsafe.Pointer // TSQueryCursor
	buf    C.atsBuf
	isDef  []uint8 // by capture index: captures whose wrappers are recorded
	wrapOf []uint8 // by symbol: node types that wrap a declaration
	caps   []Capture
	kids   []C.atsSpan
}

// Capture is one captured node of a match, [Start, End). Wraps holds
// (start, end) pairs of the enclosing wrapper nodes, innermost first, for
// the captures flagged in the matcher's isDef.
type Capture struct {
	Index      uint32
	Start, End int
	Wraps      []uint32
}

// NewMatcher returns a matcher that records wrappers (symbols flagged in
// wrapOf) of the captures flagged in isDef. It keeps both slices.
func NewMatcher(isDef, wrapOf []uint8) *Matcher {
	return &Matcher{qc: C.ts_query_cursor_new(), isDef: isDef, wrapOf: wrapOf}
}

// Close frees the matcher's C memory.
func (m *Matcher) Close() {
	C.ts_query_cursor_delete(m.qc)
	C.ats_buf_free(&m.buf)
}

// Children returns the named children of n.
func (m *Matcher) Children(n Node) []Node {
	for {
		var out *C.atsSpan
		if cap(m.kids) > 0 {
			out = &m.kids[:1][0]
		}
		k := int(C.ats_named_children(n.c, out, C.uint32_t(cap(m.kids))))
		if k <= cap(m.kids) {
			kids := make([]Node, k)
			for i, c := range m.kids[:k] {
				kids[i] = nodeOf(c)
			}
			return kids
		}
		m.kids = make([]C.atsSpan, 0, k)
	}
}

// DeclBody returns the body of n, or of the declaration a wrapper n ends
// with, when its symbol is flagged in declOf.
func (m *Matcher) DeclBody(n Node, declOf []uint8) (Node, bool) {
	var body C.atsSpan
	if !C.ats_decl_body(n.c, bytesArg(m.wrapOf), C.uint32_t(len(m.wrapOf)), bytesArg(declOf), C.uint32_t(len(declOf)), &body) {
		return Node{}, false
	}
	return nodeOf(body), true
}

// RunBytes is Run restricted to matches that start in the bytes [from,
// to). The restriction stays with m: use a matcher for such runs only.
func (m *Matcher) RunBytes(q *sitter.Query, n Node, from, to int, fn func(pattern uint16, caps []Capture)) error {
	C.ts_query_cursor_set_byte_range(m.qc, C.uint32_t(from), C.uint32_t(to))
	return m.Run(q, n, false, sitter.Point{}, sitter.Point{}, fn)
}

// Run queries n, restricted to the points [from, to) when ranged, and
// calls fn for every match with its pattern index and captures. The
// captures are valid during the call only.
func (m *Matcher) Run(q *sitter.Query, n Node, ranged bool, from, to sitter.Point, fn func(pattern uint16, caps []Capture)) error {
	m.buf.len = 0
	rng := C.int(0)
	if ranged {
		rng = 1
	}
	ok := C.ats_run_query(m.qc, *(*unsafe.Pointer)(unsafe.Pointer(q)), n.c, rng, cPoint(from), cPoint(to),
		bytesArg(m.isDef), C.uint32_t(len(m.isDef)), bytesArg(m.wrapOf), C.uint32_t(len(m.wrapOf)), &m.buf)
	if ok == 0 {
		return ErrNoMemory
	}
	data := records(&m.buf)
	for i := 0; i < len(data); {
		pattern, count := uint16(data[i]), int(data[i+1])
		i += 2
		m.caps = m.caps[:0]
		for range count {
			nw := int(data[i+3])
			m.caps = append(m.caps, Capture{Index: data[i], Start: int(data[i+1]), End: int(data[i+2]), Wraps: data[i+4 : i+4+2*nw : i+4+2*nw]})
			i += 4 + 2*nw
		}
		fn(pattern, m.caps)
	}
	return nil
}
