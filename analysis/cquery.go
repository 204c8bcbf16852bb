package analysis

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

// Layouts and prototypes of the tree-sitter C API (api.h of the
// go-tree-sitter module, whose objects define these functions and are
// linked into every binary importing this package).
typedef struct { uint32_t context[4]; const void *id; const void *tree; } aTSNode;
typedef struct { uint32_t row; uint32_t column; } aTSPoint;
typedef struct { aTSNode node; uint32_t index; } aTSQueryCapture;
typedef struct { uint32_t id; uint16_t pattern_index; uint16_t capture_count; const aTSQueryCapture *captures; } aTSQueryMatch;
extern void *ts_query_cursor_new(void);
extern void ts_query_cursor_delete(void *);
extern void ts_query_cursor_exec(void *self, const void *query, aTSNode node);
extern void ts_query_cursor_set_point_range(void *self, aTSPoint start, aTSPoint end);
extern bool ts_query_cursor_next_match(void *self, aTSQueryMatch *match);
extern uint32_t ts_node_start_byte(aTSNode);
extern uint32_t ts_node_end_byte(aTSNode);
extern uint16_t ts_node_symbol(aTSNode);
extern aTSNode ts_node_parent(aTSNode);

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
				for (aTSNode p = ts_node_parent(n); p.id != NULL && k < maxWraps; p = ts_node_parent(p)) {
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

// A matcher runs a compiled query over nodes with one cgo call per run,
// where go-tree-sitter's QueryCursor.NextMatch makes one per match plus
// one per node offset, and caches a Go object per captured node. It reads
// the C handles out of go-tree-sitter's values: sitter.Query and
// sitter.Node hold them as their first field (TestMatcherLayout checks
// this against go-tree-sitter's own API). Not safe for concurrent use;
// the caller must close it.
type matcher struct {
	qc     unsafe.Pointer // TSQueryCursor
	buf    C.matchBuf
	isDef  []uint8 // by capture index
	wrapOf []uint8 // by symbol
	caps   []capture
}

// capture is one captured node of a match. wraps holds (start, end) pairs
// of the enclosing wrapper nodes, innermost first, for @def captures.
type capture struct {
	index uint32
	span  span
	wraps []uint32
}

var errNoMemory = errors.New("analysis: out of C memory for query matches")

func newMatcher(c *compiled, wrapOf []bool) *matcher {
	m := &matcher{qc: C.ts_query_cursor_new(), isDef: make([]uint8, len(c.roles)), wrapOf: make([]uint8, len(wrapOf))}
	for i, r := range c.roles {
		if r == roleDef {
			m.isDef[i] = 1
		}
	}
	for i, w := range wrapOf {
		if w {
			m.wrapOf[i] = 1
		}
	}
	return m
}

func (m *matcher) close() {
	C.ts_query_cursor_delete(m.qc)
	C.mb_free(&m.buf)
}

// run queries n, restricted to the points [from, to) when ranged, and
// calls fn for every match with its pattern index and captures. The
// captures are valid during the call only.
func (m *matcher) run(q *sitter.Query, n *sitter.Node, ranged bool, from, to sitter.Point, fn func(pattern uint16, caps []capture)) error {
	m.buf.len = 0
	var isDef, wrapOf *C.uint8_t
	if len(m.isDef) > 0 {
		isDef = (*C.uint8_t)(&m.isDef[0])
	}
	if len(m.wrapOf) > 0 {
		wrapOf = (*C.uint8_t)(&m.wrapOf[0])
	}
	rng := C.int(0)
	if ranged {
		rng = 1
	}
	ok := C.run_query(m.qc, *(*unsafe.Pointer)(unsafe.Pointer(q)), *(*C.aTSNode)(unsafe.Pointer(n)), rng,
		C.aTSPoint{row: C.uint32_t(from.Row), column: C.uint32_t(from.Column)},
		C.aTSPoint{row: C.uint32_t(to.Row), column: C.uint32_t(to.Column)},
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
