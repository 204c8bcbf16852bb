package analysis

import (
	"fmt"
	"strings"
)

// windows splits text into chunks of at most maxLines lines, cutting after
// the last blank line of a window when there is one. Blank-only windows are
// left out.
func windows(lang string, src []byte, maxLines int) []Chunk {
	li := newLineIndex(src)
	str := string(src) // chunk texts share it
	n := lineCount(src)
	var out []Chunk
	for first := 0; first < n; {
		last := min(first+maxLines, n) - 1 // inclusive
		if last < n-1 {
			for l := last; l > first; l-- {
				if blankLine(src, li, l) {
					last = l
					break
				}
			}
		}
		start := li[first]
		end := len(src)
		if last+1 < len(li) {
			end = li[last+1]
		}
		text := str[start:end]
		if strings.TrimSpace(text) != "" {
			out = append(out, Chunk{
				Kind:      KindWindow,
				Name:      fmt.Sprintf("lines %d-%d", first+1, last+1),
				Lang:      lang,
				Range:     li.rng(start, end),
				Signature: firstLine(text),
				Text:      text,
				Facts:     Facts{Lines: last - first + 1},
			})
		}
		first = last + 1
	}
	return out
}

func blankLine(src []byte, li lineIndex, l int) bool {
	end := len(src)
	if l+1 < len(li) {
		end = li[l+1]
	}
	return isSpace(src[li[l]:end], 1)
}

func firstLine(text string) string {
	for l := range strings.Lines(text) {
		if s := collapse(l, 200); s != "" {
			return s
		}
	}
	return ""
}
