package analysis

import (
	"cmp"
	"slices"
	"strings"
)

// spawnCallees are callee names (last dotted segment) that start a thread
// or task; "Task.Run" style calls are recognised by their last two segments.
var spawnCallees = []string{"spawn", "Thread", "create_task", "ensure_future", "start_new_thread", "Task.Run", "Task.Factory.StartNew", "Worker"}

// build makes the chunk of every kept declaration from its captures.
// Offsets stay as they are (absolute in the tree); Points, Text and Lines are
// filled in when the chunk is placed.
func (x *extractor) build(defs []*defRec, inClass bool, cands []item) {
	for _, d := range defs {
		if d.dropped {
			continue
		}
		classy := inClass
		prefix := ""
		if d.parent >= 0 {
			p := defs[d.parent]
			classy = p.kind != KindModule
			prefix = p.chunk.Name
		}
		d.chunk = x.chunkOf(d, classy, prefix, cands)
	}
}

func (x *extractor) chunkOf(d *defRec, classy bool, prefix string, cands []item) Chunk {
	kind, name, receiver, member := x.identity(d, classy, prefix)
	c := Chunk{Kind: kind, Name: name, Lang: x.sp.name, Range: Range{StartByte: d.full.start, EndByte: d.full.end}}
	f := &c.Facts
	f.Receiver = receiver
	if member {
		f.ReceiverVar = cmp.Or(d.receiverVar, x.sp.selfVar)
	}
	f.Results = splitResults(d.result)
	sigStart, hdrEnd := d.full.start, d.headerEnd()
	var lastParam span
	for _, it := range d.items {
		switch {
		case it.span.start < hdrEnd && it.role >= roleCall && it.role <= roleWriteField:
			// decorator arguments, default values: not the body
		case it.role == roleParam:
			if (it.text == "" && it.aux == "") || (lastParam.contains(it.span) && it.span != lastParam) {
				continue // nested in a parameter's type
			}
			lastParam = it.span
			addParam(f, it, member)
		case it.role == roleDecorator || it.role == roleModifier || it.role == roleDocstring:
			sigStart = x.headerItem(&c, d, it, sigStart, hdrEnd)
		default:
			x.bodyFact(f, it, member)
		}
	}
	c.Signature = signature(string(x.src[sigStart:max(sigStart, signatureEnd(cands, sigStart, hdrEnd))]))
	return c
}

// identity returns the kind, qualified name and receiver of a declaration,
// and whether it is a member of a type.
func (x *extractor) identity(d *defRec, classy bool, prefix string) (kind Kind, name, receiver string, member bool) {
	kind, name, receiver = d.kind, d.name, d.receiver
	switch {
	case receiver != "":
		name = receiver + "." + name
	case classy && !kind.IsContainer():
		receiver = prefix
	case kind == KindFunction:
		if i := strings.LastIndexByte(name, '.'); i > 0 {
			receiver = name[:i] // C++ "Foo::bar" defined outside its class
		}
	}
	member = receiver != "" || (classy && !kind.IsContainer())
	switch {
	case kind == KindFunction && member:
		kind = KindMethod
	case kind == KindMethod && !member:
		kind = KindFunction // Ruby "def" at top level
	}
	if kind == KindMethod && x.isConstructor(name, receiver) {
		kind = KindConstructor
	}
	name = cmp.Or(name, "<anonymous>")
	if prefix != "" {
		name = prefix + "." + name
	}
	return kind, name, receiver, member
}

// addParam adds a parameter item to f; a member's leading self or cls is
// its receiver variable instead.
func addParam(f *Facts, it item, member bool) {
	if len(f.Params) == 0 && member && (it.text == "self" || it.text == "cls") && it.aux == "" {
		f.ReceiverVar = strings.Clone(it.text)
		return
	}
	f.Params = append(f.Params, Param{Name: strings.TrimLeft(collapse(it.text, 100), "*& "), Type: it.aux})
}

