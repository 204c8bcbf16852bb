package service

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// keyDomain separates summary keys from any other sha256 over the same
// fields and versions the key layout: changing it invalidates every stored
// entry.
const keyDomain = "summarizer-lsp/cache/key/v1"

// Key identifies one stored value: the sha256 of the fields that decide it.
type Key [32]byte

// newKey hashes fields in order. Every field is length-prefixed, so moving
// bytes from one field into its neighbour always yields a different key.
func newKey(fields ...string) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, field := range append([]string{keyDomain}, fields...) {
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

// resultRevision versions the stored form of a summary; a change of the
// stored layout never reads old entries. Engines version their own prompts
// in their fingerprint.
const resultRevision = "r1"

// ChunkKey is the key of a chunk's summary under the engine with the given
// fingerprint.
func ChunkKey(fingerprint string, c analysis.Chunk) Key {
	return newKey(fingerprint, resultRevision, c.Lang, c.Doc+"\x00"+c.Text)
}
