package analysis

import (
	"hash/maphash"
	"slices"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

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

// compute runs the query on one unit: [start, end) of node n, a header
// unit when end is before n's end.
func (x *extractor) compute(n ts.Node, start, end int, inClass bool) *unitResult {
	head := end != n.End
	defs, items, err := x.collect(n, start, end, head)
	defer x.recycle(defs, items)
	if err != nil {
		x.logger.Error("chunk query", "lang", x.sp.name, "err", err)
		return &unitResult{}
	}
	slices.SortStableFunc(defs, func(a, b *defRec) int {
		if a.full.start != b.full.start {
			return a.full.start - b.full.start
		}
		return b.full.end - a.full.end
	})
	slices.SortStableFunc(items, func(a, b item) int { return a.span.start - b.span.start })
	nest(defs)
	if head {
		for _, d := range defs {
			if !d.hasBody && d.node.end > end {
				d.body, d.hasBody = span{end, end}, true
			}
		}
	}
	return x.result(defs, items, span{start, end}, inClass)
}

// collect runs the query on the unit and returns its declarations (those
// starting in it, one per node) and its other items. A function's head is
// queried and its body walked (see walk.go). The slices are the
// extractor's scratch space: the caller hands them back with recycle.
func (x *extractor) collect(n ts.Node, start, end int, head bool) ([]*defRec, []item, error) {
	defs, items := x.defs[:0], x.items[:0]
	if x.byNode == nil {
		x.byNode = map[span]*defRec{}
	}
	clear(x.byNode)
	q := x.q
	onMatch := func(pattern uint16, caps []ts.Capture) {
		if !q.accept(pattern, caps, x.src) {
			return
		}
		d := x.matchDef(q, caps)
		switch {
		case d == nil:
			items = x.matchItems(q, caps, items, start, end)
		case d.node.start < start || d.node.start >= end:
		case x.byNode[d.node] != nil:
			mergeDef(x.byNode[d.node], d)
		default:
			x.byNode[d.node] = d
			defs = append(defs, d)
		}
	}
	if head {
		// tree-sitter points count '\n'-separated lines and bytes, as lineIndex.
		err := x.head.Run(q.q, n, true, x.lines.sitterPoint(n.Start), x.lines.sitterPoint(end), onMatch)
		return defs, items, err
	}
	body, ok := x.walkedBody(n)
	if !ok {
		err := x.full.Run(q.q, n, false, sitter.Point{}, sitter.Point{}, onMatch)
		return defs, items, err
	}
	q = x.sp.walk.decl
	if err := x.decl.RunBytes(q.q, n, start, body.Start, onMatch); err != nil {
		return defs, items, err
	}
	items, err := x.facts(body, items)
	return defs, items, err
}

// recycle keeps the scratch slices of collect for the next unit; nothing
// else keeps them.
func (x *extractor) recycle(defs []*defRec, items []item) {
	clear(defs)
	x.defs, x.items = defs[:0], items[:0]
}

// result builds the unit's chunks from its sorted, nested declarations and
// items, with offsets relative to the unit's start.
func (x *extractor) result(defs []*defRec, items []item, unit span, inClass bool) *unitResult {
	r := &unitResult{}
	prefixCands := x.attribute(defs, items, r, unit)
	x.build(defs, inClass, prefixCands)
	// Attach comments and decorators to the chunks, outermost first so that
	// a container's members see its own candidates only.
	for i := len(defs) - 1; i >= 0; i-- {
		if d := defs[i]; !d.dropped {
			x.attachPrefix(&d.chunk, prefixCands, false)
		}
	}
	for i := len(defs) - 1; i >= 0; i-- {
		d := defs[i]
		switch {
		case d.dropped:
		case d.parent >= 0:
			p := defs[d.parent]
			p.chunk.Children = append([]Chunk{d.chunk}, p.chunk.Children...)
		default:
			r.chunks = append([]Chunk{d.chunk}, r.chunks...)
		}
	}
	for _, it := range prefixCands {
		if it.role != roleNone {
			r.loose = append(r.loose, it)
		}
	}
	r.comment = len(defs) == 0 && len(r.loose) == 1 && r.loose[0].span == unit && r.loose[0].role == roleComment
	relativize(r, unit.start)
	return r
}
