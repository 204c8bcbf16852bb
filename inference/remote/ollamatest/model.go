package ollamatest

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The tiny model's shape: a Qwen2 decoder small enough that Ollama imports
// it from safetensors in well under a second and generates thousands of
// tokens per second on one core.
const (
	hiddenSize   = 64
	layers       = 2
	heads        = 4
	kvHeads      = 2
	headDim      = hiddenSize / heads
	intermediate = 128
	// ContextTokens is the model's context length (config.json
	// max_position_embeddings), which /api/show reports.
	ContextTokens = 4096
	// seed makes the weights, and so the model's answers, the same on
	// every run (math/rand/v2's PCG is specified, not implementation-defined).
	seed = 20261207
)

// chatML is the plain ChatML template, which Ollama's importer recognizes
// as its "chatml" template (so /api/chat sends the system message too).
const chatML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

// qwen2Split is Qwen2's pre-tokenizer regex; Ollama's importer recognizes
// it by its SHA-256 and tokenizes with Qwen2's rules.
const qwen2Split = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// words become whole tokens (with and without a leading space), so the
// model's random answers are mostly words.
var words = strings.Fields(`the and for with this that from into when then returns value values
	function method reads writes file files name names error errors list lists map maps key keys
	cache request requests server client user data buffer line lines text string strings number
	count counts each every first last new old open close start stop checks check parses builds
	sends takes gives keeps sets gets calls runs loads saves sorts`)

// special tokens, after the byte-level and word tokens.
var special = []string{"<|endoftext|>", "<|im_start|>", "<|im_end|>"}

