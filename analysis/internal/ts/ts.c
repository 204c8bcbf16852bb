#include <stdlib.h>

#include "ts.h"

static void fill(atsSpan *out, atsNode n) {
	out->node = n;
	out->start = ts_node_start_byte(n);
	out->end = ts_node_end_byte(n);
	out->symbol = ts_node_symbol(n);
}

static int reserve(atsBuf *b, size_t n) {
	if (b->len + n <= b->cap) return 1;
	size_t c = b->cap ? b->cap : 1024;
	while (c < b->len + n) c *= 2;
	uint32_t *d = realloc(b->data, c * sizeof(uint32_t));
	if (!d) return 0;
	b->data = d;
	b->cap = c;
	return 1;
}

void ats_buf_free(atsBuf *b) {
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

atsSpan ats_root(const void *tree) {
	atsSpan out;
	fill(&out, ts_tree_root_node(tree));
	return out;
}

void ats_edit(void *tree, uint32_t start, uint32_t old_end, uint32_t new_end, atsPoint sp, atsPoint op, atsPoint np) {
	atsInputEdit e = {start, old_end, new_end, sp, op, np};
	ts_tree_edit(tree, &e);
}

// ats_named_children writes the first cap named children of n to out and
// returns how many there are.
uint32_t ats_named_children(atsNode n, atsSpan *out, uint32_t cap) {
	uint32_t k = 0;
	atsTreeCursor c = ts_tree_cursor_new(n);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			atsNode ch = ts_tree_cursor_current_node(&c);
			if (!ts_node_is_named(ch)) continue;
			if (k < cap) fill(&out[k], ch);
			k++;
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return k;
}

// ats_decl_body finds the body of a declaration n (or of the declaration a
// wrapper n ends with) whose symbol is flagged in decl_of.
bool ats_decl_body(atsNode n, const uint8_t *wrap_of, uint32_t n_wrap, const uint8_t *decl_of, uint32_t n_decl, atsSpan *body) {
	uint16_t s = ts_node_symbol(n);
	if (s < n_wrap && wrap_of[s]) {
		uint32_t c = ts_node_named_child_count(n);
		if (c > 0) {
			n = ts_node_named_child(n, c - 1);
			s = ts_node_symbol(n);
		}
	}
	if (s >= n_decl || !decl_of[s]) return false;
	atsNode b = ts_node_child_by_field_name(n, "body", 4);
	if (b.id == 0) return false;
	fill(body, b);
	return true;
}

// wrappers appends the (start, end) of the enclosing nodes of n whose
// symbol is flagged in wrap_of, innermost first, and returns how many.
static uint32_t wrappers(atsNode n, const uint8_t *wrap_of, uint32_t n_wrap, atsBuf *b) {
	uint32_t k = 0;
	for (atsNode p = ts_node_parent(n); p.id != 0 && k < atsMaxWraps; p = ts_node_parent(p)) {
		uint16_t s = ts_node_symbol(p);
		if (s >= n_wrap || !wrap_of[s]) break;
		b->data[b->len++] = ts_node_start_byte(p);
		b->data[b->len++] = ts_node_end_byte(p);
		k++;
	}
	return k;
}

// ats_run_query runs query on node (restricted to [from, to) when ranged)
// and appends every match to b. For captures flagged in is_def it records
// the chain of enclosing wrappers. Returns 0 when out of memory.
int ats_run_query(void *qc, const void *query, atsNode node, int ranged, atsPoint from, atsPoint to,
		const uint8_t *is_def, uint32_t n_def, const uint8_t *wrap_of, uint32_t n_wrap, atsBuf *b) {
	if (ranged) ts_query_cursor_set_point_range(qc, from, to);
	ts_query_cursor_exec(qc, query, node);
	atsQueryMatch m;
	while (ts_query_cursor_next_match(qc, &m)) {
		if (!reserve(b, 2 + (size_t)m.capture_count * (4 + 2 * atsMaxWraps))) return 0;
		b->data[b->len++] = m.pattern_index;
		b->data[b->len++] = m.capture_count;
		for (uint16_t i = 0; i < m.capture_count; i++) {
			atsNode n = m.captures[i].node;
			uint32_t idx = m.captures[i].index;
			b->data[b->len++] = idx;
			b->data[b->len++] = ts_node_start_byte(n);
			b->data[b->len++] = ts_node_end_byte(n);
			size_t at = b->len++;
			b->data[at] = idx < n_def && is_def[idx] ? wrappers(n, wrap_of, n_wrap, b) : 0;
		}
	}
	return 1;
}

static int push(atsBuf *b, uint32_t role, atsNode n, uint32_t a0, uint32_t a1) {
	if (!reserve(b, 5)) return 0;
	b->data[b->len++] = role;
	b->data[b->len++] = ts_node_start_byte(n);
	b->data[b->len++] = ts_node_end_byte(n);
	b->data[b->len++] = a0;
	b->data[b->len++] = a1;
	return 1;
}

static inline bool is(atsNode n, uint16_t sym) { return n.id != 0 && ts_node_symbol(n) == sym; }

// write_target records t when it is obj.field with obj and field of the
// table's symbols: the field span, then the object span.
static int write_target(const atsFactTable *w, atsNode t, atsBuf *b) {
	if (!is(t, w->s_wtarget)) return 1;
	atsNode o = ts_node_child_by_field_id(t, w->f_wobj);
	atsNode f = ts_node_child_by_field_id(t, w->f_wattr);
	if (!is(o, w->s_wobj) || !is(f, w->s_wattr)) return 1;
	return push(b, w->r_write, f, ts_node_start_byte(o), ts_node_end_byte(o));
}

static int write_children(const atsFactTable *w, atsNode n, atsBuf *b) {
	uint32_t k = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < k; i++) {
		if (!write_target(w, ts_node_named_child(n, i), b)) return 0;
	}
	return 1;
}

