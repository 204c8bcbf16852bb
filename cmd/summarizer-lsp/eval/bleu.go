// Package eval measures how close an engine's summaries come to the doc
// comments developers wrote: it hides each documented function's comment,
// summarizes the function and scores the summary against the comment's
// first sentence with smoothed sentence BLEU-4 and ROUGE-L.
package eval

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// The scoring follows the CodeXGLUE code-to-text evaluator (bleu.py, a
// descendant of the MOSES/NIST scripts): texts are trimmed, lower-cased and
// split into word runs and single punctuation marks, then normalized the
// NIST way; n-gram precisions for n > 1 get +1 smoothing; the brevity
// penalty is min(0, 1 - (r+1)/(c+1)) in log space; scores are averaged per
// sentence and multiplied by 100.

// nistPunct and the following patterns are the NIST normalization rules,
// applied in order.
var (
	nistPunct       = regexp.MustCompile("([{-~\\[-` -&(-+:-@/])")
	nistPeriodAfter = regexp.MustCompile(`([^0-9])([.,])`)
	nistPeriodFirst = regexp.MustCompile(`([.,])([^0-9])`)
	nistDash        = regexp.MustCompile(`([0-9])(-)`)
)

// tiny is the smallest normal float64 (Python's sys.float_info.min), added
// inside logarithms exactly as the reference does.
const tiny = 0x1p-1022

// maxN is the longest n-gram BLEU-4 counts.
const maxN = 4

// Tokenize splits a sentence into the tokens BLEU and ROUGE-L compare.
func Tokenize(s string) []string {
	return normalize(splitPuncts(strings.ToLower(strings.TrimSpace(s))))
}

// splitPuncts keeps runs of word characters (letters, digits, '_') and
// every other non-space character alone, joined by single spaces.
func splitPuncts(s string) string {
	var parts []string
	word := -1
	for i, r := range s {
		isWord := unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
		if isWord {
			if word < 0 {
				word = i
			}
			continue
		}
		if word >= 0 {
			parts = append(parts, s[word:i])
			word = -1
		}
		if !unicode.IsSpace(r) {
			parts = append(parts, string(r))
		}
	}
	if word >= 0 {
		parts = append(parts, s[word:])
	}
	return strings.Join(parts, " ")
}

// normalize applies the NIST mteval rules and splits on white space.
func normalize(s string) []string {
	s = strings.ReplaceAll(s, "<skipped>", "")
	s = strings.ReplaceAll(s, "-\n", "")
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "&lt;", "<")
	s = strings.ReplaceAll(s, "&gt;", ">")
	s = strings.ReplaceAll(s, "&quot;", `"`)
	s = strings.ReplaceAll(s, "&amp;", "&")
	s = strings.ToLower(" " + s + " ")
	s = nistPunct.ReplaceAllString(s, " ${1} ")
	s = nistPeriodAfter.ReplaceAllString(s, "${1} ${2} ")
	s = nistPeriodFirst.ReplaceAllString(s, " ${1} ${2}")
	s = nistDash.ReplaceAllString(s, "${1} ${2} ")
	return strings.Fields(s)
}

// ngrams counts the n-grams of toks for n = 1..maxN.
func ngrams(toks []string) map[string]int {
	counts := make(map[string]int, maxN*len(toks))
	for n := 1; n <= maxN; n++ {
		for i := 0; i+n <= len(toks); i++ {
			counts[strings.Join(toks[i:i+n], "\x00")]++
		}
	}
	return counts
}

// SentenceBLEU returns the smoothed BLEU-4 of a candidate against one
// reference, in [0, 1], as CodeXGLUE's bleu.py computes it per sentence.
func SentenceBLEU(reference, candidate string) float64 {
	return bleuTokens(Tokenize(reference), Tokenize(candidate))
}

func bleuTokens(ref, cand []string) float64 {
	refCounts := ngrams(ref)
	var correct, guess [maxN]int
	for n := 1; n <= maxN; n++ {
		guess[n-1] = max(len(cand)-n+1, 0)
	}
	for gram, count := range ngrams(cand) {
		n := strings.Count(gram, "\x00") + 1
		correct[n-1] += min(refCounts[gram], count)
	}
	logBLEU := 0.0
	for k := range maxN {
		smooth := 0.0
		if k > 0 {
			smooth = 1
		}
		logBLEU += math.Log(float64(correct[k])+smooth+tiny) - math.Log(float64(guess[k])+smooth+tiny)
	}
	logBLEU /= maxN
	brevity := min(0, 1-float64(len(ref)+1)/float64(len(cand)+1))
	return math.Exp(logBLEU + brevity)
}
