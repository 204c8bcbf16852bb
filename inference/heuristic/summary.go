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
}

// generate builds a one-sentence summary from the chunk's name and facts.
func generate(c analysis.Chunk) string {
	s := subject{recv: phrase(receiverWords(c)), param: paramWords(c)}
	name := lastComponent(c.Name)
	words := SplitName(name)
	lower := strings.ToLower(strings.Trim(name, "_"))
	switch {
	case c.Kind == analysis.KindWindow:
		return sentence(fmt.Sprintf("lines %d to %d of the file", c.Range.Start.Line+1, c.Range.End.Line+1))
	case c.Kind.IsContainer():
		return container(c, words)
	case c.Kind == analysis.KindConstructor || lower == "init" && c.Lang == "python" || lower == "constructor":
		return sentence("creates a new", orElse(s.recv, phrase(words)))
	case isConstructorFunc(c, name):
		return sentence("creates a new", phrase(words))
	case stringers[lower] && s.recv != "":
		return sentence("returns a string representation of the", s.recv)
	case strings.HasPrefix(name, "__") && dunders[lower] != "" && s.recv != "":
		return sentence(dunders[lower], "the", s.recv)
	case len(words) == 0:
		return sentence("runs", "the anonymous function")
	case lower == "main":
		return sentence("runs the program")
	case lower == "init" && c.Lang == "go" && s.recv == "":
		return sentence("initializes the package")
	}
	first, rest := strings.ToLower(words[0]), words[1:]
	if full, ok := verbAliases[first]; ok {
		first = full
	}
	switch {
	case first == "get" && len(rest) == 0:
		return sentence("returns the value", orElse(forParam(s.param), s.of()))
	case first == "get" && len(rest) > 0:
		return sentence("returns", the(rest)+s.noun(rest))
	case predicates[first]:
		return sentence("reports whether", s.it(), first, orElse(phrase(rest), s.param))
	case first == "new" || first == "create" && len(rest) > 0:
		obj := orElse(phrase(rest), orElse(resultWords(c), s.recv))
		return sentence("returns", article(obj), "new", obj)
	case first == "from" && len(rest) > 0 && s.recv != "":
		return sentence("creates", article(s.recv), s.recv, "from the", phrase(rest))
	case first == "with" && len(rest) > 0:
		return sentence("sets the", phrase(rest))
	case first == "on" && len(rest) > 0:
		return sentence("handles the", phrase(rest), "event")
	case (first == "to" || first == "as") && len(rest) > 0:
		return sentence("converts", s.it(), "to", phrase(rest))
	case verbs[first]:
		obj := object(rest, s)
		if s.recv == "" && !strings.Contains(obj, s.param) {
			obj += forParam(s.param)
		}
		return sentence(thirdPerson(first), obj)
	case returnsBool(c) && isThirdPerson(words[0]):
		return sentence("reports whether", s.it(), phrase(words))
	case returnsBool(c) && len(words) > 1 && isThirdPerson(words[len(words)-1]):
		return sentence("reports whether", phrase(words))
	case returnsBool(c):
		return sentence("reports whether", s.it(), "is", phrase(words))
	case returnsValue(c):
		return sentence("returns", the(words)+s.noun(words))
	}
	return sentence("handles", the(words)+s.noun(words))
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
func container(c analysis.Chunk, words []string) string {
	kind := string(c.Kind)
	if c.Kind == analysis.KindImpl {
		kind = "implementation"
	}
	s := sentence("defines the", phrase(words), kind)
	if n := len(c.Children); n > 0 {
		s = strings.TrimSuffix(s, ".") + " with " + plural(n, "method") + "."
	}
	return s
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
		return strings.TrimSpace(rest[0] + " " + orElse(s.param, "the "+s.recv))
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
		return "the " + s.recv
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

// it names the subject of a predicate: "the server", "path" or "it".
func (s subject) it() string {
	switch {
	case s.recv != "":
		return "the " + s.recv
	case s.param != "":
		return s.param
	}
	return "it"
}

// of qualifies a noun with the receiver (" of the server"), or nothing.
func (s subject) of() string {
	if s.recv == "" {
		return ""
	}
	return " of the " + s.recv
}

// sentence joins the non-empty parts with spaces, capitalized and ended
// with a period.
func sentence(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return capitalize(b.String()) + "."
}

func orElse(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
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
	recv := c.Facts.Receiver
	if recv == "" {
		if i := strings.LastIndexAny(c.Name, ".:#"); i > 0 {
			recv = c.Name[:i]
		}
	}
	return SplitName(typeName(recv))
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

// resultWords names the first non-error declared result type as words.
func resultWords(c analysis.Chunk) string {
	for _, r := range c.Facts.Results {
		if w := SplitName(typeName(r)); len(w) > 0 && r != "error" {
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
