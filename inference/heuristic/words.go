package heuristic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitName splits an identifier into its words: camelCase, PascalCase,
// snake_case, kebab-case and digits all separate words ("parseHTTPRequest2"
// → parse, HTTP, request, 2). Acronyms keep their case, other words are
// lower-cased. A qualified name ("Server.Handle") yields the words of its
// last component only.
func SplitName(name string) []string {
	var words []string
	runes := []rune(lastComponent(name))
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, normalizeWord(string(runes[start:end])))
		}
		start = -1
	}
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush(i)
			continue
		case start < 0:
			start = i
			continue
		}
		prev := runes[i-1]
		switch {
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev) && !mixedCase(runes, start, i):
			flush(i)
			start = i
		case unicode.IsLower(r) && unicode.IsUpper(prev) && i-1 > start:
			// "HTTPServer": the last capital starts the next word.
			flush(i - 1)
			start = i - 1
		}
	}
	flush(len(runes))
	return words
}

// mixedCase reports whether a one-letter lower-case word at start runs into
// an acronym at i, as in "cJSON", "iOS", "eBPF", which stay one word.
func mixedCase(runes []rune, start, i int) bool {
	if i-start != 1 || i+1 >= len(runes) || !unicode.IsUpper(runes[i+1]) {
		return false
	}
	end := i
	for end < len(runes) && unicode.IsUpper(runes[end]) {
		end++
	}
	return end == len(runes) || !unicode.IsLower(runes[end])
}

// normalizeWord lower-cases w unless it is an acronym of two or more capitals.
func normalizeWord(w string) string {
	if utf8.RuneCountInString(w) >= 2 && strings.ToUpper(w[1:]) == w[1:] && strings.ToLower(w) != w {
		return w // "HTTP", and "cJSON"
	}
	return strings.ToLower(w)
}

// Baseline is the reference point of the eval command: the chunk name split
// into words, lower-cased, joined by spaces ("parseConfigFile" → "parse
// config file").
func Baseline(name string) string {
	return strings.ToLower(strings.Join(SplitName(name), " "))
}

// irregular third-person forms and verbs whose form needs no rule.
var irregular = map[string]string{
	"do": "does", "go": "goes", "be": "is", "have": "has", "undo": "undoes", "redo": "redoes",
}

// phrasal verbs written as one word in names.
var phrasal = map[string]string{
	"cleanup": "clean up", "setup": "set up", "shutdown": "shut down", "lookup": "look up",
	"rollback": "roll back", "teardown": "tear down", "startup": "start up", "backup": "back up",
	"checkout": "check out", "login": "log in", "logout": "log out", "signup": "sign up",
}

// baseForm spells a verb of a name as written in a sentence ("cleanup" →
// "clean up").
func baseForm(verb string) string {
	return orElse(phrasal[verb], verb)
}

// thirdPerson conjugates a verb in the third person singular ("parse" →
// "parses", "flush" → "flushes", "apply" → "applies", "cleanup" → "cleans up").
func thirdPerson(verb string) string {
	if f, ok := irregular[verb]; ok {
		return f
	}
	if first, particle, ok := strings.Cut(baseForm(verb), " "); ok {
		return thirdPerson(first) + " " + particle
	}
	n := len(verb)
	switch {
	case n == 0:
		return verb
	case strings.HasSuffix(verb, "s"), strings.HasSuffix(verb, "x"), strings.HasSuffix(verb, "z"),
		strings.HasSuffix(verb, "ch"), strings.HasSuffix(verb, "sh"):
		return verb + "es"
	case n > 1 && verb[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(verb[n-2])):
		return verb[:n-1] + "ies"
	}
	return verb + "s"
}

// baseOf undoes thirdPerson for the regular verbs of this package's
// phrase tables ("returns" → "return", "finalizes" → "finalize").
func baseOf(third string) string {
	switch {
	case strings.HasSuffix(third, "ies"):
		return strings.TrimSuffix(third, "ies") + "y"
	case strings.HasSuffix(third, "shes"), strings.HasSuffix(third, "ches"), strings.HasSuffix(third, "sses"), strings.HasSuffix(third, "xes"):
		return strings.TrimSuffix(third, "es")
	}
	return strings.TrimSuffix(third, "s")
}

