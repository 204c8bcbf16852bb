// The part of the tree-sitter C API (api.h of the go-tree-sitter module,
// whose objects define these functions and are linked into every binary
// importing this package) that the fast paths call, and those paths.
// TSNode's pointers are declared as integers of the same size: Go then
// sees a type without pointers, which cgo neither checks nor scans.
#ifndef SUMMARIZER_TS_H
#define SUMMARIZER_TS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct { uint32_t context[4]; uintptr_t id; uintptr_t tree; } atsNode;
typedef struct { uint32_t row; uint32_t column; } atsPoint;
typedef struct { atsNode node; uint32_t index; } atsQueryCapture;
typedef struct { uint32_t id; uint16_t pattern_index; uint16_t capture_count; const atsQueryCapture *captures; } atsQueryMatch;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } atsTreeCursor;
typedef struct {
	uint32_t start_byte, old_end_byte, new_end_byte;
	atsPoint start_point, old_end_point, new_end_point;
} atsInputEdit;

extern void *ts_query_cursor_new(void);
extern void ts_query_cursor_delete(void *);
extern void ts_query_cursor_exec(void *self, const void *query, atsNode node);
extern void ts_query_cursor_set_point_range(void *self, atsPoint start, atsPoint end);
extern void ts_query_cursor_set_byte_range(void *self, uint32_t start, uint32_t end);
extern bool ts_query_cursor_next_match(void *self, atsQueryMatch *match);
extern uint32_t ts_node_start_byte(atsNode);
extern uint32_t ts_node_end_byte(atsNode);
extern uint16_t ts_node_symbol(atsNode);
extern atsNode ts_node_parent(atsNode);
extern bool ts_node_is_named(atsNode);
extern uint32_t ts_node_named_child_count(atsNode);
extern atsNode ts_node_named_child(atsNode, uint32_t);
extern atsNode ts_node_child_by_field_name(atsNode, const char *, uint32_t);
extern atsNode ts_node_child_by_field_id(atsNode, uint16_t);
extern char *ts_node_string(atsNode);
extern atsTreeCursor ts_tree_cursor_new(atsNode);
extern void ts_tree_cursor_delete(atsTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(atsTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(atsTreeCursor *);
extern bool ts_tree_cursor_goto_parent(atsTreeCursor *);
extern atsNode ts_tree_cursor_current_node(const atsTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const atsTreeCursor *);
extern void *ts_parser_parse_string(void *parser, const void *old_tree, const char *string, uint32_t length);
extern void *ts_tree_copy(const void *);
extern void ts_tree_delete(void *);
extern void ts_tree_edit(void *, const atsInputEdit *);
extern atsNode ts_tree_root_node(const void *);

// A node with its byte range and grammar symbol.
typedef struct { atsNode node; uint32_t start, end, symbol; } atsSpan;

// A growing array of uint32 records, owned by the Go value that holds it.
typedef struct { uint32_t *data; size_t len, cap; } atsBuf;

void ats_buf_free(atsBuf *b);
atsSpan ats_root(const void *tree);
void ats_edit(void *tree, uint32_t start, uint32_t old_end, uint32_t new_end, atsPoint sp, atsPoint op, atsPoint np);
uint32_t ats_named_children(atsNode n, atsSpan *out, uint32_t cap);
bool ats_decl_body(atsNode n, const uint8_t *wrap_of, uint32_t n_wrap, const uint8_t *decl_of, uint32_t n_decl, atsSpan *body);

// ats_run_query's records: per match [pattern, captures], then per capture
// [index, start byte, end byte, wrappers, (start, end) per wrapper].
enum { atsMaxWraps = 8 };
int ats_run_query(void *qc, const void *query, atsNode node, int ranged, atsPoint from, atsPoint to,
		const uint8_t *is_def, uint32_t n_def, const uint8_t *wrap_of, uint32_t n_wrap, atsBuf *b);

// Actions of the facts walk, by symbol.
enum { actNone, actCall, actErrCheck, actWriteField, actWriteChild, actImportNames, actImportFrom };

// atsFactTable is a language's facts walk: per symbol a role for the node
// itself and an action, plus the fields and symbols the structural actions
// test. A symbol of 0xffff matches nothing.
typedef struct {
	const uint8_t *act, *role;
	uint32_t nsym;
	uint16_t f_call;                                             // actCall: the callee field
	uint16_t f_cond, s_bin, f_left, f_op, s_op, f_right, s_nil;  // actErrCheck
	uint16_t f_wleft, s_wlist, s_wtarget, f_wobj, s_wobj, f_wattr, s_wattr; // writes
	uint16_t f_iname, s_idotted, s_ialias, f_ialias, f_ifrom;    // imports
	uint8_t r_call, r_err, r_write, r_import;
} atsFactTable;

// ats_walk_facts appends a record per fact found in the subtree of n, in
// pre-order: [role, start, end, aux start, aux end]. Returns 0 when out of
// memory.
int ats_walk_facts(const atsFactTable *tab, const uint8_t *act, const uint8_t *role, atsNode n, atsBuf *b);

#endif
