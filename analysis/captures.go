package analysis

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// walkedBody returns the body of a function unit whose facts the walk
// finds (see walk.go).
func (x *extractor) walkedBody(n ts.Node) (ts.Node, bool) {
	if x.walk == nil {
		return ts.Node{}, false
	}
	return x.full.DeclBody(n, x.sp.walk.fnOf)
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