// verbs is the set of words read as a leading verb in a function name.
var verbs = setOf(`abort accept acquire activate add adjust advance allocate allow append apply
	assert assign attach authenticate authorize await begin bind block boot broadcast buffer build
	bump cache calculate call cancel capture change check clean cleanup clear clip clone close
	collect combine commit compare compile complete compress compute configure connect consume
	convert copy count create crop deactivate debug declare decode decompress decrement decrypt
	define delete deliver denormalize deploy dequeue describe deserialize destroy detach detect
	disable discard disconnect dispatch display dispose divide do download drain draw drop dump
	emit enable encode encrypt end enqueue ensure enter enumerate erase escape evaluate exec
	execute exit expand expect expire export extend extract fail fetch fill filter finalize find
	finish fire fix flatten flip flush fold force format forward free freeze generate grow guard
	handle hash hide highlight hydrate identify ignore import include increment index infer init
	initialize inject insert inspect install intercept interpret invalidate invoke iterate join
	keep kill launch layout leave limit link list listen load lock log lookup make map mark match
	measure merge migrate mount move multiply mutate navigate negate normalize notify observe open
	optimize order output overwrite pack pad paint parse patch pause peek perform persist pick
	ping place plot poll pop populate post prepare prepend preserve print process produce promote
	prompt provide prune publish pull purge push put query queue quit quote raise read rebuild
	receive recompute reconcile record recover redirect reduce refresh register reject release
	reload remove rename render reorder repair repeat replace reply report request require rerun
	reserve reset resize resolve restart restore resume retrieve retry return reverse revert
	rewind rewrite rollback rotate round route run sanitize save scale scan schedule scroll search
	seed seek select send serialize serve set setup shift show shuffle shutdown sign simplify skip
	sleep slice sort spawn split start stash stay step stop store stream strip submit subscribe
	substitute subtract swap switch sync tag take tear terminate test throw tick toggle tokenize
	touch trace track transform translate traverse trigger trim truncate try unbind unescape
	unify uninstall unlink unload unlock unmarshal marshal unmount unpack unregister unset
	unsubscribe unwrap update upgrade upload upsert use validate verify visit wait walk warn
	watch work wrap write yield zip analyze approximate associate canonicalize coerce collapse concat
	construct decorate deduplicate demangle derive duplicate edit eliminate embed evict expose fit
	fuse gather group guess hook integrate intern invert lex lint mangle minimize maximize modify
	narrow obtain predict prefetch preprocess probe propagate quantize rank refine reformat
	reindex remap reshape respond retain shrink simulate solve specialize squash stringify
	summarize supply suspend synchronize transpose unroll unquote unzip widen typecheck inline lift
	locate materialize memoize fold sample train warn emulate`)

// verbAliases expand abbreviated leading verbs.
var verbAliases = map[string]string{
	"init": "initialize", "exec": "execute", "calc": "calculate", "gen": "generate", "del": "delete",
	"rm": "remove", "inc": "increment", "dec": "decrement", "cmp": "compare", "eval": "evaluate",
	"mk": "make", "conv": "convert", "alloc": "allocate", "dealloc": "deallocate", "fmt": "format",
	"prep": "prepare", "chk": "check", "recv": "receive", "upd": "update",
}

// prepositions end names whose object is the first parameter ("CalleesOf").
var prepositions = setOf("of for by from to in at with on into")

// setOf returns the set of the whitespace-separated words of s.
func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// phrase joins words with spaces.
func phrase(words []string) string {
	return strings.Join(words, " ")
}

// article returns "an" before a vowel sound and "a" otherwise.
func article(word string) string {
	if word == "" {
		return "a"
	}
	if strings.ContainsRune("aeiouAEIOU", rune(word[0])) && !strings.HasPrefix(strings.ToLower(word), "u") {
		return "an"
	}
	return "a"
}

// compoundWords are the words a run-together lower-case name is split
// into, besides the verbs ("doublestarmap" → double, star, map).
var compoundWords = setOf(`double single star map list dict set tuple args kwargs name names key keys value
	values item items file path line lines node type types token tokens text string char byte bytes data
	size len count index time date config option options state status error result results event handler
	object class module func function method attr field header body request response server client user
	table row column cell buffer stream queue stack tree graph edge root parent child children next prev
	first last all default local global base new old raw temp tmp max min sum num id url get is has`)

// splitCompounds splits each long all-lower-case word that is two or three
// known words run together; other words are kept.
func splitCompounds(words []string) []string {
	var out []string
	for _, w := range words {
		if parts := compound(w, 3); len(w) >= 7 && !verbs[w] && len(parts) > 1 {
			out = append(out, parts...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// compound splits w into at most n known words (longest first), or nil.
func compound(w string, n int) []string {
	if known(w) {
		return []string{w}
	}
	if n <= 1 {
		return nil
	}
	for i := len(w) - 2; i >= 2; i-- {
		if !known(w[:i]) {
			continue
		}
		if rest := compound(w[i:], n-1); rest != nil {
			return append([]string{w[:i]}, rest...)
		}
	}
	return nil
}

func known(w string) bool {
	return len(w) >= 2 && (verbs[w] || compoundWords[w])
}