// WriteModel writes a random-weight Qwen2 model in the Hugging Face
// safetensors layout to dir: config.json, model.safetensors (F32),
// tokenizer.json (byte-level BPE, about 600 tokens) and
// tokenizer_config.json (ChatML). The weights never choose an end-of-text
// token or a byte that is not a letter or a space, so an answer runs to
// its token limit and cleans to non-empty text.
func WriteModel(dir string) error {
	vocab, merges := vocabulary()
	tensors := weights(vocab)
	files := map[string]any{
		"config.json":           config(len(vocab)),
		"tokenizer.json":        tokenizerJSON(vocab, merges),
		"tokenizer_config.json": tokenizerConfig(),
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, v := range files {
		data, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return writeSafetensors(filepath.Join(dir, "model.safetensors"), tensors)
}

// byteChars is GPT-2's byte-level alphabet: byte b is written as rune
// byteChars[b] in the vocabulary.
func byteChars() [256]rune {
	var out [256]rune
	n := 0
	for b := range 256 {
		if b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE {
			out[b] = rune(b)
		} else {
			out[b] = rune(256 + n)
			n++
		}
	}
	return out
}

// vocabulary is the token list (id = index) and the BPE merges: the 256
// byte tokens, then each word and "Ġ"+word built up letter by letter, then
// the special tokens.
func vocabulary() ([]string, []string) {
	chars := byteChars()
	var vocab []string
	seen := map[string]bool{}
	add := func(tok string) {
		if !seen[tok] {
			seen[tok] = true
			vocab = append(vocab, tok)
		}
	}
	for _, r := range chars {
		add(string(r))
	}
	var merges []string
	space := string(chars[' '])
	for _, w := range words {
		for _, form := range []string{w, space + w} {
			runes := []rune(form)
			prefix := string(runes[0])
			for _, r := range runes[1:] {
				merge := prefix + " " + string(r)
				if !seen[prefix+string(r)] {
					merges = append(merges, merge)
				}
				prefix += string(r)
				add(prefix)
			}
		}
	}
	for _, s := range special {
		add(s)
	}
	return vocab, merges
}

func config(vocabSize int) map[string]any {
	return map[string]any{
		"architectures":           []string{"Qwen2ForCausalLM"},
		"model_type":              "qwen2",
		"hidden_size":             hiddenSize,
		"intermediate_size":       intermediate,
		"num_hidden_layers":       layers,
		"num_attention_heads":     heads,
		"num_key_value_heads":     kvHeads,
		"max_position_embeddings": ContextTokens,
		"rms_norm_eps":            1e-6,
		"rope_theta":              10000.0,
		"tie_word_embeddings":     false,
		"vocab_size":              vocabSize,
		"bos_token_id":            vocabSize - 3, // <|endoftext|>
		"eos_token_id":            vocabSize - 1, // <|im_end|>
		"torch_dtype":             "float32",
	}
}

func tokenizerJSON(vocab, merges []string) map[string]any {
	ids := map[string]int{}
	for i, t := range vocab[:len(vocab)-len(special)] {
		ids[t] = i
	}
	var added []map[string]any
	for i, s := range special {
		added = append(added, map[string]any{
			"id": len(vocab) - len(special) + i, "content": s, "single_word": false,
			"lstrip": false, "rstrip": false, "normalized": false, "special": true,
		})
	}
	return map[string]any{
		"version":      "1.0",
		"added_tokens": added,
		"normalizer":   map[string]any{"type": "NFC"},
		"pre_tokenizer": map[string]any{"type": "Sequence", "pretokenizers": []any{
			map[string]any{"type": "Split", "pattern": map[string]any{"Regex": qwen2Split}, "behavior": "Isolated", "invert": false},
			map[string]any{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false},
		}},
		"decoder": map[string]any{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false},
		"model": map[string]any{
			"type": "BPE", "vocab": ids, "merges": merges, "unk_token": nil,
			"continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false,
		},
	}
}

func tokenizerConfig() map[string]any {
	return map[string]any{
		"chat_template": chatML, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
		"bos_token": nil, "add_bos_token": false, "tokenizer_class": "Qwen2Tokenizer",
	}
}

// tensor is one F32 tensor in Hugging Face naming.
type tensor struct {
	shape []int
	data  []float32
}

// weights draws the model's tensors. The output projection's rows of the
// special tokens and of bytes other than letters and the space are zero:
// their logit is 0 while a letter or word token's is random with standard
// deviation 4 after the final norm, so greedy decoding never picks them.
func weights(vocab []string) map[string]tensor {
	rng := rand.New(rand.NewPCG(seed, seed))
	normal := func(shape []int, std float64) tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		t := tensor{shape: shape, data: make([]float32, n)}
		for i := range t.data {
			t.data[i] = float32(rng.NormFloat64() * std)
		}
		return t
	}
	ones := func(n int) tensor {
		t := tensor{shape: []int{n}, data: make([]float32, n)}
		for i := range t.data {
			t.data[i] = 1
		}
		return t
	}
	v, kv := len(vocab), kvHeads*headDim
	ts := map[string]tensor{
		"model.embed_tokens.weight": normal([]int{v, hiddenSize}, 1),
		"model.norm.weight":         ones(hiddenSize),
	}
	for l := range layers {
		p := fmt.Sprintf("model.layers.%d.", l)
		ts[p+"input_layernorm.weight"] = ones(hiddenSize)
		ts[p+"post_attention_layernorm.weight"] = ones(hiddenSize)
		ts[p+"self_attn.q_proj.weight"] = normal([]int{hiddenSize, hiddenSize}, 0.1)
		ts[p+"self_attn.q_proj.bias"] = normal([]int{hiddenSize}, 0.1)
		ts[p+"self_attn.k_proj.weight"] = normal([]int{kv, hiddenSize}, 0.1)
		ts[p+"self_attn.k_proj.bias"] = normal([]int{kv}, 0.1)
		ts[p+"self_attn.v_proj.weight"] = normal([]int{kv, hiddenSize}, 0.1)
		ts[p+"self_attn.v_proj.bias"] = normal([]int{kv}, 0.1)
		ts[p+"self_attn.o_proj.weight"] = normal([]int{hiddenSize, hiddenSize}, 0.1)
		ts[p+"mlp.gate_proj.weight"] = normal([]int{intermediate, hiddenSize}, 0.1)
		ts[p+"mlp.up_proj.weight"] = normal([]int{intermediate, hiddenSize}, 0.1)
		ts[p+"mlp.down_proj.weight"] = normal([]int{hiddenSize, intermediate}, 0.1)
	}
	head := normal([]int{v, hiddenSize}, 0.5)
	for id, tok := range vocab {
		if !answerToken(tok) {
			clear(head.data[id*hiddenSize : (id+1)*hiddenSize])
		}
	}
	ts["lm_head.weight"] = head
	return ts
}

// answerToken reports whether the model may answer with tok: a token of
// ASCII letters, optionally after one space ("Ġ").
func answerToken(tok string) bool {
	tok = strings.TrimPrefix(tok, string(byteChars()[' ']))
	if tok == "" {
		return false
	}
	for _, r := range tok {
		if r < 'a' || r > 'z' {
			if r < 'A' || r > 'Z' {
				return false
			}
		}
	}
	return true
}

// writeSafetensors writes tensors in the safetensors format: an 8-byte
// little-endian header length, a JSON header of names, dtypes, shapes and
// byte offsets, then the raw little-endian data.
func writeSafetensors(path string, tensors map[string]tensor) error {
	names := make([]string, 0, len(tensors))
	for n := range tensors {
		names = append(names, n)
	}
	sort.Strings(names)
	header := map[string]any{}
	offset := 0
	for _, n := range names {
		size := 4 * len(tensors[n].data)
		header[n] = map[string]any{"dtype": "F32", "shape": tensors[n].shape, "data_offsets": []int{offset, offset + size}}
		offset += size
	}
	h, err := json.Marshal(header)
	if err != nil {
		return err
	}
	for len(h)%8 != 0 {
		h = append(h, ' ')
	}
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	out = append(out, h...)
	for _, n := range names {
		for _, f := range tensors[n].data {
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(f))
		}
	}
	return os.WriteFile(path, out, 0o644)
}
