package tokenizer

import (
	"sort"
	"strings"
)

// addedToken is an entry of tokenizer.json "added_tokens".
type addedToken struct {
	ID         int    `json:"id"`
	Content    string `json:"content"`
	SingleWord bool   `json:"single_word"`
	LStrip     bool   `json:"lstrip"`
	RStrip     bool   `json:"rstrip"`
	Normalized *bool  `json:"normalized"`
	Special    bool   `json:"special"`
}

// splitter cuts text at occurrences of a set of strings, taking at each
// position the longest string that starts there, scanning left to right.
type splitter struct {
	// byFirst lists the strings by their first byte, longest first.
	byFirst [256][]string
}

func newSplitter(words []string) *splitter {
	s := &splitter{}
	for _, w := range words {
		if w != "" {
			s.byFirst[w[0]] = append(s.byFirst[w[0]], w)
		}
	}
	for i := range s.byFirst {
		sort.SliceStable(s.byFirst[i], func(a, b int) bool { return len(s.byFirst[i][a]) > len(s.byFirst[i][b]) })
	}
	return s
}

// split appends to dst the pieces of text: matched strings and the text
// between them, in order, without empty pieces.
func (s *splitter) split(dst []string, text string) []string {
	start := 0
	for i := 0; i < len(text); {
		found := ""
		for _, w := range s.byFirst[text[i]] {
			if strings.HasPrefix(text[i:], w) {
				found = w
				break
			}
		}
		if found == "" {
			i++
			continue
		}
		if i > start {
			dst = append(dst, text[start:i])
		}
		dst = append(dst, found)
		i += len(found)
		start = i
	}
	if start < len(text) {
		dst = append(dst, text[start:])
	}
	return dst
}

// stripAround applies the lstrip/rstrip flags of the added tokens among
// pieces: whitespace next to such a token is dropped from its neighbours.
func stripAround(pieces []string, added map[string]*addedToken) {
	for i, p := range pieces {
		tok := added[p]
		if tok == nil {
			continue
		}
		if tok.LStrip && i > 0 {
			pieces[i-1] = strings.TrimRightFunc(pieces[i-1], jsSpace)
		}
		if tok.RStrip && i < len(pieces)-1 {
			pieces[i+1] = strings.TrimLeftFunc(pieces[i+1], jsSpace)
		}
	}
}
