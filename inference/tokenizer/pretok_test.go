package tokenizer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The scanner is checked against an oracle built from Go regexps, one per
// alternative of the tokenizer regex, tried in order at each position as a
// backtracking engine does. RE2 has no lookahead, so `\s+(?!\S)` is written
// out literally: the longest run of \s after which the text ends or another
// \s follows.

const (
	whiteSpace   = `\t\n\v\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}`
	jsWhiteSpace = `\t\n\v\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}`
)

// lookahead marks the `\s+(?!\S)` alternative in an oracle.
const lookahead = "LOOKAHEAD"

type oracle struct {
	alts  []*regexp.Regexp // nil where the alternative is lookahead
	space *regexp.Regexp   // one \s rune
}

func newOracle(ws string, alts ...string) *oracle {
	o := &oracle{space: regexp.MustCompile(`^[` + ws + `]`)}
	for _, a := range alts {
		if a == lookahead {
			o.alts = append(o.alts, nil)
			continue
		}
		o.alts = append(o.alts, regexp.MustCompile(`^(?:`+a+`)`))
	}
	return o
}

func gpt2Oracle(ws string) *oracle {
	return newOracle(ws, `'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`, ` ?\pL+`, ` ?\pN+`,
		` ?[^`+ws+`\pL\pN]+`, lookahead, `[`+ws+`]+`)
}

func llamaOracle(digits string) *oracle {
	ws := whiteSpace
	return newOracle(ws, `'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]`, `[^\r\n\pL\pN]?\pL+`, `\pN`+digits,
		` ?[^`+ws+`\pL\pN]+[\r\n]*`, `[`+ws+`]*[\r\n]+`, lookahead, `[`+ws+`]+`)
}

// split returns the pieces the regex yields for s.
func (o *oracle) split(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		n := 0
		for _, re := range o.alts {
			if re == nil {
				n = o.lookahead(s[i:])
			} else if m := re.FindStringIndex(s[i:]); m != nil {
				n = m[1]
			}
			if n > 0 {
				break
			}
		}
		if n == 0 { // no alternative matches: an unmatched rune
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		out = append(out, s[i:i+n])
		i += n
	}
	return out
}

func (o *oracle) lookahead(s string) int {
	var ends []int // rune boundaries within the leading \s run
	for j := 0; j < len(s); {
		m := o.space.FindStringIndex(s[j:])
		if m == nil {
			break
		}
		j += m[1]
		ends = append(ends, j)
	}
	for k := len(ends) - 1; k >= 0; k-- {
		e := ends[k]
		if e == len(s) || o.space.MatchString(s[e:]) {
			return e
		}
	}
	return 0
}

func scan(p *pattern, s string) []string {
	var out []string
	for i := 0; i < len(s); {
		e := p.match(s, i)
		out = append(out, s[i:e])
		i = e
	}
	return out
}

var scannerCases = []struct {
	name string
	pat  *pattern
	re   *oracle
}{
	{"gpt2-bytelevel", patternGPT2, gpt2Oracle(jsWhiteSpace)},
	{"gpt2-split", splitPatterns[regexGPT2], gpt2Oracle(whiteSpace)},
	{"llama3", patternLlama3, llamaOracle(`{1,3}`)},
	{"qwen2", patternQwen2, llamaOracle(``)},
}

func TestScannerExamples(t *testing.T) {
	tests := []struct {
		pat  *pattern
		in   string
		want []string
	}{
		{patternQwen2, "hello  world", []string{"hello", " ", " world"}},
		{patternQwen2, "a   \n\n  b", []string{"a", "   \n\n", " ", " b"}},
		{patternQwen2, "x  ", []string{"x", "  "}},
		{patternQwen2, "12345", []string{"1", "2", "3", "4", "5"}},
		{patternLlama3, "12345", []string{"123", "45"}},
		{patternQwen2, "I'M OK", []string{"I", "'M", " OK"}},
		{patternGPT2, "I'M OK", []string{"I", "'", "M", " OK"}},
		{patternQwen2, "\tfoo(bar)\r\n", []string{"\tfoo", "(bar", ")\r\n"}},
		{patternGPT2, " 123 abc", []string{" 123", " abc"}},
		{patternQwen2, "a\u0085\u0085b", []string{"a", "\u0085", "\u0085b"}},
		{patternGPT2, "a \u0085\u0085b", []string{"a", " \u0085\u0085", "b"}},
	}
	for _, tt := range tests {
		if got := scan(tt.pat, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("scan(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestScannerMatchesOracle runs both on the hard cases and the first lines
// (up to 2 KB) of each corpus file; the regexp oracle is slow, and much
// slower with -race.
func TestScannerMatchesOracle(t *testing.T) {
	texts := hardCases(t)
	for _, c := range readReference(t, "qwen3").Cases {
		s := sourceText(t, c.Source)
		if len(s) > 2<<10 {
			s = s[:strings.LastIndexByte(s[:2<<10], '\n')+1]
		}
		texts = append(texts, s)
	}
	for _, c := range scannerCases {
		for _, s := range texts {
			if got, want := scan(c.pat, s), c.re.split(s); !slices.Equal(got, want) {
				t.Errorf("%s: %.60q: scanner and oracle differ: %s", c.name, s, diffPieces(got, want))
			}
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, s := range hardCases(f) {
		f.Add(s)
	}
	f.Add("a \u0085\u0085b\ufeff\ufeff \r\n\t x'LL's")
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range scannerCases {
			if got, want := scan(c.pat, s), c.re.split(s); !slices.Equal(got, want) {
				t.Errorf("%s: %q: scanner and oracle differ: %s", c.name, s, diffPieces(got, want))
			}
		}
	})
}

func diffPieces(got, want []string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return fmt.Sprintf("at piece %d: got %q, want %q", i, got[i:min(i+3, len(got))], want[i:min(i+3, len(want))])
}
