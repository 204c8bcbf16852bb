package analysis

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
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
	walk *ts.FactWalk
	fnOf []uint8 // by symbol: a declaration whose body is walked
	decl *compiled
}

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
	one := func(name string, named bool) uint16 {
		if s := syms(name, named); len(s) > 0 && name != "" {
			return uint16(s[0])
		}
		return ts.NoSymbol
	}
	fields := map[string]uint16{}
	for i := 1; ; i++ {
		name := lang.FieldName(i)
		if name == "" {
			break
		}
		fields[name] = uint16(i)
	}
	field := func(name string) uint16 {
		if f, ok := fields[name]; ok {
			return f
		}
		return ts.NoSymbol
	}
	act, rl, fnOf := make([]uint8, n), make([]uint8, n), make([]uint8, n)
	set := func(names []string, a uint8) {
		for _, name := range names {
			for _, s := range syms(name, true) {
				act[s] = a
			}
		}
	}
	for _, name := range r.functions {
		for _, s := range syms(name, true) {
			fnOf[s] = 1
		}
	}
	for name, role := range r.nodes {
		for _, s := range syms(name, true) {
			rl[s] = uint8(role)
		}
	}
	var callField string
	for name, f := range r.calls {
		set([]string{name}, ts.ActCall)
		callField = f
	}
	e := r.errCheck
	if e.typ != "" {
		set([]string{e.typ}, ts.ActErrCheck)
	}
	set(r.writeLeft, ts.ActWriteField)
	set(r.childWrites, ts.ActWriteChild)
	if r.importNames != "" {
		set([]string{r.importNames}, ts.ActImportNames)
	}
	if r.importFrom != "" {
		set([]string{r.importFrom}, ts.ActImportFrom)
	}
	t := ts.FactTable{
		Call: field(callField),
		Cond: field(e.cond), Bin: one(e.bin, true), Left: field(e.left), Op: field(e.op), OpSym: one(e.opType, false),
		Right: field(e.right), Nil: one(e.nilType, true),
		WriteLeft: field(r.leftField), WriteList: one(r.list, true), WriteTarget: one(r.target, true),
		WriteObj: field(r.objField), WriteObjSym: one(r.objType, true), WriteAttr: field(r.attrField), WriteSym: one(r.attrType, true),
		ImportName: field(r.nameField), Dotted: one(r.dotted, true), Alias: one(r.alias, true), AliasName: field(r.aliasField),
		ImportFrom: field(r.fromField),
		RoleCall:   uint8(roleCall), RoleErr: uint8(roleErrCheck), RoleWrite: uint8(roleWriteField), RoleImport: uint8(roleImport),
	}
	return &factWalk{walk: ts.NewFactWalk(t, act, rl), fnOf: fnOf, decl: decl}
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

// facts appends the fact items of the subtree of n (a function body) to
// items, in the order the chunk query would report them.
func (x *extractor) facts(n ts.Node, items []item) ([]item, error) {
	err := x.walk.Facts(n, func(f ts.Fact) {
		rl, s := role(f.Role), span{f.Start, f.End}
		it := item{role: rl, span: s}
		switch rl {
		case roleCall, roleErrCheck, roleImport:
			it.text = x.view(s)
		case roleWriteField:
			it.text = x.view(span{f.AuxStart, f.AuxEnd})
			it.aux = strings.TrimLeft(x.text(s), "@$")
		}
		items = append(items, it)
	})
	return items, err
}
