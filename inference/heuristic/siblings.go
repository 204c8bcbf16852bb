package heuristic

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// frame is the phrasing of a documented function's first sentence around
// the object of its name: "Retrieves whether this database supports " +
// object + "." for supportsBatchUpdates. A function of the same file
// whose name starts with the same verb is described in the same frame,
// with its own object ("supports transactions").
type frame struct {
	pre, post   string // the sentence before and after the object, each a run of words
	lead, trail string // punctuation glued to the object ("`" … "`.")
	single      bool   // the object was written as one identifier ("`isArray`", "SQLException")
	name        bool   // the sentence starts with the function's name (Go)
	upper       bool   // the object starts the sentence with a capital
}

// frameCount is a frame and how many documented functions use it, in the
// order they were first seen.
type frameCount struct {
	f     frame
	n     int
	words []string // the lower-case words of the names that use it
	at    []int    // where those functions start in the file
}

// nameObject is what a chunk's name says it acts on, after its leading
// verb: the words ("batch updates") and the identifier they come from
// ("BatchUpdates"). Names that are nouns ("size") are all object; a
// constructor's object is its class. ok is false without an object.
func nameObject(c analysis.Chunk, key string) (words []string, ident string, ok bool) {
	if key == ctorKey {
		ident = receiverType(c)
		return SplitName(ident), ident, ident != ""
	}
	_, name := namespace(c, lastComponent(c.Name))
	words = SplitName(name)
	if key != nounKey {
		if len(words) < 2 {
			return nil, "", false
		}
		name = strings.TrimLeft(name[afterFirstWord(name):], "_-$")
		words = words[1:]
	}
	return words, name, len(words) > 0 && name != ""
}

// afterFirstWord is the byte offset just past the first word of an
// identifier ("get" of "getFooBar", "get_" of "get_foo_bar").
func afterFirstWord(name string) int {
	start := strings.IndexFunc(name, func(r rune) bool { return r != '_' && r != '$' })
	if start < 0 {
		return len(name)
	}
	upperRun := 0
	for i, r := range name[start:] {
		switch {
		case i == 0:
			if unicode.IsUpper(r) {
				upperRun = 1
			}
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return start + i
		case unicode.IsUpper(r) && upperRun == 0:
			return start + i // "getFoo": the capital starts the object
		case unicode.IsUpper(r):
			upperRun++
		case upperRun > 1:
			return start + i - 1 // "HTTPServer": the last capital starts the next word
		default:
			upperRun = 0
		}
	}
	return len(name)
}

// frameOf cuts the object of c's name out of its doc sentence, reporting
// false when the sentence does not name it.
func frameOf(c analysis.Chunk, key, doc string) (frame, bool) {
	words, _, ok := nameObject(c, key)
	if !ok || prepositions[strings.ToLower(words[0])] {
		return frame{}, false // "forEach" is no object
	}
	toks := strings.Fields(doc)
	f := frame{}
	from := 0
	if len(toks) > 1 && strings.Trim(toks[0], "`*()[]") == lastComponent(c.Name) {
		f.name, from = true, 1
	}
	i, n := findWords(toks[from:], words)
	if i < 0 {
		if i, n = findWords(toks[from:], []string{strings.Join(words, "")}); i < 0 {
			return frame{}, false
		}
		f.single = len(words) > 1
	}
	i += from
	first, last := toks[i], toks[i+n-1]
	f.lead = first[:strings.IndexFunc(first, isWordRune)]
	f.trail = last[strings.LastIndexFunc(last, isWordRune)+1:]
	f.single = f.single || strings.ContainsAny(f.lead, codeMarks) // ``known_args``, not ``known args``
	f.upper = i == 0 && unicode.IsUpper([]rune(first[len(f.lead):])[0])
	f.pre = strings.Join(toks[from:i], " ")
	f.post = strings.Join(toks[i+n:], " ")
	return f, true
}

