package analysis

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

typedef struct { uint32_t context[4]; uintptr_t id; uintptr_t tree; } wTSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } wTSTreeCursor;
extern uint32_t ts_node_start_byte(wTSNode);
extern uint32_t ts_node_end_byte(wTSNode);
extern uint16_t ts_node_symbol(wTSNode);
extern bool ts_node_is_named(wTSNode);
extern uint32_t ts_node_named_child_count(wTSNode);
extern wTSNode ts_node_named_child(wTSNode, uint32_t);
extern wTSNode ts_node_child_by_field_id(wTSNode, uint16_t);
extern wTSTreeCursor ts_tree_cursor_new(wTSNode);
extern void ts_tree_cursor_delete(wTSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(wTSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(wTSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(wTSTreeCursor *);
extern wTSNode ts_tree_cursor_current_node(const wTSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const wTSTreeCursor *);

// Actions of the facts walk, by symbol.
enum { actNone, actCall, actErrCheck, actWriteField, actWriteChild, actImportNames, actImportFrom };

// factTable is a language's facts walk: per symbol a role for the node
// itself and an action (set by walk_facts: Go hands them in as arguments),
// plus the fields and symbols the structural actions test. A symbol of
// 0xffff matches nothing.
typedef struct {
	const uint8_t *act, *role;
	uint32_t nsym;
	uint16_t f_call;                                   // actCall: the callee field
	uint16_t f_cond, s_bin, f_left, f_op, s_op, f_right, s_nil; // actErrCheck
	uint16_t f_wleft, s_wlist, s_wtarget, f_wobj, s_wobj, f_wattr, s_wattr; // writes
	uint16_t f_iname, s_idotted, s_ialias, f_ialias, f_ifrom; // imports
	uint8_t r_call, r_err, r_write, r_import;
} factTable;

typedef struct { uint32_t *data; size_t len, cap; } factBuf;

static int fb_push(factBuf *b, uint32_t role, wTSNode n, uint32_t a0, uint32_t a1) {
	if (b->len + 5 > b->cap) {
		size_t c = b->cap ? b->cap * 2 : 1024;
		uint32_t *d = realloc(b->data, c * sizeof(uint32_t));
		if (!d) return 0;
		b->data = d;
		b->cap = c;
	}
	b->data[b->len++] = role;
	b->data[b->len++] = ts_node_start_byte(n);
	b->data[b->len++] = ts_node_end_byte(n);
	b->data[b->len++] = a0;
	b->data[b->len++] = a1;
	return 1;
}

static inline bool is(wTSNode n, uint16_t sym) { return n.id != 0 && ts_node_symbol(n) == sym; }

// write_target records t when it is obj.field with obj and field of the
// table's symbols: the field span, then the object span.
static int write_target(const factTable *w, wTSNode t, factBuf *b) {
	if (!is(t, w->s_wtarget)) return 1;
	wTSNode o = ts_node_child_by_field_id(t, w->f_wobj);
	wTSNode f = ts_node_child_by_field_id(t, w->f_wattr);
	if (!is(o, w->s_wobj) || !is(f, w->s_wattr)) return 1;
	return fb_push(b, w->r_write, f, ts_node_start_byte(o), ts_node_end_byte(o));
}

static int write_children(const factTable *w, wTSNode n, factBuf *b) {
	uint32_t k = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < k; i++) {
		if (!write_target(w, ts_node_named_child(n, i), b)) return 0;
	}
	return 1;
}

static int classify(const factTable *w, wTSNode n, factBuf *b) {
	uint16_t s = ts_node_symbol(n);
	if (s >= w->nsym) return 1;
	if (w->role[s] && !fb_push(b, w->role[s], n, 0, 0)) return 0;
	switch (w->act[s]) {
	case actCall: {
		wTSNode f = ts_node_child_by_field_id(n, w->f_call);
		if (f.id == 0 || !ts_node_is_named(f)) return 1;
		return fb_push(b, w->r_call, f, 0, 0);
	}
	case actErrCheck: {
		wTSNode c = ts_node_child_by_field_id(n, w->f_cond);
		if (!is(c, w->s_bin)) return 1;
		wTSNode l = ts_node_child_by_field_id(c, w->f_left);
		if (l.id == 0 || !ts_node_is_named(l)) return 1;
		if (!is(ts_node_child_by_field_id(c, w->f_op), w->s_op)) return 1;
		if (!is(ts_node_child_by_field_id(c, w->f_right), w->s_nil)) return 1;
		return fb_push(b, w->r_err, l, 0, 0);
	}
	case actWriteField: {
		wTSNode l = ts_node_child_by_field_id(n, w->f_wleft);
		if (l.id == 0) return 1;
		if (is(l, w->s_wlist)) return write_children(w, l, b);
		return write_target(w, l, b);
	}
	case actWriteChild:
		return write_children(w, n, b);
	case actImportNames: {
		int ok = 1;
		wTSTreeCursor c = ts_tree_cursor_new(n);
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				if (ts_tree_cursor_current_field_id(&c) != w->f_iname) continue;
				wTSNode k = ts_tree_cursor_current_node(&c);
				if (is(k, w->s_ialias)) k = ts_node_child_by_field_id(k, w->f_ialias);
				if (is(k, w->s_idotted) && !fb_push(b, w->r_import, k, 0, 0)) { ok = 0; break; }
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
		return ok;
	}
	case actImportFrom: {
		wTSNode m = ts_node_child_by_field_id(n, w->f_ifrom);
		if (m.id == 0 || !ts_node_is_named(m)) return 1;
		return fb_push(b, w->r_import, m, 0, 0);
	}
	}
	return 1;
}

// walk_facts appends a record per fact found in the subtree of n, in
// pre-order: [role, start, end, aux start, aux end]. Returns 0 when out of
// memory.
static int walk_facts(const factTable *tab, const uint8_t *act, const uint8_t *role, wTSNode n, factBuf *b) {
	factTable t = *tab;
	t.act = act;
	t.role = role;
	const factTable *w = &t;
	wTSTreeCursor c = ts_tree_cursor_new(n);
	int ok = 1;
	for (;;) {
		if (!classify(w, ts_tree_cursor_current_node(&c), b)) { ok = 0; break; }
		if (ts_tree_cursor_goto_first_child(&c)) continue;
		bool more = false;
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) { more = true; break; }
			if (!ts_tree_cursor_goto_parent(&c)) break;
		}
		if (!more) break;
	}
	ts_tree_cursor_delete(&c);
	return ok;
}

