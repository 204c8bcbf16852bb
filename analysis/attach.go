package analysis

import (
	"slices"
	"strings"
)

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