// findWords finds words, compared by their letters and digits without
// case, as a run of toks: its index and length, or -1.
func findWords(toks, words []string) (int, int) {
	n := len(words)
	for i := 0; i+n <= len(toks); i++ {
		match := true
		for k, w := range words {
			if !sameWord(core(toks[i+k]), strings.ToLower(w)) {
				match = false
				break
			}
		}
		if match {
			return i, n
		}
	}
	return -1, 0
}

// core is a token's letters and digits, lower-cased ("`isArray`." → "isarray").
func core(tok string) string {
	var b strings.Builder
	for _, r := range tok {
		if isWordRune(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// codeMarks open an identifier written as code in a doc comment.
const codeMarks = "`'\"*<"

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// addSibling records the documented chunk c with its doc sentence, and
// counts its frame.
func (t *styleTally) addSibling(c analysis.Chunk, doc string) {
	key := nameVerb(c)
	if key == "" {
		return
	}
	toks, words := strings.Fields(doc), lowerWords(c)
	cores := make([]string, len(toks))
	for i, tok := range toks {
		cores[i] = core(tok)
	}
	t.siblings = append(t.siblings, sibling{key: key, name: lastComponent(c.Name), recv: receiverType(c),
		words: words, doc: toks, cores: cores, at: c.Range.StartByte})
	f, ok := frameOf(c, key, doc)
	if !ok {
		return
	}
	if t.frames == nil {
		t.frames = map[string][]frameCount{}
	}
	for i := range t.frames[key] {
		if fc := &t.frames[key][i]; fc.f == f {
			fc.n++
			fc.words = append(fc.words, words...)
			fc.at = append(fc.at, c.Range.StartByte)
			return
		}
	}
	t.frames[key] = append(t.frames[key], frameCount{f: f, n: 1, words: words, at: []int{c.Range.StartByte}})
}

// framed is n's sentence in the one of frames (those of n's name verb)
// whose names share most words with n's, then the most used, then the
// nearest in the file; "" when none applies.
func (n named) framed(frames []frameCount) string {
	c, key, words := n.c, n.key, n.words
	best, bestShared, bestDist := frameCount{}, -1, 0
	for _, fc := range frames {
		shared := 0
		for _, w := range words {
			if slices.Contains(fc.words, w) {
				shared++
			}
		}
		dist := math.MaxInt
		for _, at := range fc.at {
			dist = min(dist, abs(at-c.Range.StartByte))
		}
		if shared > bestShared || shared == bestShared && (fc.n > best.n || fc.n == best.n && dist < bestDist) {
			best, bestShared, bestDist = fc, shared, dist
		}
	}
	if best.n == 0 {
		return ""
	}
	obj, ident, ok := nameObject(c, key)
	if !ok {
		return ""
	}
	f := best.f
	text := phrase(obj)
	if f.single {
		text = ident
	} else if f.upper {
		text = capitalize(text)
	}
	var name string
	if f.name {
		name = lastComponent(c.Name)
	}
	pre := f.pre
	if f.lead == "" {
		i := strings.LastIndexByte(pre, ' ')
		pre = pre[:i+1] + agree(pre[i+1:], text)
	}
	return join(name, pre, f.lead+text+f.trail, f.post)
}

// lowerWords are the lower-case words of c's name.
func lowerWords(c analysis.Chunk) []string {
	words := SplitName(c.Name)
	for i, w := range words {
		words[i] = strings.ToLower(w)
	}
	return words
}

// sameWord reports whether a doc word is a name word, or its plural or
// singular ("warning" for "warnings").
func sameWord(doc, name string) bool {
	return doc == name || doc == name+"s" || name == doc+"s" && len(doc) > 2
}

// maxSubstituted is the most words of a sibling's name replaced in its
// sentence.
const maxSubstituted = 2

// likeSiblings is c's sentence as the file's documented functions suggest
// it, or "": the sentence of a sibling whose name shares at least two
// words with c's and differs in at most one, else the frame of c's name
// verb, else a sibling's sentence where up to maxSubstituted words differ
// (none: the same name in another class or an overload).
func likeSiblings(c analysis.Chunk, st style) string {
	if len(st.siblings) == 0 {
		return ""
	}
	n := named{c: c, key: nameVerb(c), words: lowerWords(c)}
	return orElse(n.substituted(st.siblings, 1, 2), n.framed(st.frames[n.key]), n.substituted(st.siblings, maxSubstituted, 1))
}

// named is a chunk with its name verb and the lower-case words of its name.
type named struct {
	c     analysis.Chunk
	key   string
	words []string
}

// sibling is a documented function of the file: its name verb, the
// lower-case words of its name and the words of its doc sentence.
type sibling struct {
	key   string
	name  string // the last component of its name ("addResultVar")
	recv  string // its receiver or class type ("Vector"), or ""
	words []string
	doc   []string
	cores []string // the core of each word of doc
	at    int      // where it starts in the file
}

// substituted is the doc sentence of the sibling whose name differs from
// n's in the fewest words (at most most, sharing at least shared), the
// nearest in the file among equals, those words replaced by c's ("Resets
// the accumulated stats." for reset_accumulated_memory_stats becomes
// "Resets the peak stats." for reset_peak_memory_stats), and the sibling's
// own name and class by c's; "" when no sibling of the same name verb and
// word count names the words that differ.
func (n named) substituted(siblings []sibling, most, shared int) string {
	c, key, words := n.c, n.key, n.words
	var best *sibling
	bestDiff, bestDist := min(len(words), most+1), 0
	for i := range siblings {
		s := &siblings[i]
		if s.key != key || len(s.words) != len(words) {
			continue
		}
		d, dist := differing(s, words), abs(s.at-c.Range.StartByte)
		if d >= 0 && len(words)-d >= shared && (d < bestDiff || d == bestDiff && dist < bestDist) {
			best, bestDiff, bestDist = s, d, dist
		}
	}
	if best == nil {
		return ""
	}
	name, spelled, recv := lastComponent(c.Name), SplitName(c.Name), receiverType(c)
	out := slices.Clone(best.doc)
	for k, tok := range out {
		switch bare := strings.Trim(tok, "`*()[],.:;'\""); {
		case bare == best.name:
			out[k] = strings.Replace(tok, best.name, name, 1) // Go: "addResultVar adds …"
			continue
		case bare == best.recv && bare != "" && recv != "":
			out[k] = strings.Replace(tok, best.recv, recv, 1) // "The add operator for Vector."
			continue
		}
		for i, w := range best.words {
			if w != words[i] && best.cores[k] == w {
				out[k] = replaceCore(tok, spelled[i])
				if k > 0 {
					out[k-1] = agree(out[k-1], spelled[i])
				}
			}
		}
	}
	return strings.Join(out, " ")
}

// differing counts the words of s's name that differ from words, or
// returns -1 when one of them is not in s's doc sentence.
func differing(s *sibling, words []string) int {
	n := 0
	for i, w := range s.words {
		if w == words[i] {
			continue
		}
		if !slices.Contains(s.cores, w) {
			return -1
		}
		n++
	}
	return n
}

// replaceCore replaces the word of tok by w, keeping the punctuation
// around it and a leading capital.
func replaceCore(tok, w string) string {
	start := strings.IndexFunc(tok, isWordRune)
	end := strings.LastIndexFunc(tok, isWordRune) + 1
	if unicode.IsUpper([]rune(tok[start:])[0]) {
		w = capitalize(w)
	}
	return tok[:start] + w + tok[end:]
}

// agree is the article det ("a", "An") fitted to the word that now
// follows it ("an instant" → "a local date time"); other words are kept.
func agree(det, word string) string {
	switch det {
	case "a", "an":
		return article(word)
	case "A", "An":
		return capitalize(article(word))
	}
	return det
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
