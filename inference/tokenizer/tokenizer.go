// Package tokenizer is a pure-Go implementation of the byte-level BPE
// tokenizers published with Hugging Face models as tokenizer.json (+
// tokenizer_config.json): Qwen2/2.5/3, GPT-2, Llama 3 and SmolLM style. It
// encodes, decodes (also incrementally) and renders chat prompts, with the
// same results as the transformers.js reference (@huggingface/transformers).
package tokenizer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrUnsupported reports a tokenizer type or option this package does not
// implement; the error text names it.
var ErrUnsupported = errors.New("unsupported tokenizer feature")

// Tokenizer encodes text to token ids and back. It is safe for concurrent
// use.
type Tokenizer struct {
	normalize normalizer
	stages    []stage
	model     *bpe

	// added maps added-token contents, and the normalized contents of
	// normalized added tokens, to the token.
	added     map[string]*addedToken
	rawSplit  *splitter // non-normalized added tokens; nil if none
	normSplit *splitter // normalized added tokens; nil if none

	// prefix and suffix are the ids the post-processor adds around a text.
	prefix, suffix []int

	tokens  []tokenInfo    // by id
	tokenID map[string]int // tokenizer.json token strings (added included)
	eos     []int
	cleanup bool
	chat    chatTemplate
}

// tokenInfo is what decoding needs to know about one id.
type tokenInfo struct {
	text     string // raw bytes, or the content of an added token
	verbatim bool   // text is an added token's content, kept as is
	special  bool   // dropped when skipping special tokens
	valid    bool   // the id exists
}

// Load reads dir/tokenizer.json and, if present, dir/tokenizer_config.json
// and dir/chat_template.jinja (the chat template of newer model
// repositories, used when tokenizer_config.json has none).
func Load(dir string) (*Tokenizer, error) {
	tok, err := os.ReadFile(filepath.Join(dir, "tokenizer.json"))
	if err != nil {
		return nil, fmt.Errorf("load tokenizer: %w", err)
	}
	var optional [2][]byte
	for i, name := range []string{"tokenizer_config.json", "chat_template.jinja"} {
		optional[i], err = os.ReadFile(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("load tokenizer: %w", err)
		}
	}
	t, err := newTokenizer(tok, optional[0], string(optional[1]))
	if err != nil {
		return nil, fmt.Errorf("load tokenizer %s: %w", dir, err)
	}
	return t, nil
}

// Encode returns the token ids of text. With addSpecial the post-processor's
// special tokens (a BOS token, say) are added; added tokens written in text
// (such as <|im_start|>) are always recognized. Invalid UTF-8 in text is
// encoded byte by byte.
func (t *Tokenizer) Encode(text string, addSpecial bool) []int {
	ids := make([]int, 0, len(text)/3+len(t.prefix)+len(t.suffix)+1)
	if addSpecial {
		ids = append(ids, t.prefix...)
	}
	var secBuf, subBuf [8]string
	for _, sec := range t.splitAdded(secBuf[:0], t.rawSplit, text) {
		if tok := t.added[sec]; tok != nil {
			ids = append(ids, tok.ID)
			continue
		}
		if t.normalize != nil {
			sec = t.normalize(sec)
		}
		for _, sub := range t.splitAdded(subBuf[:0], t.normSplit, sec) {
			if tok := t.added[sub]; tok != nil {
				ids = append(ids, tok.ID)
				continue
			}
			ids = t.pretokenize(ids, sub, 0)
		}
	}
	if addSpecial {
		ids = append(ids, t.suffix...)
	}
	return ids
}

// splitAdded cuts text at the added tokens s knows, applies their strip
// flags, and appends the non-empty pieces to dst.
func (t *Tokenizer) splitAdded(dst []string, s *splitter, text string) []string {
	if s == nil {
		if text == "" {
			return dst
		}
		return append(dst, text)
	}
	start := len(dst)
	dst = s.split(dst, text)
	stripAround(dst[start:], t.added)
	out := dst[:start]
	for _, p := range dst[start:] {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// stage is one pre-tokenizer step: a Split or Digits step, or the final
// ByteLevel step.
type stage struct {
	pat         matcher // split with this; nil: keep the piece whole
	byteLevel   bool    // the ByteLevel step
	prefixSpace bool    // ByteLevel add_prefix_space
}

// pretokenize runs the pre-tokenizer stages from i on on s, and the model on
// the resulting words.
func (t *Tokenizer) pretokenize(ids []int, s string, i int) []int {
	if i == len(t.stages) {
		return t.model.appendWord(ids, s)
	}
	st := t.stages[i]
	if st.prefixSpace && (len(s) == 0 || s[0] != ' ') {
		s = " " + s
	}
	if st.pat == nil {
		return t.pretokenize(ids, s, i+1)
	}
	for j := 0; j < len(s); {
		e := st.pat.match(s, j)
		ids = t.pretokenize(ids, s[j:e], i+1)
		j = e
	}
	return ids
}

// VocabSize is the number of ids, added tokens included (the largest id
// plus one).
func (t *Tokenizer) VocabSize() int { return len(t.tokens) }

// TokenID returns the id of a token as tokenizer.json writes it (byte-level
// form for vocabulary tokens, content for added tokens).
func (t *Tokenizer) TokenID(token string) (int, bool) {
	id, ok := t.tokenID[token]
	return id, ok
}

// EOSTokens returns the ids that end generation: tokenizer_config.json's
// eos_token and, for ChatML models, <|im_end|> and <|endoftext|>.
func (t *Tokenizer) EOSTokens() []int { return append([]int(nil), t.eos...) }

// unmarshalToken reads a special-token setting of tokenizer_config.json,
// which is a string, an object with "content", or null.
func unmarshalToken(raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var obj struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", err
	}
	return obj.Content, nil
}
