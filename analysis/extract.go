package analysis

import (
	"hash/maphash"
	"log/slog"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// The extractor walks a syntax tree in units: the named children of the root
// and, for container declarations listed in spec.splits, a header unit plus
// the named children of the container's body. The chunk query runs on each
// unit separately and its result, kept with offsets relative to the unit, is
// memoized by the unit's text. Re-chunking after an edit therefore only
// queries the units whose text changed.

type span struct{ start, end int }

func (s span) contains(o span) bool { return s.start <= o.start && o.end <= s.end }

// item is one capture that is not part of a declaration match.
type item struct {
	role  role
	span  span
	text  string
	aux   string // param type, written field
	owner span   // docstring owner
}

type defRec struct {
	kind        Kind
	node        span // the declaration node
	full        span // with its wrapper (decorated_definition, export_statement, ...)
	name        string
	receiver    string
	receiverVar string
	body        span
	hasBody     bool
	params      span
	hasParams   bool
	result      string

	parent  int // index of the kept container, -1 at top
	dropped bool
	chunk   Chunk
	items   []item
}

// unitResult is a unit's chunks and left-over captures, with byte offsets
// relative to the unit start and without Points, Text or Lines.
type unitResult struct {
	chunks  []Chunk
	loose   []item // comments and decorators not attached in the unit
	unitDoc bool   // the unit is a string statement (a docstring candidate)
	comment bool   // the unit is nothing but a comment
	pkg     string
	imports []string
}

// extractor chunks one version of a document. Not safe for concurrent use.
type extractor struct {
	sp      *spec
	q       *compiled
	src     []byte
	str     string // src as a string: chunk texts share it
	lines   lineIndex
	full    *ts.Matcher // full units
	head    *ts.Matcher // header units, point range restricted
	decl    *ts.Matcher // function heads, byte range restricted (sp.walk only)
	walk    *ts.Walker  // function bodies (sp.walk only)
	seed    maphash.Seed
	oldMemo map[uint64]*unitResult
	memo    map[uint64]*unitResult
	queried int  // bytes of the units queried, not found in the memo
	noWalk  bool // no facts walk: the query finds every body fact

	// Scratch space for compute.
	defs   []*defRec
	items  []item
	byNode map[span]*defRec
}

type levelResult struct {
	chunks   []Chunk
	pkgStart int // absolute start of the unit that declared pkg
	hasPkg   bool
	loose    []item // absolute
	unitDoc  *item  // absolute: first statement string of the level
	pkg      string
	imports  []string
}

// run chunks the document whose syntax tree is tree. The caller keeps
// ownership of tree.
func (x *extractor) run(tree *ts.Tree) FileInfo {
	x.str = string(x.src)
	x.memo = make(map[uint64]*unitResult, len(x.oldMemo))
	x.open()
	defer x.close()
	lv := x.rootLevel(tree)
	fi := FileInfo{Lang: x.sp.name, Package: lv.pkg, Imports: lv.imports, Lines: x.lines.lines(len(x.src)), Chunks: lv.chunks}
	if fi.Chunks == nil {
		fi.Chunks = []Chunk{}
	}
	if lv.unitDoc != nil {
		if doc := cleanComment(lv.unitDoc.text); !isLicense(doc) {
			fi.Doc = doc
			return fi
		}
	}
	fi.Doc = x.leadingDoc(lv)
	return fi
}

// leadingDoc returns the file's doc comment from the comments no
// declaration claimed:
//
//   - where the package doc sits above the package clause (spec.pkgDoc: Go),
//     the comment block directly above the clause (at most one line break
//     between them), as go/doc reads it; a comment block elsewhere, such as
//     a license header separated by a blank line, is no package doc;
//   - elsewhere (and in a Go file without a package clause) the first
//     comment block at the start of the file, after any license headers:
//     "/*! MIT license */ /** @file Does X. */" gives "Does X.". Java keeps
//     its package doc in package-info.java, directly above the package
//     declaration, which this rule finds too, while the comment above
//     "package" in other Java files is usually a license and skipped.
//
// A block is the comments separated by at most one line break. A license
// header (see isLicense) is never the file doc: without another block the
// doc is "".
func (x *extractor) leadingDoc(lv levelResult) string {
	blocks := x.commentBlocks(lv.loose)
	if x.sp.pkgDoc && lv.hasPkg {
		for _, b := range blocks {
			last := b[len(b)-1]
			if last.span.end <= lv.pkgStart && isSpace(x.src[last.span.end:lv.pkgStart], 1) {
				b = slices.DeleteFunc(b, isDirective)
				if doc := joinDocs(b); !isLicense(doc) {
					return doc
				}
				return ""
			}
		}
		return ""
	}
	at := 0 // blocks must follow one another from the start of the file
	for _, b := range blocks {
		if !isSpace(x.src[at:b[0].span.start], 1<<30) {
			return ""
		}
		doc := joinDocs(b)
		if !isLicense(doc) {
			return stripFileTag(doc)
		}
		at = b[len(b)-1].span.end
	}
	return ""
}

// isDirective reports whether a comment is a Go directive ("//go:build",
// "//go:generate", "// +build", "//line"), which go/doc leaves out of doc
// comments.
func isDirective(it item) bool {
	t := it.text
	return strings.HasPrefix(t, "//go:") || strings.HasPrefix(t, "// +build") || strings.HasPrefix(t, "//line ")
}

// commentBlocks groups the comments among loose, absolute and in source
// order, into blocks of comments separated by at most one line break.
func (x *extractor) commentBlocks(loose []item) [][]item {
	var blocks [][]item
	for _, it := range loose {
		if it.role != roleComment {
			continue
		}
		if n := len(blocks); n > 0 {
			prev := blocks[n-1][len(blocks[n-1])-1]
			if prev.span.end <= it.span.start && isSpace(x.src[prev.span.end:it.span.start], 1) {
				blocks[n-1] = append(blocks[n-1], it)
				continue
			}
		}
		blocks = append(blocks, []item{it})
	}
	return blocks
}

// licenseText matches what marks a comment as a license header rather
// than documentation.
var licenseText = regexp.MustCompile(`(?i)^\W*copyright\b|copyright\s+(\(c\)|©|\d{4})|©\s*\d{4}|spdx-license-identifier|licensed under|all rights reserved|permission is hereby granted|@license\b|@preserve\b|governed by .{0,40}licen[cs]e|under the terms of the`)

// isLicense reports whether a cleaned comment text is a license header:
// Copyright lines, SPDX identifiers, "Licensed under ...", "All rights
// reserved", the MIT grant, JSDoc @license.
func isLicense(doc string) bool { return licenseText.MatchString(doc) }

// stripFileTag drops a leading JSDoc file tag: "@file Does X." → "Does X.".
func stripFileTag(doc string) string {
	for _, tag := range []string{"@fileoverview", "@overview", "@file"} {
		if rest, ok := strings.CutPrefix(doc, tag); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\n') {
			return strings.TrimSpace(rest)
		}
	}
	return doc
}

