package analysis

import (
	"hash/maphash"
	"log/slog"
	"maps"
	"runtime"
	"sync"

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
	logger  *slog.Logger
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
		if doc := cleanComment(lv.unitDoc.text); !IsLicense(doc) {
			fi.Doc = doc
			return fi
		}
	}
	fi.Doc = x.leadingDoc(lv)
	return fi
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
		sub := &extractor{sp: x.sp, q: x.q, logger: x.logger, src: x.src, str: x.str, lines: x.lines, seed: x.seed,
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
