package service

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
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
const resultRevision = "r2"

// requestKey is the key of req's summary under the engine with the given
// fingerprint. It covers every input an engine reads from a request: the
// chunk's language, kind, qualified name (prompts name the class), doc
// comment (the built-in engine quotes it), text, and the callee summaries a
// prompt quotes. The rest of the chunk (signature, facts) is derived from
// these; positions and the file's other chunks are not read.
func requestKey(fingerprint string, req inference.Request) Key {
	c := req.Chunk
	fields := []string{fingerprint, resultRevision, c.Lang, string(c.Kind), c.Name, c.Doc, c.Text}
	for _, callee := range req.Callees {
		fields = append(fields, callee.Name, callee.Summary)
	}
	return newKey(fields...)
}
