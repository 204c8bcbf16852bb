package heuristic

import (
	"maps"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// predicate phrasings of yes/no summaries.
const (
	predWhether  = iota // "reports whether the list is empty"
	predTrueIf          // "returns true if the list is empty"
	predChecksIf        // "checks if the list is empty"
)

// style is how a project writes its doc comments: a language's convention,
// corrected by what the file's own documented functions do.
type style struct {
	nameFirst  bool   // Go: "Take removes …"
	imperative bool   // Python (PEP 257): "Return …"
	this       string // determiner of the receiver: "the" or "this" (Java: "this list")
	pred       int    // how yes/no questions are phrased
	period     bool   // sentences end with a period
	newVerb    string // what constructors do: "create" ("Creates a new …"), Go: "return"
	trueWord   string // how "true" is spelled: Python's "True"
	// verbFor maps a name's leading verb ("get", ctorKey for constructors)
	// to the verb the file's comments use for it ("retrieve").
	verbFor map[string]string
}

// ctorKey stands for constructors in style.verbFor.
const ctorKey = "<constructor>"

// languageStyle is the convention of a language before the file says
// otherwise.
func languageStyle(lang string) style {
	st := style{this: "the", pred: predTrueIf, period: true, newVerb: "create", trueWord: "true"}
	switch lang {
	case "go":
		st.nameFirst, st.pred, st.newVerb = true, predWhether, "return"
	case "python":
		st.imperative, st.trueWord = true, "True"
	case "java", "csharp", "kotlin":
		st.this, st.verbFor = "this", map[string]string{ctorKey: "construct"}
	case "javascript", "typescript", "tsx":
		st.pred = predChecksIf
	}
	return st
}

// maxLearned bounds the doc comments a style is learned from.
const maxLearned = 64

// styleTally counts what a file's doc comments do.
type styleTally struct {
	docs, nameFirst, imperative, third, this, period int
	returnsNew, createsNew                           int
	preds                                            [3]int
	verbs                                            map[string]map[string]int // name verb → doc verb → count
}

// learnStyle returns the style of req's file: the language's convention,
// with each habit replaced by the majority of the file's other documented
// functions where at least two of them show it. The request's own chunk
// is never learned from, so a summary never quotes its own comment.
func (e *Engine) learnStyle(req inference.Request) style {
	return styleFrom(req.Chunk.Lang, e.tally(req))
}

// tally counts the habits of req's file without req's own chunk. The
// count of a whole file is kept for the next request of the same file
// (chunks are immutable, so the same first chunk means the same file).
func (e *Engine) tally(req inference.Request) styleTally {
	chunks := req.File.Chunks
	if len(chunks) == 0 {
		return styleTally{}
	}
	if documented(chunks, req.Chunk) {
		var t styleTally
		walkDocs(chunks, req.Chunk, &t)
		return t
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.last.first != &chunks[0] || e.last.n != len(chunks) {
		var t styleTally
		walkDocs(chunks, analysis.Chunk{Name: "\x00"}, &t)
		e.last = fileTally{first: &chunks[0], n: len(chunks), t: t}
	}
	return e.last.t
}

// fileTally is the tally of a whole file, by the address of its first
// chunk and its chunk count.
type fileTally struct {
	first *analysis.Chunk
	n     int
	t     styleTally
}

// documented reports whether self appears in chunks with a doc comment.
func documented(chunks []analysis.Chunk, self analysis.Chunk) bool {
	for _, c := range chunks {
		if c.Name == self.Name && c.Range == self.Range {
			return c.Doc != ""
		}
		if documented(c.Children, self) {
			return true
		}
	}
	return false
}

// styleFrom is the style of a chunk of lang given the tally t of its file.
func styleFrom(lang string, t styleTally) style {
	st := languageStyle(lang)
	if t.docs < 2 {
		return st
	}
	st.nameFirst = 2*t.nameFirst > t.docs
	if t.imperative+t.third >= 2 {
		st.imperative = t.imperative > t.third
	}
	if t.this >= 2 && 4*t.this >= t.docs {
		st.this = "this"
	}
	st.period = 2*t.period >= t.docs
	if t.returnsNew != t.createsNew {
		st.newVerb = map[bool]string{true: "return", false: "create"}[t.returnsNew > t.createsNew]
	}
	best := 0
	for p, n := range t.preds {
		if n > best {
			st.pred, best = p, n
		}
	}
	st.verbFor = t.verbHabits(st.verbFor)
	return st
}

// verbHabits adds to defaults the doc verb most of the file's comments use
// for a name verb, where at least two comments agree.
func (t *styleTally) verbHabits(defaults map[string]string) map[string]string {
	out := maps.Clone(defaults)
	for nameVerb, docVerbs := range t.verbs {
		total, best, verb := 0, 0, ""
		for v, n := range docVerbs {
			total += n
			if n > best || n == best && v < verb {
				best, verb = n, v
			}
		}
		if best >= 2 && 2*best > total {
			if out == nil {
				out = map[string]string{}
			}
			out[nameVerb] = verb
		}
	}
	return out
}

// walkDocs tallies the first sentences of the documented functions in
// chunks, skipping self.
func walkDocs(chunks []analysis.Chunk, self analysis.Chunk, t *styleTally) {
	for _, c := range chunks {
		if t.docs >= maxLearned {
			return
		}
		walkDocs(c.Children, self, t)
		if c.Doc == "" || c.Kind.IsContainer() || c.Name == self.Name && c.Range == self.Range {
			continue
		}
		t.add(c, analysis.FirstSentence(c.Doc))
	}
}

// nameVerb is the leading verb of a chunk's name as the style keys it.
func nameVerb(c analysis.Chunk) string {
	if isConstructor(c) {
		return ctorKey
	}
	words := SplitName(c.Name)
	if len(words) == 0 {
		return ""
	}
	w := strings.ToLower(words[0])
	return orElse(verbAliases[w], w)
}

// docVerb is the base form of a doc sentence's leading verb, or "".
func docVerb(w string) string {
	w = strings.ToLower(w)
	if verbs[w] {
		return w
	}
	if base := baseOf(w); base != w && (verbs[base] || base == "get") {
		return base
	}
	if w == "get" {
		return w
	}
	return ""
}

// add tallies the doc sentence of chunk c.
func (t *styleTally) add(c analysis.Chunk, doc string) {
	words := strings.Fields(doc)
	if len(words) == 0 {
		return
	}
	t.docs++
	if strings.Trim(words[0], "`*()[]") == lastComponent(c.Name) && len(words) > 1 {
		t.nameFirst++
		words = words[1:]
	}
	if nv, dv := nameVerb(c), docVerb(words[0]); nv != "" && dv != "" {
		if t.verbs == nil {
			t.verbs = map[string]map[string]int{}
		}
		if t.verbs[nv] == nil {
			t.verbs[nv] = map[string]int{}
		}
		t.verbs[nv][dv]++
	}
	switch w := strings.ToLower(words[0]); {
	case verbs[w] || w == "return" || w == "get":
		t.imperative++
	case isThirdPerson(w) || w == "returns" || w == "gets":
		t.third++
	}
	lower := strings.ToLower(doc)
	if strings.Contains(lower, "this ") {
		t.this++
	}
	if strings.HasSuffix(doc, ".") {
		t.period++
	}
	switch {
	case strings.Contains(lower, "returns a new"), strings.Contains(lower, "return a new"):
		t.returnsNew++
	case strings.Contains(lower, "creates a new"), strings.Contains(lower, "create a new"):
		t.createsNew++
	}
	switch {
	case strings.Contains(lower, "reports whether"):
		t.preds[predWhether]++
	case strings.Contains(lower, "true if"):
		t.preds[predTrueIf]++
	case strings.Contains(lower, "checks if"):
		t.preds[predChecksIf]++
	}
}