static void fb_free(factBuf *b) {
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
*/
import "C"

import (
	"strings"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// The body facts of functions (calls, loops, branches, ... see Facts) come
// from a walk over the body in C that classifies nodes by grammar symbol,
// in one cgo call per function, for the languages with a factRules entry.
// The chunk query (without its fact patterns) then runs only on the
// function's head, the bytes before the body. The query engine's cost is
// per node visited, whatever its patterns (without its fact patterns the Go
// query cost nearly as much), and it was most of the chunking time; the
// walk costs about half as much per node (BenchmarkChunkOnly10kLines/go:
// 28 → 21 cpu-ms). A pattern that starts in the head still follows its
// steps into the body (a Python docstring). The rules mirror the fact
// patterns of queries/<lang>.scm, which follow the "; @facts" line there;
// those patterns still serve the units that are not functions (a Go
// "var f = func() {...}", a Python class header). Imports inside function
// bodies are file imports, so the walk reports them too. TestFactWalk
// checks that both paths give the same chunks.

// factRules describe the fact patterns of a language's query.
type factRules struct {
	functions []string          // declarations whose body field is walked
	nodes     map[string]role   // (type) @role
	calls     map[string]string // (type field: (_) @call): type → field
	errCheck  errCheckRule
	// writes: (type left: (target obj: (objType) @write.obj attr: (attrType) @write.field)),
	// through a list node when the left side is one; childWrites look at
	// every named child instead of a field.
	writeLeft   []string
	childWrites []string
	leftField   string
	list        string
	target      string
	objField    string
	objType     string
	attrField   string
	attrType    string
	// imports in function bodies, which are the file's imports too:
	// (importNames nameField: (dotted) @import),
	// (importNames nameField: (alias aliasField: (dotted) @import)),
	// (importFrom fromField: (_) @import).
	importNames, nameField, dotted, alias, aliasField string
	importFrom, fromField                             string
}

// errCheckRule is the pattern
// (typ cond: (bin left: (_) @errcheck op: "opType" right: (nilType))).
type errCheckRule struct{ typ, cond, bin, left, op, opType, right, nilType string }

var factRulesOf = map[string]*factRules{
	"go": {
		functions: []string{"function_declaration", "method_declaration"},
		nodes: map[string]role{"for_statement": roleLoop, "if_statement": roleBranch, "expression_case": roleBranch,
			"type_case": roleBranch, "communication_case": roleBranch, "return_statement": roleReturn, "go_statement": roleSpawn},
		calls:     map[string]string{"call_expression": "function"},
		errCheck:  errCheckRule{"if_statement", "condition", "binary_expression", "left", "operator", "!=", "right", "nil"},
		writeLeft: []string{"assignment_statement"}, childWrites: []string{"inc_statement"},
		leftField: "left", list: "expression_list", target: "selector_expression",
		objField: "operand", objType: "identifier", attrField: "field", attrType: "field_identifier",
	},
	"python": {
		functions: []string{"function_definition"},
		nodes: map[string]role{"for_statement": roleLoop, "while_statement": roleLoop, "list_comprehension": roleLoop,
			"set_comprehension": roleLoop, "dictionary_comprehension": roleLoop, "generator_expression": roleLoop,
			"if_statement": roleBranch, "elif_clause": roleBranch, "conditional_expression": roleBranch, "case_clause": roleBranch,
			"return_statement": roleReturn, "raise_statement": roleThrow, "except_clause": roleCatch, "await": roleAwait, "yield": roleYield},
		calls:     map[string]string{"call": "function"},
		writeLeft: []string{"assignment", "augmented_assignment"},
		leftField: "left", target: "attribute",
		objField: "object", objType: "identifier", attrField: "attribute", attrType: "identifier",
		importNames: "import_statement", nameField: "name", dotted: "dotted_name", alias: "aliased_import", aliasField: "name",
		importFrom: "import_from_statement", fromField: "module_name",
	},
}

// factsMarker starts the fact patterns in a query file.
const factsMarker = "; @facts"

// factWalk is a language's factRules resolved to symbol and field ids.
// Immutable; safe for concurrent use.
type factWalk struct {
	t    C.factTable
	act  []uint8
	role []uint8
	fnOf []uint8 // by symbol: a declaration whose body is walked
	decl *compiled
}

const noSymbol = 0xffff

func newFactWalk(lang *sitter.Language, r *factRules, decl *compiled) *factWalk {
	n := int(lang.SymbolCount())
	type key struct {
		name  string
		named bool
	}
	byName := map[key][]int{}
	for i := range n {
		t := lang.SymbolType(sitter.Symbol(i))
		if t != sitter.SymbolTypeAuxiliary {
			k := key{lang.SymbolName(sitter.Symbol(i)), t == sitter.SymbolTypeRegular}
			byName[k] = append(byName[k], i)
		}
	}
	syms := func(name string, named bool) []int { return byName[key{name, named}] }
	one := func(name string, named bool) C.uint16_t {
		if s := syms(name, named); len(s) > 0 && name != "" {
			return C.uint16_t(s[0])
		}
		return noSymbol
	}
	fields := map[string]C.uint16_t{}
	for i := 1; ; i++ {
		name := lang.FieldName(i)
		if name == "" {
			break
		}
		fields[name] = C.uint16_t(i)
	}
	field := func(name string) C.uint16_t {
		if f, ok := fields[name]; ok {
			return f
		}
		return noSymbol
	}
	w := &factWalk{act: make([]uint8, n), role: make([]uint8, n), fnOf: make([]uint8, n), decl: decl}
	set := func(names []string, act uint8) {
		for _, name := range names {
			for _, s := range syms(name, true) {
				w.act[s] = act
			}
		}
	}
	for _, name := range r.functions {
		for _, s := range syms(name, true) {
			w.fnOf[s] = 1
		}
	}
	for name, rl := range r.nodes {
		for _, s := range syms(name, true) {
			w.role[s] = uint8(rl)
		}
	}
	var callField string
	for name, f := range r.calls {
		set([]string{name}, C.actCall)
		callField = f
	}
	e := r.errCheck
	if e.typ != "" {
		set([]string{e.typ}, C.actErrCheck)
	}
	set(r.writeLeft, C.actWriteField)
	set(r.childWrites, C.actWriteChild)
	if r.importNames != "" {
		set([]string{r.importNames}, C.actImportNames)
	}
	if r.importFrom != "" {
		set([]string{r.importFrom}, C.actImportFrom)
	}
	w.t = C.factTable{
		nsym:   C.uint32_t(n),
		f_call: field(callField),
		f_cond: field(e.cond), s_bin: one(e.bin, true), f_left: field(e.left), f_op: field(e.op), s_op: one(e.opType, false),
		f_right: field(e.right), s_nil: one(e.nilType, true),
		f_wleft: field(r.leftField), s_wlist: one(r.list, true), s_wtarget: one(r.target, true),
		f_wobj: field(r.objField), s_wobj: one(r.objType, true), f_wattr: field(r.attrField), s_wattr: one(r.attrType, true),
		f_iname: field(r.nameField), s_idotted: one(r.dotted, true), s_ialias: one(r.alias, true), f_ialias: field(r.aliasField),
		f_ifrom: field(r.fromField),
		r_call:  C.uint8_t(roleCall), r_err: C.uint8_t(roleErrCheck), r_write: C.uint8_t(roleWriteField), r_import: C.uint8_t(roleImport),
	}
	return w
}

// declQuery returns a query text without its fact patterns.
func declQuery(src []byte) ([]byte, bool) {
	s := string(src)
	i := strings.Index(s, factsMarker)
	if i < 0 {
		return nil, false
	}
	return []byte(s[:i]), true
}

// walker runs a factWalk. Not safe for concurrent use; the caller must
// close it.
type walker struct {
	w   *factWalk
	buf C.factBuf
}

func (k *walker) close() { C.fb_free(&k.buf) }

// body returns the body of n when n is (or wraps) a function whose facts
// are walked.
func (k *walker) body(m *matcher, n node) (wnode, bool) {
	b, ok := m.declBody(n, k.w.fnOf)
	if !ok {
		return wnode{}, false
	}
	return wnode{c: *(*C.wTSNode)(unsafe.Pointer(&b.c)), start: b.start, end: b.end}, true
}

// wnode is a node of the facts walk with its byte range.
type wnode struct {
	c          C.wTSNode
	start, end int
}

// facts appends the fact items of the subtree of n to items, in the
// order the chunk query would report them.
func (k *walker) facts(x *extractor, n wnode, items []item) ([]item, error) {
	k.buf.len = 0
	if C.walk_facts(&k.w.t, (*C.uint8_t)(&k.w.act[0]), (*C.uint8_t)(&k.w.role[0]), n.c, &k.buf) == 0 {
		return items, errNoMemory
	}
	if k.buf.len == 0 {
		return items, nil
	}
	data := unsafe.Slice((*uint32)(unsafe.Pointer(k.buf.data)), int(k.buf.len))
	for i := 0; i+4 < len(data); i += 5 {
		rl, s := role(data[i]), span{int(data[i+1]), int(data[i+2])}
		it := item{role: rl, span: s}
		switch rl {
		case roleCall, roleErrCheck, roleImport:
			it.text = x.view(s)
		case roleWriteField:
			it.text = x.view(span{int(data[i+3]), int(data[i+4])})
			it.aux = strings.TrimLeft(x.text(s), "@$")
		}
		items = append(items, it)
	}
	return items, nil
}
