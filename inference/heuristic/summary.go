package heuristic

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// predicates are leading words that make a name a yes/no question.
var predicates = setOf("is has can should must needs supports contains allows accepts uses exists")

// dunders phrase Python's special methods; the receiver follows.
var dunders = map[string]string{
	"len": "returns the length of", "iter": "returns an iterator over", "hash": "returns the hash of",
	"eq": "reports whether other equals", "ne": "reports whether other differs from",
	"lt": "reports whether other orders after", "contains": "reports whether an item is in",
	"getitem": "returns an item of", "setitem": "sets an item of", "delitem": "deletes an item of",
	"getattr": "returns an attribute of", "getattribute": "returns an attribute of",
	"setattr": "sets an attribute of", "delattr": "deletes an attribute of",
	"enter": "enters the context of", "exit": "exits the context of", "call": "calls",
	"bool": "reports whether it is true:", "reduce": "returns the pickling state of",
	"getstate": "returns the pickling state of", "setstate": "restores the pickling state of",
	"copy": "returns a shallow copy of", "deepcopy": "returns a deep copy of", "del": "finalizes",
	"new": "allocates a new instance of", "next": "returns the next item of",
}

// stringers are method names that render their receiver as text.
var stringers = setOf("string tostring str repr __str__ __repr__")

// subject describes what a chunk acts on, for generated sentences: its
// receiver for methods, else its first parameter.
type subject struct {
	recv  string // receiver words ("server"), empty for plain functions
	param string // first parameter, as words ("config file"), may be empty
	this  string // determiner of the receiver: "the", or "this" where the style says so
	owner bool   // nouns name the receiver they belong to ("the name of the person")
}

// clause is a generated summary before it is rendered in a language and
// style: a verb in its base form and the words that follow it.
type clause struct {
	verb string // base form ("return", "clean up"); empty for a noun phrase
	rest string // what follows the verb ("the config file")
	// cond is set for yes/no questions: rendered as "reports whether
	// <cond>" or "returns true if <cond>" as the style says.
	cond string
}

func say(verb string, parts ...string) clause {
	return clause{verb: verb, rest: join(parts...)}
}

// generate builds a one-sentence summary from the chunk's name and facts,
// naming the parameters it does not mention yet.
func generate(c analysis.Chunk, st style) clause {
	cl := generateClause(c, st)
	if nv := nameVerb(c); st.verbFor[nv] != "" && !structural[nv] && cl.verb != "" && cl.cond == "" {
		cl.verb = st.verbFor[nv] // the file's own habit: "Retrieves …" for getters
	}
	if st.nameFirst && cl.verb != "" && cl.cond == "" && !c.Kind.IsContainer() {
		cl.rest = join(cl.rest, unmentioned(c, cl.rest))
	}
	return cl
}

// unmentioned names the parameters the sentence does not mention ("for
// the given key and value"), or "".
func unmentioned(c analysis.Chunk, text string) string {
	var names []string
	for _, p := range c.Facts.Params {
		w := phrase(SplitName(p.Name))
		if w == "" || p.Name == "ctx" || p.Name == "self" || len(p.Name) < 2 || strings.Contains(text, w) || len(names) == 2 {
			continue
		}
		names = append(names, w)
	}
	if len(names) == 0 {
		return ""
	}
	return "for the given " + strings.Join(names, " and ")
}

