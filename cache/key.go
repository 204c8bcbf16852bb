package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// keyDomain separates cache keys from any other sha256 over the same fields
// and versions the key layout: changing it invalidates every stored entry.
const keyDomain = "summarizer-lsp/cache/key/v1"

// Key identifies one summary: the sha256 of the engine fingerprint, the
// prompt revision, the language and the chunk text.
type Key [32]byte

// NewKey returns the key of a chunk summarized by the engine with the given
// fingerprint and prompt revision. Every field is length-prefixed, so moving
// bytes from one field into its neighbour always yields a different key.
func NewKey(fingerprint, promptRevision, lang, text string) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, field := range [...]string{keyDomain, fingerprint, promptRevision, lang, text} {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(field)))])
		h.Write([]byte(field))
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String returns the key in lowercase hexadecimal.
func (k Key) String() string {
	return hex.EncodeToString(k[:])
}