static int err_check(const atsFactTable *w, atsNode n, atsBuf *b) {
	atsNode c = ts_node_child_by_field_id(n, w->f_cond);
	if (!is(c, w->s_bin)) return 1;
	atsNode l = ts_node_child_by_field_id(c, w->f_left);
	if (l.id == 0 || !ts_node_is_named(l)) return 1;
	if (!is(ts_node_child_by_field_id(c, w->f_op), w->s_op)) return 1;
	if (!is(ts_node_child_by_field_id(c, w->f_right), w->s_nil)) return 1;
	return push(b, w->r_err, l, 0, 0);
}

static int import_names(const atsFactTable *w, atsNode n, atsBuf *b) {
	int ok = 1;
	atsTreeCursor c = ts_tree_cursor_new(n);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			if (ts_tree_cursor_current_field_id(&c) != w->f_iname) continue;
			atsNode k = ts_tree_cursor_current_node(&c);
			if (is(k, w->s_ialias)) k = ts_node_child_by_field_id(k, w->f_ialias);
			if (is(k, w->s_idotted) && !push(b, w->r_import, k, 0, 0)) { ok = 0; break; }
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return ok;
}

// named_field pushes the named child of n in field f with role r.
static int named_field(atsNode n, uint16_t f, uint8_t r, atsBuf *b) {
	atsNode c = ts_node_child_by_field_id(n, f);
	if (c.id == 0 || !ts_node_is_named(c)) return 1;
	return push(b, r, c, 0, 0);
}

static int classify(const atsFactTable *w, atsNode n, atsBuf *b) {
	uint16_t s = ts_node_symbol(n);
	if (s >= w->nsym) return 1;
	if (w->role[s] && !push(b, w->role[s], n, 0, 0)) return 0;
	switch (w->act[s]) {
	case actCall:
		return named_field(n, w->f_call, w->r_call, b);
	case actErrCheck:
		return err_check(w, n, b);
	case actWriteField: {
		atsNode l = ts_node_child_by_field_id(n, w->f_wleft);
		if (l.id == 0) return 1;
		if (is(l, w->s_wlist)) return write_children(w, l, b);
		return write_target(w, l, b);
	}
	case actWriteChild:
		return write_children(w, n, b);
	case actImportNames:
		return import_names(w, n, b);
	case actImportFrom:
		return named_field(n, w->f_ifrom, w->r_import, b);
	}
	return 1;
}

int ats_walk_facts(const atsFactTable *tab, const uint8_t *act, const uint8_t *role, atsNode n, atsBuf *b) {
	atsFactTable t = *tab;
	t.act = act;
	t.role = role;
	atsTreeCursor c = ts_tree_cursor_new(n);
	int ok = 1;
	for (;;) {
		if (!classify(&t, ts_tree_cursor_current_node(&c), b)) { ok = 0; break; }
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
