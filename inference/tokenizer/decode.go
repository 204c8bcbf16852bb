package tokenizer

import (
	"strings"
	"unicode/utf8"
)

// Decode returns the text of ids. Bytes that do not form valid UTF-8 become
// U+FFFD, one per maximal invalid sequence; unknown ids are ignored. With
// skipSpecial, special tokens are left out. When tokenizer_config.json asks
// for clean_up_tokenization_spaces (the default when it is absent), spaces
// before punctuation and contractions are removed as the reference does.
func (t *Tokenizer) Decode(ids []int, skipSpecial bool) string {
	var out, pending []byte
	for _, id := range ids {
		info, ok := t.decodable(id, skipSpecial)
		switch {
		case !ok:
		case info.verbatim:
			out = appendLossy(out, pending)
			pending = pending[:0]
			out = append(out, info.text...)
		default:
			pending = append(pending, info.text...)
		}
	}
	s := string(appendLossy(out, pending))
	if t.cleanup {
		s = cleanUp(s)
	}
	return s
}

// decodable returns the token of id unless it is unknown or skipped.
func (t *Tokenizer) decodable(id int, skipSpecial bool) (*tokenInfo, bool) {
	if id < 0 || id >= len(t.tokens) {
		return nil, false
	}
	info := &t.tokens[id]
	return info, info.valid && !(skipSpecial && info.special)
}

// cleanUp removes the spaces the reference removes when
// clean_up_tokenization_spaces is set, in the same order.
func cleanUp(s string) string {
	for _, r := range [...][2]string{
		{" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"},
		{" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
	} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}

// StreamDecoder decodes ids one at a time, as a model generates them, and
// never returns part of a UTF-8 character: bytes that may still complete a
// character are held back until the next Push or Flush. The concatenated
// results equal Decode of all ids, except that clean_up_tokenization_spaces
// is not applied. A StreamDecoder is not safe for concurrent use.
type StreamDecoder struct {
	t           *Tokenizer
	skipSpecial bool
	pending     []byte
}

// NewStreamDecoder returns a decoder for one stream of ids.
func (t *Tokenizer) NewStreamDecoder(skipSpecial bool) *StreamDecoder {
	return &StreamDecoder{t: t, skipSpecial: skipSpecial}
}

// Push adds one id and returns the text it completes (maybe "").
func (d *StreamDecoder) Push(id int) string {
	info, ok := d.t.decodable(id, d.skipSpecial)
	if !ok {
		return ""
	}
	if info.verbatim {
		return d.Flush() + info.text
	}
	d.pending = append(d.pending, info.text...)
	done := len(d.pending) - incompleteTail(d.pending)
	out := string(appendLossy(nil, d.pending[:done]))
	d.pending = d.pending[:copy(d.pending, d.pending[done:])]
	return out
}

// Flush returns the held-back bytes, an incomplete character as U+FFFD, and
// resets the decoder.
func (d *StreamDecoder) Flush() string {
	out := string(appendLossy(nil, d.pending))
	d.pending = d.pending[:0]
	return out
}

// appendLossy appends b to dst as valid UTF-8, replacing each maximal
// invalid subsequence by U+FFFD (the WHATWG / TextDecoder rule).
func appendLossy(dst, b []byte) []byte {
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			dst = append(dst, b[0])
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			n, _ = subpart(b)
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, b[:n]...)
		}
		b = b[n:]
	}
	return dst
}

// subpart returns the length of the longest prefix of b (len(b) > 0) that
// starts a valid UTF-8 sequence, at least 1, and whether it is complete.
func subpart(b []byte) (n int, complete bool) {
	lo, hi := byte(0x80), byte(0xBF)
	need := 0
	switch c := b[0]; {
	case c < 0x80:
		return 1, true
	case 0xC2 <= c && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case 0xE1 <= c && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case 0xF1 <= c && c <= 0xF3:
		need = 3
	default:
		return 1, false
	}
	n = 1
	for n <= need && n < len(b) && lo <= b[n] && b[n] <= hi {
		lo, hi = 0x80, 0xBF
		n++
	}
	return n, n == need+1
}

// incompleteTail returns the length of the suffix of b that is a valid but
// unfinished UTF-8 sequence, or 0.
func incompleteTail(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 {
			if n, complete := subpart(b[len(b)-k:]); n == k && !complete {
				return k
			}
			return 0
		}
	}
	return 0
}
