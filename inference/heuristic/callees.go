package heuristic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// maxComposed bounds the callee summaries a built-in summary is composed
// of, and maxCalleeWords the words taken from each.
const (
	maxComposed    = 3
	maxCalleeWords = 14
)

// withCallees extends the generated summary of an undocumented function
// with what the functions of its file that it calls do, from their own
// summaries: "Loads the limits file. It parses the config file and
// validates the limits." A summary from a doc comment is kept as it is.
func withCallees(res inference.Result, callees []inference.Callee) inference.Result {
	if res.FromDoc || len(callees) == 0 {
		return res
	}
	var clauses []string
	for _, c := range callees {
		if len(clauses) == maxComposed {
			break
		}
		if cl := calleeClause(c); cl != "" {
			clauses = append(clauses, cl)
		}
	}
	if len(clauses) == 0 {
		return res
	}
	res.Summary = strings.TrimSpace(res.Summary) + " It " + list(clauses) + "."
	return res
}

// calleeClause is a callee's first sentence as a lower-case verb phrase
// without its final stop, its leading name dropped ("Take takes a token."
// → "takes a token"); "" when it does not start with a verb in the third
// person.
func calleeClause(c inference.Callee) string {
	s := strings.TrimRight(analysis.FirstSentence(c.Summary), ".!? ")
	words := strings.Fields(s)
	if len(words) > 0 && words[0] == lastComponent(c.Name) {
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	verb := strings.ToLower(words[0])
	if !isThirdPerson(verb) {
		return ""
	}
	words[0] = lowerFirst(words[0])
	return strings.Join(words[:min(len(words), maxCalleeWords)], " ")
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s // an acronym ("HTTP…") keeps its case
	}
	return string(unicode.ToLower(r)) + s[n:]
}