// headerItem records a decorator, modifier or docstring of c's header and
// returns where the signature starts (after the decorators).
func (x *extractor) headerItem(c *Chunk, d *defRec, it item, sigStart, hdrEnd int) int {
	f := &c.Facts
	switch it.role {
	case roleDecorator:
		if it.span.start < hdrEnd {
			f.Decorators = append(f.Decorators, cleanDecorator(it.text))
			if it.span.start >= sigStart {
				sigStart = it.span.end
			}
		}
	case roleModifier:
		if it.span.start < hdrEnd && !(d.hasParams && d.params.contains(it.span)) {
			f.Modifiers = appendNew(f.Modifiers, collapse(it.text, 40))
		}
	case roleDocstring:
		c.Doc = cleanComment(it.text)
		c.DocRange = Range{StartByte: it.span.start, EndByte: it.span.end}
	}
	return sigStart
}

// bodyFact counts a fact of the body in f.
func (x *extractor) bodyFact(f *Facts, it item, member bool) {
	switch it.role {
	case roleCall:
		x.call(f, it.text)
	case roleLoop:
		f.Loops++
	case roleBranch:
		f.Branches++
	case roleReturn:
		f.Returns++
	case roleThrow:
		f.Throws++
	case roleCatch:
		f.Catches++
	case roleErrCheck:
		if isErrorValue(it.text) {
			f.ErrorChecks++
		}
	case roleAwait:
		f.Awaits++
	case roleYield:
		f.Yields++
	case roleSpawn:
		f.Spawns++
	case roleWriteField:
		if it.text == f.ReceiverVar || (it.text == "" && member) {
			f.ReceiverWrites = appendNew(f.ReceiverWrites, it.aux)
		}
	}
}

// call records a call and what the language's well-known callees do
// (spawn, throw, catch, loop).
func (x *extractor) call(f *Facts, text string) {
	if strings.ContainsAny(text, "{\n") || strings.HasPrefix(text, "(") {
		return // an immediately invoked function literal
	}
	callee := collapse(calleeOf(text), 80)
	f.Calls = appendNew(f.Calls, callee)
	if isSpawn(callee) {
		f.Spawns++
	}
	switch x.sp.callFacts[callee] {
	case roleThrow:
		f.Throws++
	case roleCatch:
		f.Catches++
	case roleLoop:
		f.Loops++
	}
}

// signatureEnd is where the signature ends: the header's end, or a comment
// inside the header (Ruby puts the first member's doc comment there).
func signatureEnd(cands []item, sigStart, hdrEnd int) int {
	for _, it := range cands {
		if it.role == roleComment && it.span.start > sigStart && it.span.start < hdrEnd {
			return it.span.start
		}
	}
	return hdrEnd
}

// isConstructor reports whether a method name makes it a constructor:
// "__init__", "initialize", ..., or in C++ the name of its class.
func (x *extractor) isConstructor(name, receiver string) bool {
	last := name[strings.LastIndexByte(name, '.')+1:]
	if slices.Contains(x.sp.constructors, last) {
		return true
	}
	return x.sp.classNamedCtors && receiver != "" && last == receiver[strings.LastIndexByte(receiver, '.')+1:]
}

func signature(head string) string {
	s := collapse(head, 400)
	for {
		t := strings.TrimSpace(strings.TrimRight(s, "{:;"))
		if t == s {
			return s
		}
		s = t
	}
}

func isSpawn(callee string) bool {
	for _, s := range spawnCallees {
		if callee == s || strings.HasSuffix(callee, "."+s) || strings.HasSuffix(callee, "::"+s) {
			return true
		}
	}
	return false
}

// isErrorValue reports whether a checked expression looks like an error
// value: "err", "readErr", "e.Err", or a Rust "?" expression.
func isErrorValue(s string) bool {
	return strings.HasSuffix(s, "?") || strings.Contains(strings.ToLower(s), "err")
}

// calleeOf trims a call capture to its callee: "await f" → "f",
// "new T" → "T", "a.b(x)" (grammars that only capture whole calls) → "a.b".
func calleeOf(s string) string {
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "await "), "new ")
	if !strings.HasSuffix(s, ")") {
		return s
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return strings.TrimSpace(s[:i])
			}
		}
	}
	return s
}