// generateClause is the sentence the name and kind of c suggest.
func generateClause(c analysis.Chunk, st style) clause {
	s := subject{recv: phrase(receiverWords(c)), param: paramWords(c), this: st.this, owner: !st.imperative}
	name := lastComponent(c.Name)
	ns, name := namespace(c, name)
	words := splitCompounds(SplitName(name))
	lower := strings.ToLower(strings.Trim(name, "_"))
	switch {
	case c.Kind == analysis.KindWindow:
		return clause{rest: fmt.Sprintf("lines %d to %d of the file", c.Range.Start.Line+1, c.Range.End.Line+1)}
	case c.Kind.IsContainer():
		return container(c, words)
	case lower == "init" && c.Lang == "python":
		return say("initialize", "the", orElse(s.recv, "object"))
	case isConstructor(c):
		return say("create", "a new", orElse(s.recv, phrase(words)), params(c))
	case isConstructorFunc(c, name):
		return say(st.newVerb, "a new", phrase(words), params(c))
	case stringers[lower] && s.recv != "":
		return say("return", "a string representation of", s.the())
	case strings.HasPrefix(name, "__") && dunders[lower] != "" && s.recv != "":
		verb, rest, _ := strings.Cut(dunders[lower], " ")
		return say(baseOf(verb), rest, s.the())
	case len(words) == 0:
		return say("run", "the anonymous function")
	case lower == "main":
		return say("run", "the program")
	case lower == "init" && c.Lang == "go" && s.recv == "":
		return say("initialize", "the package")
	}
	first, rest := strings.ToLower(words[0]), words[1:]
	if full, ok := verbAliases[first]; ok {
		first = full
	}
	if ns != "" && (len(rest) == 0 || first == "new" || first == "create") {
		rest = append([]string{ns}, rest...) // cJSON_Delete → "deletes a cJSON item"
		if len(rest) == 1 {
			rest = append(rest, orElse(s.param, "object"))
		}
	}
	switch {
	case first == "get" && len(rest) == 0:
		return say("return", "the value", orElse(forParam(s.param), s.of()))
	case first == "get" && len(rest) > 0:
		return say("return", the(rest)+s.noun(rest))
	case predicates[first]:
		return clause{cond: join(s.it(), first, orElse(phrase(rest), s.param))}
	case (first == "new" || first == "create") && len(rest) > 0:
		return say(st.newVerb, "a new", phrase(rest), params(c))
	case first == "new" || first == "create":
		return say(st.newVerb, "a new", orElse(resultWords(c, s.recv), s.recv), params(c))
	case first == "from" && len(rest) > 0 && s.recv != "":
		return say("create", article(s.recv), s.recv, "from the", phrase(rest))
	case first == "with" && len(rest) > 0:
		return say("set", "the", phrase(rest))
	case first == "on" && len(rest) > 0:
		return say("handle", "the", phrase(rest), "event")
	case (first == "to" || first == "as") && len(rest) > 0:
		return say("convert", s.it(), "to", phrase(rest))
	case verbs[first]:
		return say(first, verbObject(c, first, rest, s), outcome(c))
	case returnsBool(c) && isThirdPerson(words[0]):
		return clause{cond: join(s.it(), phrase(words))}
	case returnsBool(c) && len(words) > 1 && isThirdPerson(words[len(words)-1]):
		return clause{cond: phrase(words)}
	case returnsBool(c):
		return clause{cond: join(s.it(), "is", phrase(words))}
	case returnsValue(c):
		return say("return", the(words)+s.noun(words))
	}
	return say("handle", the(words)+s.noun(words))
}

// verbObject is what a leading verb acts on: the rest of the name, the
// receiver ("from the bucket") and a time parameter ("at time now").
func verbObject(c analysis.Chunk, verb string, rest []string, s subject) string {
	if s.param != "" && strings.HasSuffix(atTime(c), " "+s.param) {
		s.param = "" // a time says when, not what
	}
	obj := object(rest, s)
	switch {
	case s.recv != "" && len(rest) == 0 && s.param == "" && fromVerbs[verb]:
		obj = "from " + s.the()
	case s.recv != "" && len(rest) == 0 && s.param == "":
		obj = s.the()
	case s.recv != "" && len(rest) == 0 && fromVerbs[verb]:
		obj = join(obj, "from", s.the())
	case s.recv != "" && len(rest) == 0 && toVerbs[verb]:
		obj = join(obj, "to", s.the())
	case s.recv != "" && len(rest) == 0:
		obj = join(obj, "of", s.the())
	case s.recv == "" && !strings.Contains(obj, s.param):
		obj += forParam(s.param)
	}
	return join(obj, atTime(c))
}

// fromVerbs take their object out of the receiver; toVerbs put it in.
var (
	fromVerbs = setOf("take pop dequeue pull receive read drain remove delete evict extract fetch load")
	toVerbs   = setOf("add append push insert write send put register enqueue attach")
)

// atTime names a time.Time parameter ("at time now").
func atTime(c analysis.Chunk) string {
	for _, p := range c.Facts.Params {
		if p.Type == "time.Time" && p.Name != "" {
			return "at time " + p.Name
		}
	}
	return ""
}

