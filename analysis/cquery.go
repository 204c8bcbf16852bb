package analysis

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

// Layouts and prototypes of the tree-sitter C API (api.h of the
// go-tree-sitter module, whose objects define these functions and are
// linked into every binary importing this package).
// TSNode's pointers are declared as integers of the same size: the Go side
// then sees a type without pointers, which cgo neither checks nor scans.
typedef struct { uint32_t context[4]; uintptr_t id; uintptr_t tree; } aTSNode;
typedef struct { uint32_t row; uint32_t column; } aTSPoint;
typedef struct { aTSNode node; uint32_t index; } aTSQueryCapture;
typedef struct { uint32_t id; uint16_t pattern_index; uint16_t capture_count; const aTSQueryCapture *captures; } aTSQueryMatch;
extern void *ts_query_cursor_new(void);
extern void ts_query_cursor_delete(void *);
extern void ts_query_cursor_exec(void *self, const void *query, aTSNode node);
extern void ts_query_cursor_set_point_range(void *self, aTSPoint start, aTSPoint end);
extern void ts_query_cursor_set_byte_range(void *self, uint32_t start, uint32_t end);
extern bool ts_query_cursor_next_match(void *self, aTSQueryMatch *match);
extern uint32_t ts_node_start_byte(aTSNode);
extern uint32_t ts_node_end_byte(aTSNode);
extern uint16_t ts_node_symbol(aTSNode);
extern aTSNode ts_node_parent(aTSNode);
extern bool ts_node_is_named(aTSNode);
extern uint32_t ts_node_named_child_count(aTSNode);
extern aTSNode ts_node_named_child(aTSNode, uint32_t);
extern aTSNode ts_node_child_by_field_name(aTSNode, const char *, uint32_t);
typedef struct { const void *tree; const void *id; uint32_t context[3]; } aTSTreeCursor;
extern aTSTreeCursor ts_tree_cursor_new(aTSNode);
extern void ts_tree_cursor_delete(aTSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(aTSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(aTSTreeCursor *);
extern aTSNode ts_tree_cursor_current_node(const aTSTreeCursor *);

typedef struct { aTSNode node; uint32_t start, end, symbol; } aNode;

static void fill(aNode *out, aTSNode n) {
	out->node = n;
	out->start = ts_node_start_byte(n);
	out->end = ts_node_end_byte(n);
	out->symbol = ts_node_symbol(n);
}

// named_children writes the first cap named children of n to out and
// returns how many there are.
static uint32_t named_children(aTSNode n, aNode *out, uint32_t cap) {
	uint32_t k = 0;
	aTSTreeCursor c = ts_tree_cursor_new(n);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			aTSNode ch = ts_tree_cursor_current_node(&c);
			if (!ts_node_is_named(ch)) continue;
			if (k < cap) fill(&out[k], ch);
			k++;
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return k;
}

// decl_body finds the body of a declaration n (or of the declaration a
// wrapper n ends with) whose symbol is flagged in decl_of.
static bool decl_body(aTSNode n, const uint8_t *wrap_of, uint32_t n_wrap, const uint8_t *decl_of, uint32_t n_decl, aNode *body) {
	uint16_t s = ts_node_symbol(n);
	if (s < n_wrap && wrap_of[s]) {
		uint32_t c = ts_node_named_child_count(n);
		if (c > 0) {
			n = ts_node_named_child(n, c - 1);
			s = ts_node_symbol(n);
		}
	}
	if (s >= n_decl || !decl_of[s]) return false;
	aTSNode b = ts_node_child_by_field_name(n, "body", 4);
	if (b.id == 0) return false;
	fill(body, b);
	return true;
}

typedef struct {
	uint32_t start_byte, old_end_byte, new_end_byte;
	aTSPoint start_point, old_end_point, new_end_point;
} aTSInputEdit;
extern void *ts_parser_parse_string(void *parser, const void *old_tree, const char *string, uint32_t length);
extern void *ts_tree_copy(const void *);
extern void ts_tree_delete(void *);
extern void ts_tree_edit(void *, const aTSInputEdit *);
extern aTSNode ts_tree_root_node(const void *);
extern char *ts_node_string(aTSNode);

static aNode root_of(const void *tree) {
	aNode out;
	fill(&out, ts_tree_root_node(tree));
	return out;
}

static void edit_tree(void *tree, uint32_t start, uint32_t old_end, uint32_t new_end, aTSPoint sp, aTSPoint op, aTSPoint np) {
	aTSInputEdit e = {start, old_end, new_end, sp, op, np};
	ts_tree_edit(tree, &e);
}

// matchBuf collects the matches of one query run as uint32 records:
// per match [pattern, captures], then per capture
// [index, start byte, end byte, wrappers, (start, end) per wrapper].
typedef struct { uint32_t *data; size_t len, cap; } matchBuf;

static int mb_reserve(matchBuf *b, size_t n) {
	if (b->len + n <= b->cap) return 1;
	size_t c = b->cap ? b->cap : 4096;
	while (c < b->len + n) c *= 2;
	uint32_t *d = realloc(b->data, c * sizeof(uint32_t));
	if (!d) return 0;
	b->data = d;
	b->cap = c;
	return 1;
}

enum { maxWraps = 8 };

// run_query runs query on node (restricted to [from, to) when ranged) and
// appends every match to b. For captures flagged in is_def it records the
// chain of enclosing nodes whose symbol is flagged in wrap_of. Returns 0
// when out of memory.
static int run_query(void *qc, const void *query, aTSNode node, int ranged, aTSPoint from, aTSPoint to,
		const uint8_t *is_def, uint32_t n_def, const uint8_t *wrap_of, uint32_t n_wrap, matchBuf *b) {
	if (ranged) {
		ts_query_cursor_set_point_range(qc, from, to);
	}
	ts_query_cursor_exec(qc, query, node);
	aTSQueryMatch m;
	while (ts_query_cursor_next_match(qc, &m)) {
		if (!mb_reserve(b, 2 + (size_t)m.capture_count * (4 + 2 * maxWraps))) return 0;
		b->data[b->len++] = m.pattern_index;
		b->data[b->len++] = m.capture_count;
		for (uint16_t i = 0; i < m.capture_count; i++) {
			aTSNode n = m.captures[i].node;
			uint32_t idx = m.captures[i].index;
			b->data[b->len++] = idx;
			b->data[b->len++] = ts_node_start_byte(n);
			b->data[b->len++] = ts_node_end_byte(n);
			size_t at = b->len++;
			uint32_t k = 0;
			if (idx < n_def && is_def[idx]) {
				for (aTSNode p = ts_node_parent(n); p.id != 0 && k < maxWraps; p = ts_node_parent(p)) {
					uint16_t s = ts_node_symbol(p);
					if (s >= n_wrap || !wrap_of[s]) break;
					b->data[b->len++] = ts_node_start_byte(p);
					b->data[b->len++] = ts_node_end_byte(p);
					k++;
				}
			}
			b->data[at] = k;
		}
	}
	return 1;
}

static void mb_free(matchBuf *b) {
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
*/
import "C"

import (
	"errors"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// This file calls the tree-sitter C API directly where go-tree-sitter's
// bindings cost more than the work: a walk of the chunk query through
// QueryCursor.NextMatch makes one cgo call per match and two per captured
// node offset, and caches a Go object per node in its tree; that was about
// half of the chunking time. The C functions are go-tree-sitter's own
// (linked from its package); the C handles are read out of its values:
// sitter.Query holds its TSQuery as first field, sitter.Parser its
// TSParser as second (TestMatcherLayout and TestParserLayout check both
// against go-tree-sitter's API, so an upgrade that changes them fails
// the tests).

// A matcher runs a compiled query over a node with one cgo call per run,
// and lists children with one call per parent. Not safe for concurrent
// use; the caller must close it.
type matcher struct {
	qc      unsafe.Pointer // TSQueryCursor
	buf     C.matchBuf
	isDef   []uint8 // by capture index: the query's, shared
	wrapOf  []uint8 // by symbol: the spec's, shared
	splitOf []uint8 // by symbol: the spec's, shared
	caps    []capture
	kids    []C.aNode
}

// node is a syntax node as the C API hands it out, with its byte range.
// It is valid as long as its tree.
type node struct {
	c          C.aTSNode
	start, end int
}

func nodeOf(n C.aNode) node { return node{c: n.node, start: int(n.start), end: int(n.end)} }

// syntaxTree is a tree-sitter tree (TSTree). go-tree-sitter's Tree would
// do, but its Parser copies every text into C memory before parsing it
// (about 7% of a Parse), and its nodes are cached Go objects. The caller
// must close it; it is not safe for concurrent use (copy it instead).
type syntaxTree struct{ c unsafe.Pointer }

// parserLayout mirrors sitter.Parser, whose TSParser the parse needs;
// TestParserLayout checks it.
type parserLayout struct {
	isClosed bool
	c        unsafe.Pointer
	cancel   *uintptr
}

// errParse reports a parse that ran out of its time limit.
var errParse = errors.New("analysis: tree-sitter parse stopped (time limit)")

// parseTree parses src with p, reusing old (edited to match src) when not
// nil. p's language and operation limit apply. src is read in place.
func parseTree(p *sitter.Parser, old *syntaxTree, src []byte) (*syntaxTree, error) {
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
		return nil, errParse
	}
	return &syntaxTree{c: t}, nil
}

func (t *syntaxTree) close() {
	if t != nil && t.c != nil {
		C.ts_tree_delete(t.c)
		t.c = nil
	}
}

func (t *syntaxTree) copy() *syntaxTree { return &syntaxTree{c: C.ts_tree_copy(t.c)} }

func (t *syntaxTree) root() node { return nodeOf(C.root_of(t.c)) }

// edit tells the tree that the bytes [start, oldEnd) became [start, newEnd).
func (t *syntaxTree) edit(start, oldEnd, newEnd int, sp, op, np sitter.Point) {
	C.edit_tree(t.c, C.uint32_t(start), C.uint32_t(oldEnd), C.uint32_t(newEnd), cPoint(sp), cPoint(op), cPoint(np))
}

// String returns the tree as an S-expression.
func (t *syntaxTree) String() string {
	s := C.ts_node_string(t.root().c)
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s)
}

func cPoint(p sitter.Point) C.aTSPoint {
	return C.aTSPoint{row: C.uint32_t(p.Row), column: C.uint32_t(p.Column)}
}

// children returns the named children of n.
func (m *matcher) children(n node) []node {
	for {
		var out *C.aNode
		if cap(m.kids) > 0 {
			out = &m.kids[:1][0]
		}
		k := int(C.named_children(n.c, out, C.uint32_t(cap(m.kids))))
		if k <= cap(m.kids) {
			kids := make([]node, k)
			for i, c := range m.kids[:k] {
				kids[i] = nodeOf(c)
			}
			return kids
		}
		m.kids = make([]C.aNode, 0, k)
	}
}

// splitBody returns the body of a container declaration that is chunked
// member by member (spec.splits), looking through a wrapper.
func (m *matcher) splitBody(n node) (node, bool) { return m.declBody(n, m.splitOf) }

// declBody returns the body of n, or of the declaration a wrapper n ends
// with, when its symbol is flagged in declOf.
func (m *matcher) declBody(n node, declOf []uint8) (node, bool) {
	var body C.aNode
	if !C.decl_body(n.c, bytesArg(m.wrapOf), C.uint32_t(len(m.wrapOf)), bytesArg(declOf), C.uint32_t(len(declOf)), &body) {
		return node{}, false
	}
	return nodeOf(body), true
}

func bytesArg(b []uint8) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(&b[0])
}

// capture is one captured node of a match. wraps holds (start, end) pairs
// of the enclosing wrapper nodes, innermost first, for @def captures.
type capture struct {
	index uint32
	span  span
	wraps []uint32
}

var errNoMemory = errors.New("analysis: out of C memory for query matches")

func newMatcher(c *compiled, sp *spec) *matcher {
	return &matcher{qc: C.ts_query_cursor_new(), isDef: c.isDef, wrapOf: sp.wrapOf, splitOf: sp.splitOf}
}

func (m *matcher) close() {
	C.ts_query_cursor_delete(m.qc)
	C.mb_free(&m.buf)
}

// runBytes is run restricted to matches that start in the bytes
// [from, to). The restriction stays with m: use a matcher for such runs
// only.
func (m *matcher) runBytes(q *sitter.Query, n node, from, to int, fn func(pattern uint16, caps []capture)) error {
	C.ts_query_cursor_set_byte_range(m.qc, C.uint32_t(from), C.uint32_t(to))
	return m.run(q, n, false, sitter.Point{}, sitter.Point{}, fn)
}

// run queries n, restricted to the points [from, to) when ranged, and
// calls fn for every match with its pattern index and captures. The
// captures are valid during the call only.
func (m *matcher) run(q *sitter.Query, n node, ranged bool, from, to sitter.Point, fn func(pattern uint16, caps []capture)) error {
	m.buf.len = 0
	isDef, wrapOf := bytesArg(m.isDef), bytesArg(m.wrapOf)
	rng := C.int(0)
	if ranged {
		rng = 1
	}
	ok := C.run_query(m.qc, *(*unsafe.Pointer)(unsafe.Pointer(q)), n.c, rng,
		cPoint(from), cPoint(to),
		isDef, C.uint32_t(len(m.isDef)), wrapOf, C.uint32_t(len(m.wrapOf)), &m.buf)
	if ok == 0 {
		return errNoMemory
	}
	if m.buf.len == 0 {
		return nil
	}
	data := unsafe.Slice((*uint32)(unsafe.Pointer(m.buf.data)), int(m.buf.len))
	for i := 0; i < len(data); {
		pattern, count := uint16(data[i]), int(data[i+1])
		i += 2
		m.caps = m.caps[:0]
		for range count {
			nw := int(data[i+3])
			m.caps = append(m.caps, capture{index: data[i], span: span{int(data[i+1]), int(data[i+2])}, wraps: data[i+4 : i+4+2*nw : i+4+2*nw]})
			i += 4 + 2*nw
		}
		fn(pattern, m.caps)
	}
	return nil
}
