package heuristic

import (
	"maps"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// style is how a project writes its doc comments: a language's convention,
// corrected by what the file's own documented functions do.
type style struct {
	nameFirst  bool   // Go: "Take removes …"
	imperative bool   // Python (PEP 257): "Return …"
	this       string // determiner of the receiver: "the" or "this" (Java: "this list")
	// predVerb and predWord lead yes/no summaries: "reports whether",
	// "returns true if", "checks if", "retrieves whether".
	predVerb, predWord string
	period             bool   // sentences end with a period
	newVerb            string // what constructors do: "create" ("Creates a new …"), Go: "return"
	trueWord           string // how "true" is spelled: Python's "True"
	// verbFor maps a name's leading verb ("get", ctorKey for constructors)
	// to the verb the file's comments use for it ("retrieve").
	verbFor map[string]string
	// frames are the phrasings of the file's doc sentences around their
	// name's object, by name verb (see frame).
	frames map[string][]frameCount
	// siblings are the file's documented functions, for sentences made by
	// substituting words of a similar name (see substituted).
	siblings []sibling
}

// Keys of style.verbFor that are not verbs: constructors, and names that
// do not start with a verb ("Command.description").
const (
	ctorKey = "<constructor>"
	nounKey = "<noun>"
)

// languageStyle is the convention of a language before the file says
// otherwise.
func languageStyle(lang string) style {
	st := style{this: "the", predVerb: "return", predWord: "true if", period: true, newVerb: "create", trueWord: "true"}
	switch lang {
	case "go":
		st.nameFirst, st.predVerb, st.predWord, st.newVerb = true, "report", "whether", "return"
	case "python":
		st.imperative, st.trueWord = true, "True"
	case "java", "csharp", "kotlin":
		st.this, st.verbFor = "this", map[string]string{ctorKey: "construct"}
	case "javascript", "typescript", "tsx":
		st.predVerb, st.predWord = "check", "if"
	}
	return st
}

// maxLearned bounds the doc comments a style is learned from.
const maxLearned = 64

// styleTally counts what a file's doc comments do.
type styleTally struct {
	docs, nameFirst, imperative, third, this, period int
	returnsNew, createsNew                           int
	preds                                            map[string]int            // "report whether" → count
	verbs                                            map[string]map[string]int // name verb → doc verb → count
	frames                                           map[string][]frameCount   // name verb → frames
	siblings                                         []sibling
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
	st.frames, st.siblings = t.frames, t.siblings
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
	if lead := majority(t.preds, 2); lead != "" {
		st.predVerb, st.predWord, _ = strings.Cut(lead, " ")
	}
	st.verbFor = t.verbHabits(st.verbFor)
	return st
}

// verbHabits adds to defaults the doc verb most of the file's comments use
// for a name verb, where at least two comments agree.
func (t *styleTally) verbHabits(defaults map[string]string) map[string]string {
	out := maps.Clone(defaults)
	for nameVerb, docVerbs := range t.verbs {
		if verb := majority(docVerbs, 2); verb != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[nameVerb] = verb
		}
	}
	return out
}

// majority is the key with more than half of the counts and at least min
// of them, or "".
func majority(counts map[string]int, min int) string {
	total, best, key := 0, 0, ""
	for k, n := range counts {
		total += n
		if n > best || n == best && k < key {
			best, key = n, k
		}
	}
	if best >= min && 2*best > total {
		return key
	}
	return ""
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
	_, name := namespace(c, lastComponent(c.Name))
	words := splitCompounds(SplitName(name))
	if len(words) == 0 {
		return ""
	}
	w := strings.ToLower(words[0])
	w = orElse(verbAliases[w], w)
	if !verbs[w] && !predicates[w] && !special[w] {
		return nounKey
	}
	return w
}

// special are leading name words with their own sentences.
var special = setOf("get new create from with on to as test")

// structural are the special words whose sentence is built around its
// verb ("converts x to y"): a learned verb never replaces theirs.
var structural = setOf("from with on to as")

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
	t.addSibling(c, doc)
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
	if lead := predLead(words); lead != "" {
		if t.preds == nil {
			t.preds = map[string]int{}
		}
		t.preds[lead]++
	}
}

// predLead is the lead of a yes/no doc sentence ("report whether",
// "return true if"), or "".
func predLead(words []string) string {
	if len(words) < 3 {
		return ""
	}
	verb, w1, w2 := docVerb(words[0]), strings.ToLower(words[1]), strings.ToLower(words[2])
	switch {
	case verb == "":
		return ""
	case w1 == "whether" || w1 == "if":
		return verb + " " + w1
	case w1 == "true" && w2 == "if":
		return verb + " true if"
	}
	return ""
}
