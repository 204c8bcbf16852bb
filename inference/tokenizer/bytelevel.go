package tokenizer

// byteRune maps each byte to the printable rune that stands for it in
// byte-level BPE vocabularies (the GPT-2 table): printable Latin-1 bytes stand
// for themselves, the others are shifted to U+0100 and up, in byte order.
var byteRune [256]rune

// runeByte is the inverse of byteRune, indexed by rune; entries for runes
// that stand for no byte are -1.
var runeByte [324]int16

func init() {
	for i := range runeByte {
		runeByte[i] = -1
	}
	n := rune(0)
	for b := 0; b < 256; b++ {
		if ('!' <= b && b <= '~') || (0xA1 <= b && b <= 0xAC) || (0xAE <= b && b <= 0xFF) {
			byteRune[b] = rune(b)
		} else {
			byteRune[b] = 256 + n
			n++
		}
		runeByte[byteRune[b]] = int16(b)
	}
}

// byteLevelDecode turns a byte-level token back into raw bytes. ok is false
// when tok contains a rune that stands for no byte; such runes become 0, as
// in the reference decoder.
func byteLevelDecode(tok string) (raw string, ok bool) {
	out := make([]byte, 0, len(tok))
	ok = true
	for _, r := range tok {
		if r >= 0 && int(r) < len(runeByte) && runeByte[r] >= 0 {
			out = append(out, byte(runeByte[r]))
			continue
		}
		out = append(out, 0)
		ok = false
	}
	return string(out), ok
}
