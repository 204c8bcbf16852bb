package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// The split regexes of the supported byte-level tokenizers, as written in
// tokenizer.json. Go's regexp lacks the lookahead in `\s+(?!\S)`, so each is
// implemented by a hand-written scanner (pattern.match) that returns exactly
// the matches a backtracking regex engine finds, scanning left to right.
const (
	// regexGPT2 is GPT-2's pattern, also built into the ByteLevel pre-tokenizer.
	regexGPT2 = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
	// regexLlama3 is Llama 3's pattern (also SmolLM3, DeepSeek-V3 style).
	regexLlama3 = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// regexQwen2 is the pattern of Qwen2, Qwen2.5, Qwen2.5-Coder and Qwen3.
	regexQwen2 = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
)

// matcher splits text for a pre-tokenizer stage: match returns the end of
// the piece that starts at s[i], i < len(s).
type matcher interface {
	match(s string, i int) int
}

// digits is the Digits pre-tokenizer (SmolLM): runs of ASCII digits, or
// single digits with individual_digits, and runs of anything else. Digits
// are ASCII as in the reference, whose regex uses JavaScript's \d.
type digits struct{ individual bool }

func (d digits) match(s string, i int) int {
	isDigit := func(j int) bool { return '0' <= s[j] && s[j] <= '9' }
	if isDigit(i) && d.individual {
		return i + 1
	}
	want := isDigit(i)
	j := i + 1
	for j < len(s) && isDigit(j) == want {
		j++
	}
	return j
}

// pattern is one of the supported split regexes, described by the few ways
// in which they differ.
type pattern struct {
	// foldContractions matches 's, 't, ... in any ASCII case: (?i:...).
	foldContractions bool
	// otherPrefix allows any one rune but \r, \n, letters and numbers before a
	// letter run ([^\r\n\p{L}\p{N}]?\p{L}+); otherwise only a space ( ?\p{L}+).
	otherPrefix bool
	// maxDigits bounds a number run (\p{N}{1,n}); 0 means unbounded with an
	// optional leading space ( ?\p{N}+).
	maxDigits int
	// newlines enables [\r\n]* after punctuation and the \s*[\r\n]+ branch.
	newlines bool
	// space is the regex's \s.
	space func(rune) bool
}

var (
	patternGPT2   = &pattern{space: jsSpace}
	patternLlama3 = &pattern{foldContractions: true, otherPrefix: true, maxDigits: 3, newlines: true, space: unicode.IsSpace}
	patternQwen2  = &pattern{foldContractions: true, otherPrefix: true, maxDigits: 1, newlines: true, space: unicode.IsSpace}
)

// splitPatterns are the patterns a Split pre-tokenizer may name. There \s is
// Unicode White_Space (as in Oniguruma, and as the reference rewrites it).
var splitPatterns = map[string]*pattern{
	regexGPT2:   {space: unicode.IsSpace},
	regexLlama3: patternLlama3,
	regexQwen2:  patternQwen2,
}

// jsSpace is JavaScript's \s and String.prototype.trim set: White_Space
// without U+0085, plus U+FEFF. The reference compiles the ByteLevel
// pre-tokenizer's built-in regex natively, so there \s means this set.
func jsSpace(r rune) bool {
	switch r {
	case 0x85:
		return false
	case 0xFEFF:
		return true
	}
	return unicode.IsSpace(r)
}

type runeClass uint8

const (
	classOther runeClass = iota
	classLetter
	classNumber
	classSpace
)

// asciiClass classifies ASCII runes; \s and White_Space agree on ASCII.
var asciiClass [utf8.RuneSelf]runeClass

func init() {
	for r := rune(0); r < utf8.RuneSelf; r++ {
		switch {
		case unicode.IsLetter(r):
			asciiClass[r] = classLetter
		case unicode.IsNumber(r):
			asciiClass[r] = classNumber
		case unicode.IsSpace(r):
			asciiClass[r] = classSpace
		}
	}
}

// at decodes the rune at s[i] and classifies it. Past the end it returns
// class classOther with size 0; an invalid byte is U+FFFD (a symbol).
func (p *pattern) at(s string, i int) (r rune, size int, c runeClass) {
	if i >= len(s) {
		return -1, 0, classOther
	}
	if b := s[i]; b < utf8.RuneSelf {
		return rune(b), 1, asciiClass[b]
	}
	r, size = utf8.DecodeRuneInString(s[i:])
	switch {
	case unicode.IsLetter(r):
		c = classLetter
	case unicode.IsNumber(r):
		c = classNumber
	case p.space(r):
		c = classSpace
	}
	return r, size, c
}

// run returns the end of the run of runes of class c starting at i,
// stopping after max runes unless max is negative.
func (p *pattern) run(s string, i int, c runeClass, max int) int {
	for n := 0; max < 0 || n < max; n++ {
		_, size, ci := p.at(s, i)
		if size == 0 || ci != c {
			break
		}
		i += size
	}
	return i
}

// contraction returns the end of 's, 't, 're, 've, 'm, 'll or 'd at s[i]
// (s[i] is the apostrophe), or 0.
func (p *pattern) contraction(s string, i int) int {
	lower := func(j int) byte {
		if j >= len(s) {
			return 0
		}
		b := s[j]
		if p.foldContractions && 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		return b
	}
	switch lower(i + 1) {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if lower(i+2) == 'e' {
			return i + 3
		}
	case 'l':
		if lower(i+2) == 'l' {
			return i + 3
		}
	}
	return 0
}

// match returns the end of the match that starts at s[i], i < len(s). Every
// rune is covered by some branch, so matches tile the input.
func (p *pattern) match(s string, i int) int {
	r, size, c := p.at(s, i)
	if r == '\'' {
		if e := p.contraction(s, i); e > 0 {
			return e
		}
	}
	next := i + size
	_, nsize, nc := p.at(s, next)
	// Letters, with an optional one-rune prefix.
	if c == classLetter {
		return p.run(s, next, classLetter, -1)
	}
	prefixOK := r == ' '
	if p.otherPrefix {
		prefixOK = c != classNumber && r != '\r' && r != '\n'
	}
	if prefixOK && nc == classLetter {
		return p.run(s, next+nsize, classLetter, -1)
	}
	// Numbers.
	if c == classNumber {
		return p.run(s, next, classNumber, p.maxDigits-1)
	}
	if p.maxDigits == 0 && r == ' ' && nc == classNumber {
		return p.run(s, next, classNumber, -1)
	}
	// Punctuation and symbols, with an optional leading space.
	if c == classOther || (r == ' ' && nc == classOther && nsize > 0) {
		start := next
		if c != classOther {
			start = next + nsize
		}
		e := p.run(s, start, classOther, -1)
		if p.newlines {
			for e < len(s) && (s[e] == '\r' || s[e] == '\n') {
				e++
			}
		}
		return e
	}
	// Whitespace: c == classSpace.
	end := p.run(s, i, classSpace, -1)
	if p.newlines {
		// \s*[\r\n]+ ends after the last newline of the run.
		for k := end - 1; k >= i; k-- {
			if s[k] == '\r' || s[k] == '\n' {
				return k + 1
			}
		}
	}
	if end == len(s) {
		return end
	}
	// \s+(?!\S): give back the last rune, if that leaves at least one.
	_, last := utf8.DecodeLastRuneInString(s[i:end])
	if end-last > i {
		return end - last
	}
	return end
}