func joinDocs(docs []item) string {
	parts := make([]string, 0, len(docs))
	for _, d := range docs {
		if t := cleanComment(d.text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

// level chunks the named children of parent. prefix is the qualified name of
// the enclosing container, inClass whether that container is class-like.
// pending are comments and decorators seen just before the first child.
func (x *extractor) level(parent ts.Node, prefix string, inClass bool, pending []item) levelResult {
	lv := levelResult{loose: pending}
	first := true
	for _, n := range x.full.Children(parent) {
		x.add(x.assembled(n, inClass), n.Start, n.End, prefix, inClass, &lv, &first)
	}
	return lv
}

// add places the chunks of the unit [base, end) and appends them to lv,
// with the doc comments and prefix attributes of the units before.
func (x *extractor) add(r *unitResult, base, end int, prefix string, inClass bool, lv *levelResult, first *bool) {
	if lv.pkg == "" && r.pkg != "" {
		lv.pkg, lv.pkgStart, lv.hasPkg = r.pkg, base, true
	}
	lv.imports = appendNew(lv.imports, r.imports...)
	if r.unitDoc && *first {
		lv.unitDoc = &item{role: roleUnitDoc, span: span{base, end}, text: string(x.src[base:end])}
	}
	if !r.comment {
		*first = false
	}
	for _, c := range r.chunks {
		c = x.place(c, base, prefix, inClass)
		x.attachPrefix(&c, lv.loose, true)
		lv.chunks = append(lv.chunks, c)
	}
	lv.loose = append(lv.loose, shift(r.loose, base)...)
}

// Large files parsed from scratch query their top-level units on several
// goroutines, each with its own copy of the tree (tree-sitter trees are not
// safe for concurrent use; copies are cheap and share the nodes).
const (
	parallelBytes  = 64 << 10 // smallest text worth it
	maxWorkers     = 4
	unitsPerWorker = 64 // at least, per worker
)

type rootUnit struct {
	base, end int
	r         *unitResult
}

// open makes the matchers and the walker; the caller must close them.
func (x *extractor) open() {
	x.full, x.head = ts.NewMatcher(x.q.isDef, x.sp.wrapOf), ts.NewMatcher(x.q.isDef, x.sp.wrapOf)
	if w := x.sp.walk; w != nil && !x.noWalk {
		x.decl, x.walk = ts.NewMatcher(w.decl.isDef, x.sp.wrapOf), ts.NewWalker(w.walk)
	}
}

func (x *extractor) close() {
	x.full.Close()
	x.head.Close()
	if x.walk != nil {
		x.decl.Close()
		x.walk.Close()
	}
}

// rootLevel is level(root) with the top-level units queried in parallel.
func (x *extractor) rootLevel(tree *ts.Tree) levelResult {
	root := tree.Root()
	// After an edit nearly every unit is memoized: not worth the goroutines.
	if runtime.GOMAXPROCS(0) < 2 || len(x.src) < parallelBytes || len(x.oldMemo) > 0 {
		return x.level(root, "", false, nil)
	}
	n := len(x.full.Children(root))
	workers := min(runtime.GOMAXPROCS(0), maxWorkers, n/unitsPerWorker)
	if workers < 2 {
		return x.level(root, "", false, nil)
	}
	units := make([]rootUnit, n)
	subs := make([]*extractor, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		sub := &extractor{sp: x.sp, q: x.q, src: x.src, str: x.str, lines: x.lines, seed: x.seed,
			oldMemo: x.oldMemo, memo: map[uint64]*unitResult{}, noWalk: x.noWalk}
		subs[w] = sub
		wg.Go(func() {
			t := tree.Copy()
			defer t.Close()
			sub.open()
			defer sub.close()
			kids := sub.full.Children(t.Root())
			for i := lo; i < hi; i++ {
				c := kids[i]
				units[i] = rootUnit{c.Start, c.End, sub.assembled(c, false)}
			}
		})
	}
	wg.Wait()
	for _, sub := range subs {
		maps.Copy(x.memo, sub.memo)
		x.queried += sub.queried
	}
	var lv levelResult
	first := true
	for _, u := range units {
		x.add(u.r, u.base, u.end, "", false, &lv, &first)
	}
	return lv
}

// assembled returns the chunks of node n, [base, end), with offsets
// relative to base and names relative to the enclosing container. A
// container listed in spec.splits is chunked as a header unit plus one unit
// per member, and the whole is memoized too, so an unchanged container costs
// one lookup.
func (x *extractor) assembled(n ts.Node, inClass bool) *unitResult {
	base, end := n.Start, n.End
	body, ok := x.full.DeclBody(n, x.sp.splitOf)
	if !ok {
		return x.unit(n, base, end, inClass)
	}
	key := x.key(base, end, inClass, 2)
	if r := x.memoized(key); r != nil {
		return r
	}
	h := x.unit(n, base, body.Start, inClass)
	if len(h.chunks) != 1 || !h.chunks[0].Kind.IsContainer() {
		r := x.unit(n, base, end, inClass)
		x.memo[key] = r
		return r
	}
	c := h.chunks[0]
	c.Range.EndByte = end - base // the header may be shared with a container of another length
	inner := x.level(body, c.Name, c.Kind != KindModule, shift(h.loose, base))
	c.Children = make([]Chunk, len(inner.chunks))
	for i, k := range inner.chunks {
		moveChunk(&k, -base)
		c.Children[i] = k
	}
	if c.Doc == "" && inner.unitDoc != nil {
		c.Doc = cleanComment(inner.unitDoc.text)
		c.DocRange = Range{StartByte: inner.unitDoc.span.start - base, EndByte: inner.unitDoc.span.end - base}
	}
	r := &unitResult{chunks: []Chunk{c}, pkg: h.pkg, imports: appendNew(slices.Clone(h.imports), inner.imports...)}
	if r.pkg == "" {
		r.pkg = inner.pkg
	}
	x.memo[key] = r
	return r
}

func shift(items []item, base int) []item {
	out := make([]item, len(items))
	for i, it := range items {
		it.span = span{it.span.start + base, it.span.end + base}
		out[i] = it
	}
	return out
}

func appendNew(list []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// key identifies [start, end) of the text in a context: whether it is in a
// class, and what kind of result is kept (0 full unit, 1 header unit, 2
// assembled container).
func (x *extractor) key(start, end int, inClass bool, kind byte) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.Write(x.src[start:end])
	flags := [2]byte{0, kind}
	if inClass {
		flags[0] = 1
	}
	h.Write(flags[:])
	return h.Sum64()
}

// memoized returns the result kept under key by this or the previous run.
func (x *extractor) memoized(key uint64) *unitResult {
	if r, ok := x.memo[key]; ok {
		return r
	}
	if r, ok := x.oldMemo[key]; ok {
		x.memo[key] = r
		return r
	}
	return nil
}

// unit returns the memoized result of querying [start, end) of node n.
func (x *extractor) unit(n ts.Node, start, end int, inClass bool) *unitResult {
	var kind byte
	if end != n.End {
		kind = 1
	}
	key := x.key(start, end, inClass, kind)
	if r := x.memoized(key); r != nil {
		return r
	}
	r := x.compute(n, start, end, inClass)
	x.queried += end - start
	x.memo[key] = r
	return r
}

// compute runs the query on one unit.
func (x *extractor) compute(n ts.Node, start, end int, inClass bool) *unitResult {
	mr := x.full
	var from, to sitter.Point
	if end != n.End {
		mr = x.head
		// tree-sitter points count '\n'-separated lines and bytes, as lineIndex.
		from, to = x.lines.sitterPoint(n.Start), x.lines.sitterPoint(end)
	}
	// Scratch space reused by every unit: nothing keeps these slices.
	defs := x.defs[:0]
	items := x.items[:0]
	if x.byNode == nil {
		x.byNode = map[span]*defRec{}
	}
	byNode := x.byNode
	clear(byNode)
	defer func() {
		clear(defs)
		x.defs, x.items = defs[:0], items[:0]
	}()
	q := x.q
	onMatch := func(pattern uint16, caps []ts.Capture) {
		if !q.accept(pattern, caps, x.src) {
			return
		}
		if d := x.matchDef(q, caps); d != nil {
			if d.node.start < start || d.node.start >= end {
				return
			}
			if old, ok := byNode[d.node]; ok {
				mergeDef(old, d)
				return
			}
			byNode[d.node] = d
			defs = append(defs, d)
			return
		}
		items = x.matchItems(q, caps, items, start, end)
	}
	var err error
	if body, ok := x.walkedBody(n, mr); ok {
		// A function: the query runs on its head, the walk on its body.
		q = x.sp.walk.decl
		err = x.decl.RunBytes(q.q, n, start, body.Start, onMatch)
		if err == nil {
			items, err = x.facts(body, items)
		}
	} else {
		err = mr.Run(q.q, n, mr == x.head, from, to, onMatch)
	}
	r := &unitResult{}
	if err != nil {
		slog.Error("chunk query", "lang", x.sp.name, "err", err)
		return r
	}
	slices.SortStableFunc(defs, func(a, b *defRec) int {
		if a.full.start != b.full.start {
			return a.full.start - b.full.start
		}
		return b.full.end - a.full.end
	})
	slices.SortStableFunc(items, func(a, b item) int { return a.span.start - b.span.start })
	nest(defs)
	if mr == x.head {
		for _, d := range defs {
			if !d.hasBody && d.node.end > end {
				d.body, d.hasBody = span{end, end}, true
			}
		}
	}
	prefixCands := x.attribute(defs, items, r, span{start, end})
	x.build(defs, inClass, prefixCands)
	// Attach comments and decorators to the chunks, outermost first so that
	// a container's members see its own candidates only.
	for i := len(defs) - 1; i >= 0; i-- {
		d := defs[i]
		if !d.dropped {
			x.attachPrefix(&d.chunk, prefixCands, false)
		}
	}
	for i := len(defs) - 1; i >= 0; i-- {
		d := defs[i]
		if d.dropped {
			continue
		}
		if d.parent >= 0 {
			p := defs[d.parent]
			p.chunk.Children = append([]Chunk{d.chunk}, p.chunk.Children...)
		} else {
			r.chunks = append([]Chunk{d.chunk}, r.chunks...)
		}
	}
	for _, it := range prefixCands {
		if it.role != roleNone {
			r.loose = append(r.loose, it)
		}
	}
	r.comment = len(defs) == 0 && len(r.loose) == 1 && r.loose[0].span == span{start, end} && r.loose[0].role == roleComment
	relativize(r, start)
	return r
}

// walkedBody returns the body of a function unit whose facts the walk
// finds (see walk.go).
func (x *extractor) walkedBody(n ts.Node, mr *ts.Matcher) (ts.Node, bool) {
	if x.walk == nil || mr != x.full {
		return ts.Node{}, false
	}
	return mr.DeclBody(n, x.sp.walk.fnOf)
}

func (li lineIndex) sitterPoint(off int) sitter.Point {
	p := li.point(off)
	return sitter.Point{Row: uint32(p.Line), Column: uint32(p.Column)}
}

func (x *extractor) text(s span) string { return string(x.src[s.start:s.end]) }

// view returns the text of s without copying it. Only for strings that do
// not outlive this run (memoized results must not pin the whole text of an
// old version): those consumed here or turned into new strings (collapse).
func (x *extractor) view(s span) string { return x.str[s.start:s.end] }

// matchDef turns a match with a @def capture into a defRec.
func (x *extractor) matchDef(q *compiled, caps []ts.Capture) *defRec {
	var d *defRec
	for _, c := range caps {
		if q.roles[c.Index] == roleDef {
			d = &defRec{kind: q.kinds[c.Index], node: spanOf(c), parent: -1}
			d.full = x.wrapped(c.Wraps, d.node)
			break
		}
	}
	if d == nil {
		return nil
	}
	for _, c := range caps {
		s := spanOf(c)
		switch q.roles[c.Index] {
		case roleName:
			d.name = cleanName(x.view(s))
		case roleReceiver:
			d.receiver = cleanName(x.view(s))
		case roleReceiverVar:
			d.receiverVar = x.text(s)
		case roleBody:
			d.body, d.hasBody = s, true
		case roleParams:
			d.params, d.hasParams = s, true
		case roleResult:
			d.result = x.view(s) // only read through splitResults
		}
	}
	return d
}

// wrapped extends a declaration's span over wrappers that end with it.
// wraps are the (start, end) pairs of the wrapper nodes around the
// declaration, innermost first.
func (x *extractor) wrapped(wraps []uint32, s span) span {
	for i := 0; i+1 < len(wraps); i += 2 {
		ps := span{int(wraps[i]), int(wraps[i+1])}
		if ps.end < s.end || !isSpaceOrSemicolon(x.src[s.end:ps.end]) {
			break
		}
		s = span{ps.start, max(ps.end, s.end)}
	}
	return s
}

func mergeDef(dst, src *defRec) {
	if dst.name == "" {
		dst.name = src.name
	}
	if dst.receiver == "" {
		dst.receiver = src.receiver
	}
	if dst.receiverVar == "" {
		dst.receiverVar = src.receiverVar
	}
	if !dst.hasBody {
		dst.body, dst.hasBody = src.body, src.hasBody
	}
	if !dst.hasParams {
		dst.params, dst.hasParams = src.params, src.hasParams
	}
	if dst.result == "" {
		dst.result = src.result
	}
}

func (x *extractor) matchItems(q *compiled, caps []ts.Capture, items []item, start, end int) []item {
	var it item
	for _, c := range caps {
		r := q.roles[c.Index]
		s := spanOf(c)
		switch r {
		case roleNone:
			continue
		case roleParamName:
			it.text = x.view(s)
			if it.role == roleNone {
				it.role, it.span = roleParam, s
			}
		case roleParamType:
			it.aux = collapse(x.view(s), 200)
			if it.role == roleNone {
				it.role, it.span = roleParam, s
			}
		case roleParam:
			it.role, it.span = roleParam, s
		case roleWriteObj:
			it.text = x.view(s)
		case roleWriteField:
			it.role, it.span = roleWriteField, s
			it.aux = strings.TrimLeft(x.text(s), "@$")
		case roleDocstringOwner:
			it.owner = s
		default:
			if it.role != roleNone {
				// A match with several independent captures: flush.
				items = x.keep(items, it, start, end)
				it = item{}
			}
			it.role, it.span = r, s
			switch r {
			case roleLoop, roleBranch, roleReturn, roleThrow, roleCatch, roleAwait, roleYield, roleSpawn:
			default:
				it.text = x.view(s) // keep copies the texts that are kept
			}
		}
	}
	return x.keep(items, it, start, end)
}

func (x *extractor) keep(items []item, it item, start, end int) []item {
	if it.role == roleNone || it.span.start < start || it.span.start >= end {
		return items
	}
	switch it.role {
	case roleComment:
		// Some grammars end line comments after the newline.
		for it.span.end > it.span.start && (x.src[it.span.end-1] == '\n' || x.src[it.span.end-1] == '\r') {
			it.span.end--
		}
		it.text = x.text(it.span)
	case roleDocstring, roleDecorator:
		it.text = strings.Clone(it.text)
	}
	return append(items, it)
}

// isSpaceOrSemicolon reports whether b holds only white space and
// semicolons, with at most one newline.
func isSpaceOrSemicolon(b []byte) bool {
	newlines := 0
	for _, c := range b {
		switch c {
		case '\n':
			newlines++
			if newlines > 1 {
				return false
			}
		case ' ', '\t', '\r', '\f', '\v', ';':
		default:
			return false
		}
	}
	return true
}

// nest links every declaration to its enclosing kept container; those inside
// functions are dropped (they belong to the function's text).
func nest(defs []*defRec) {
	var stack []int
	for i, d := range defs {
		for len(stack) > 0 && !defs[stack[len(stack)-1]].full.contains(d.full) {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			top := defs[stack[len(stack)-1]]
			if top.dropped || !top.kind.IsContainer() {
				d.dropped = true
			} else {
				d.parent = stack[len(stack)-1]
			}
		}
		stack = append(stack, i)
	}
}

// innermost returns the index of the innermost kept declaration containing s.
func innermost(defs []*defRec, s span) int {
	best := -1
	for i, d := range defs {
		if !d.dropped && d.full.contains(s) {
			best = i
		}
	}
	return best
}

func (d *defRec) headerEnd() int {
	if d.hasBody {
		return d.body.start
	}
	return d.full.end
}

// attribute hands every item to its declaration. It returns the comments
// and decorators outside function bodies, candidates for doc comments and
// prefix attributes, in source order.
func (x *extractor) attribute(defs []*defRec, items []item, r *unitResult, unit span) []item {
	var cands []item
	for _, it := range items {
		switch it.role {
		case rolePackage:
			if r.pkg == "" {
				r.pkg = cleanName(it.text)
			}
			continue
		case roleImport:
			r.imports = appendNew(r.imports, strings.Trim(collapse(it.text, 300), "\"'`<>"))
			continue
		case roleUnitDoc:
			r.unitDoc = r.unitDoc || it.span == unit
			continue
		case roleDocstring:
			for _, d := range defs {
				if !d.dropped && (d.node == it.owner || d.full == it.owner) {
					d.items = append(d.items, it)
				}
			}
			continue
		}
		i := innermost(defs, it.span)
		switch {
		case it.role == roleComment && (i < 0 || defs[i].kind.IsContainer()):
			cands = append(cands, it)
			continue
		case it.role == roleComment:
			continue // inside a function
		case it.role == roleDecorator && (i < 0 || (defs[i].kind.IsContainer() && it.span.start >= defs[i].headerEnd())):
			cands = append(cands, it)
			continue
		}
		if it.role == roleParam {
			// A parameter belongs to the declaration whose list holds it.
			i = -1
			for j, d := range defs {
				list := d.params
				if !d.hasParams {
					list = span{d.full.start, d.headerEnd()}
				}
				if !d.dropped && list.contains(it.span) {
					i = j
				}
			}
		}
		if i >= 0 {
			defs[i].items = append(defs[i].items, it)
		}
	}
	return cands
}

func relativize(r *unitResult, base int) {
	for i := range r.chunks {
		moveChunk(&r.chunks[i], -base)
	}
	r.loose = shift(r.loose, -base)
}

func moveChunk(c *Chunk, delta int) {
	c.Range.StartByte += delta
	c.Range.EndByte += delta
	if c.Doc != "" {
		c.DocRange.StartByte += delta
		c.DocRange.EndByte += delta
	}
	for i := range c.Children {
		moveChunk(&c.Children[i], delta)
	}
}

// place turns a relative chunk into an absolute one: offsets, Points,
// Text, Lines, and names qualified with the enclosing container's.
func (x *extractor) place(c Chunk, base int, prefix string, inClass bool) Chunk {
	if prefix != "" && inClass && !c.Kind.IsContainer() && c.Facts.Receiver == "" {
		if c.Kind == KindMethod && x.isConstructor(c.Name, prefix) {
			c.Kind = KindConstructor
		}
		c.Facts.Receiver = prefix
		c.Name = prefix + "." + c.Name
		prefix = ""
	}
	return x.placeTree(c, base, prefix)
}

func (x *extractor) placeTree(c Chunk, base int, prefix string) Chunk {
	c.Range.StartByte += base
	c.Range.EndByte += base
	if c.Doc != "" {
		c.DocRange = x.lines.rng(c.DocRange.StartByte+base, c.DocRange.EndByte+base)
	}
	if prefix != "" {
		c.Name = prefix + "." + c.Name
		if c.Facts.Receiver != "" {
			c.Facts.Receiver = prefix + "." + c.Facts.Receiver
		}
	}
	if len(c.Children) > 0 {
		kids := make([]Chunk, len(c.Children))
		for i, k := range c.Children {
			kids[i] = x.placeTree(k, base, prefix)
		}
		c.Children = kids
	}
	x.finish(&c)
	return c
}

func (x *extractor) finish(c *Chunk) {
	r := x.lines.rng(c.Range.StartByte, c.Range.EndByte)
	c.Range = r
	c.Text = x.str[r.StartByte:r.EndByte]
	// lineCount of the text, from the points.
	c.Facts.Lines = r.End.Line - r.Start.Line
	if r.End.Column > 0 {
		c.Facts.Lines++
	}
}

// attachPrefix gives c the doc comment and the prefix attributes (Rust
// #[...], decorators on their own line) directly above it. cands are
// absolute or unit-relative like c, in source order; attached candidates
// have their role cleared so they are not reused.
func (x *extractor) attachPrefix(c *Chunk, cands []item, placed bool) {
	n := len(cands)
	at := c.Range.StartByte
	var docs []item
	var decs []int
	for i := n - 1; i >= 0; i-- {
		it := cands[i]
		if it.span.end > at {
			continue
		}
		if it.role == roleNone || !isSpace(x.src[it.span.end:at], 1) || !startsLine(x.src, it.span.start) {
			break
		}
		if it.role == roleDecorator {
			decs = append(decs, i)
			docs = docs[:0]
		} else {
			docs = append(docs, it)
		}
		at = it.span.start
	}
	if len(decs) > 0 {
		first := decs[len(decs)-1]
		c.Range.StartByte = cands[first].span.start
		var names []string
		for j := len(decs) - 1; j >= 0; j-- {
			names = append(names, cleanDecorator(cands[decs[j]].text))
			cands[decs[j]].role = roleNone
		}
		c.Facts.Decorators = append(names, c.Facts.Decorators...)
		if placed {
			x.finish(c)
		}
	}
	if len(docs) == 0 || c.Doc != "" {
		return
	}
	slices.Reverse(docs)
	c.Doc = joinDocs(docs)
	c.DocRange = Range{StartByte: docs[0].span.start, EndByte: docs[len(docs)-1].span.end}
	if placed {
		c.DocRange = x.lines.rng(c.DocRange.StartByte, c.DocRange.EndByte)
	}
	for i := n - 1; i >= 0; i-- {
		if cands[i].span.start >= docs[0].span.start && cands[i].span.end <= docs[len(docs)-1].span.end {
			cands[i].role = roleNone
		}
	}
}
