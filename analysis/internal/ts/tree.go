// Package ts calls the tree-sitter C API directly where go-tree-sitter's
// bindings cost more than the work, and is the only package of ours that
// uses cgo for tree-sitter. A walk of a query through
// QueryCursor.NextMatch makes one cgo call per match and two per captured
// node offset, and caches a Go object per node in its tree; that was
// about half of the chunking time. The C functions are go-tree-sitter's
// own (linked from its package), declared in ts.h; the C handles are read
// out of its values: sitter.Query holds its TSQuery as first field,
// sitter.Parser its TSParser as second. layout_test.go checks both, and
// every fast path, against go-tree-sitter's API, so an upgrade that
// changes them fails the tests.
package ts

// #include <stdlib.h>
// #include "ts.h"
import "C"

import (
	"errors"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// Node is a syntax node as the C API hands it out, with its byte range
// [Start, End). It is valid as long as its tree.
type Node struct {
	c          C.atsNode
	Start, End int
}

func nodeOf(n C.atsSpan) Node { return Node{c: n.node, Start: int(n.start), End: int(n.end)} }

// Tree is a tree-sitter tree (TSTree). go-tree-sitter's Tree would do,
// but its Parser copies every text into C memory before parsing it (about
// 7% of a parse), and its nodes are cached Go objects. The caller must
// Close it; it is not safe for concurrent use (Copy it instead).
type Tree struct{ c unsafe.Pointer }

// parserLayout mirrors sitter.Parser, whose TSParser the parse needs;
// TestParserLayout checks it.
type parserLayout struct {
	isClosed bool
	c        unsafe.Pointer
	cancel   *uintptr
}

// ErrParse reports a parse that ran out of its time limit.
var ErrParse = errors.New("analysis: tree-sitter parse stopped (time limit)")

// Parse parses src with p, reusing old (edited to match src) when not
// nil. p's language and operation limit apply. src is read in place.
func Parse(p *sitter.Parser, old *Tree, src []byte) (*Tree, error) {
	var oldC unsafe.Pointer
	if old != nil {
		oldC = old.c
	}
	var text *C.char
	if len(src) > 0 {
		text = (*C.char)(unsafe.Pointer(&src[0]))
	}
	t := C.ts_parser_parse_string((*parserLayout)(unsafe.Pointer(p)).c, oldC, text, C.uint32_t(len(src)))
	if t == nil {
		return nil, ErrParse
	}
	return &Tree{c: t}, nil
}

// Close frees the tree; a closed or nil tree may be closed again.
func (t *Tree) Close() {
	if t != nil && t.c != nil {
		C.ts_tree_delete(t.c)
		t.c = nil
	}
}

// Copy returns a copy of t that another goroutine may use.
func (t *Tree) Copy() *Tree { return &Tree{c: C.ts_tree_copy(t.c)} }

// Root returns the root node of t.
func (t *Tree) Root() Node { return nodeOf(C.ats_root(t.c)) }

// Edit tells the tree that the bytes [start, oldEnd) became [start,
// newEnd), which start at point sp and ended at op and now end at np.
func (t *Tree) Edit(start, oldEnd, newEnd int, sp, op, np sitter.Point) {
	C.ats_edit(t.c, C.uint32_t(start), C.uint32_t(oldEnd), C.uint32_t(newEnd), cPoint(sp), cPoint(op), cPoint(np))
}

// String returns the tree as an S-expression.
func (t *Tree) String() string {
	s := C.ts_node_string(t.Root().c)
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}

func cPoint(p sitter.Point) C.atsPoint {
	return C.atsPoint{row: C.uint32_t(p.Row), column: C.uint32_t(p.Column)}
}

// ErrNoMemory reports that C memory for matches or facts ran out.
var ErrNoMemory = errors.New("analysis: out of C memory for query matches")

func bytesArg(b []uint8) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(&b[0])
}

// records is the content of b as a Go slice, valid until b next grows.
func records(b *C.atsBuf) []uint32 {
	if b.len == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(b.data)), int(b.len))
}