// outcome describes a boolean or error result of an action.
func outcome(c analysis.Chunk) string {
	if returnsBool(c) {
		return ", reporting whether it succeeded"
	}
	return ""
}

// params names the parameters a constructor takes ("from name and size").
func params(c analysis.Chunk) string {
	var names []string
	for _, p := range c.Facts.Params {
		if p.Name != "" && p.Name != "ctx" && len(p.Name) > 1 && len(names) < 2 {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "from " + strings.Join(names, " and ")
}

// namespace splits a library prefix off a C-style name ("cJSON_Delete" →
// "cJSON", "Delete"; "png_read_info" → "png", "read_info"), or returns
// the name unchanged.
func namespace(c analysis.Chunk, name string) (string, string) {
	pre, rest, ok := strings.Cut(strings.TrimLeft(name, "_"), "_")
	if !ok || pre == "" || rest == "" || verbs[strings.ToLower(pre)] || predicates[pre] || prepositions[pre] {
		return "", name
	}
	next := SplitName(rest)
	if len(next) == 0 {
		return "", name
	}
	w := strings.ToLower(next[0])
	if _, alias := verbAliases[w]; !verbs[w] && !alias && w != "new" && w != "get" && !predicates[w] {
		return "", name
	}
	if strings.ToLower(pre) == pre && c.Lang != "c" && c.Lang != "cpp" {
		return "", name // snake_case words, not a prefix
	}
	return pre, rest
}

// noun renders words as a noun phrase: a trailing preposition takes the
// first parameter ("callees of" → "callees of fn"), otherwise methods
// name their receiver ("name of the person").
func (s subject) noun(words []string) string {
	if np := s.withParam(words); np != phrase(words) {
		return np
	}
	return phrase(words) + s.of()
}

// withParam completes words ending with a preposition with the first
// parameter ("callees of" → "callees of fn").
func (s subject) withParam(words []string) string {
	if len(words) > 0 && prepositions[words[len(words)-1]] && s.param != "" {
		return phrase(words) + " " + s.param
	}
	return phrase(words)
}

// container describes a class-like chunk and its method count.
func container(c analysis.Chunk, words []string) clause {
	kind := string(c.Kind)
	if c.Kind == analysis.KindImpl {
		kind = "implementation"
	}
	cl := clause{rest: join("the", phrase(words), kind)}
	if n := len(c.Children); n > 0 {
		cl.rest += " with " + plural(n, "method")
	}
	return cl
}

// isConstructor reports whether c is a class's constructor.
func isConstructor(c analysis.Chunk) bool {
	lower := strings.ToLower(strings.Trim(lastComponent(c.Name), "_"))
	return c.Kind == analysis.KindConstructor || lower == "constructor" || lower == "init" && c.Lang == "python"
}

// isConstructorFunc reports whether c is a JavaScript function named like a
// class ("function ContentType(...)"), which is called with new.
func isConstructorFunc(c analysis.Chunk, name string) bool {
	if c.Lang != "javascript" || c.Kind != analysis.KindFunction || c.Facts.Receiver != "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// object is the thing a verb acts on: the rest of the name, else the
// receiver or first parameter.
func object(rest []string, s subject) string {
	if len(rest) == 1 && prepositions[rest[0]] {
		return strings.TrimSpace(rest[0] + " " + orElse(s.param, s.the()))
	}
	if len(rest) > 1 && prepositions[rest[0]] {
		return s.withParam(rest) // "checkForConflicts" → "checks for conflicts"
	}
	if len(rest) > 0 {
		return the(rest) + s.withParam(rest)
	}
	if s.param != "" {
		return "the " + s.param
	}
	if s.recv != "" {
		return s.the()
	}
	return ""
}

// determiners start noun phrases that take no article.
var determiners = setOf("all each every any some no this these those both either")

// the returns the article for a noun phrase: "the " unless it starts with a
// determiner ("all messages").
func the(words []string) string {
	if len(words) > 0 && determiners[words[0]] {
		return ""
	}
	return "the "
}

// forParam renders " for the given <param>", or nothing without one.
func forParam(param string) string {
	if param == "" {
		return ""
	}
	return " for the given " + param
}

// isThirdPerson reports whether w is a known verb in the third person
// ("stays", "matches", "applies").
func isThirdPerson(w string) bool {
	if len(w) < 3 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") {
		return false
	}
	return verbs[w[:len(w)-1]] || strings.HasSuffix(w, "es") && verbs[w[:len(w)-2]] ||
		strings.HasSuffix(w, "ies") && verbs[w[:len(w)-3]+"y"]
}

// the names the receiver with its determiner ("the bucket").
func (s subject) the() string {
	return orElse(s.this, "the") + " " + s.recv
}

// it names the subject of a predicate: "the server", "path" or "it".
func (s subject) it() string {
	switch {
	case s.recv != "":
		return s.the()
	case s.param != "":
		return s.param
	}
	return "it"
}

// of qualifies a noun with the receiver (" of the server"), or nothing.
func (s subject) of() string {
	if s.recv == "" || !s.owner {
		return ""
	}
	return " of " + s.the()
}

// join joins the non-empty parts with spaces; a part starting with a
// comma sticks to the one before it.
func join(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 && p[0] != ',' {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// orElse is the first of its arguments that is not empty.
func orElse(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// lastComponent strips receiver/class qualifiers from a chunk name.
func lastComponent(name string) string {
	if i := strings.LastIndexAny(name, ".:#"); i >= 0 {
		return name[i+1:]
	}
	return name
}

// receiverWords returns the receiver type name as words, from the facts or
// from the qualified chunk name ("Server.Handle").
func receiverWords(c analysis.Chunk) []string {
	return SplitName(receiverType(c))
}

// receiverType is the type name of c's receiver or class, or "".
func receiverType(c analysis.Chunk) string {
	return typeName(orElse(c.Facts.Receiver, receiverOf(c.Name)))
}

// receiverOf is the qualifier of a qualified chunk name ("Server" of
// "Server.Handle"), or "".
func receiverOf(name string) string {
	if i := strings.LastIndexAny(name, ".:#"); i > 0 {
		return name[:i]
	}
	return ""
}

// typeName extracts the base identifier of a type expression ("*pkg.T[K]"
// → "T"), or "" when there is none.
func typeName(t string) string {
	t = strings.TrimLeftFunc(t, func(r rune) bool { return !isIdent(r) })
	if i := strings.IndexAny(t, "[<("); i >= 0 {
		t = t[:i]
	}
	return lastComponent(strings.TrimRightFunc(t, func(r rune) bool { return !isIdent(r) }))
}

func isIdent(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

// paramWords names the first parameter as words, or "" without parameters.
// One- and two-letter names ("r", "s") are replaced by their type.
func paramWords(c analysis.Chunk) string {
	for _, p := range c.Facts.Params {
		t := typeName(p.Type)
		if t == "Context" || p.Name == "ctx" || t == "T" && p.Name == "t" {
			continue // plumbing, not the subject
		}
		if w := SplitName(p.Name); len(w) > 1 && predicates[w[0]] || builtinTypes[t] && (t == "bool" || t == "boolean") {
			return "" // a flag, not the subject
		}
		if len(p.Name) > 2 || p.Type == "" {
			return phrase(SplitName(p.Name))
		}
		if builtinTypes[t] {
			return ""
		}
		return phrase(SplitName(t))
	}
	return ""
}

// builtinTypes say nothing about what a short-named parameter is.
var builtinTypes = setOf("int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr float32 float64 float double long short char bool boolean byte rune string str any object Object interface")

// resultWords names the first non-error declared result type as words;
// Self (Rust) is the receiver.
func resultWords(c analysis.Chunk, recv string) string {
	for _, r := range c.Facts.Results {
		t := typeName(r)
		if t == "Self" {
			return recv
		}
		if w := SplitName(t); len(w) > 0 && r != "error" {
			return phrase(w)
		}
	}
	return ""
}

// returnsBool reports whether the chunk's only declared result is a boolean.
func returnsBool(c analysis.Chunk) bool {
	if len(c.Facts.Results) != 1 {
		return false
	}
	switch c.Facts.Results[0] {
	case "bool", "boolean", "Boolean", "bool_t", "_Bool":
		return true
	}
	return false
}

// returnsValue reports whether the chunk declares results or returns a value.
func returnsValue(c analysis.Chunk) bool {
	for _, r := range c.Facts.Results {
		switch r {
		case "void", "None", "()", "error", "Promise<void>":
		default:
			return true
		}
	}
	return len(c.Facts.Results) == 0 && c.Facts.Returns > 0
}
