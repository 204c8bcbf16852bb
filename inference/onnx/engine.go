// Package onnx is the neural summary engine: it runs decoder-only language
// models exported to ONNX in the Hugging Face layout (Qwen2.5, Qwen2.5-Coder
// and other Qwen2/Llama-family exports with the same interface) through
// ONNX Runtime, with one shared session, a KV cache and continuous batching
// of all concurrent requests.
package onnx

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/tokenizer"
)

// Options configure Load. Zero values mean the defaults noted.
type Options struct {
	ModelDir    string // Hugging Face layout model directory (required)
	Variant     string // q4 | q4f16 | quantized | int8 | fp16 | fp32 | "" (best present for the provider)
	Provider    string // auto | cpu | coreml | cuda ("" = auto)
	LibraryPath string // explicit ONNX Runtime library (file or directory); see FindLibrary
	// LibrarySearch are the places to look for the library when LibraryPath
	// is empty, before the system directories; see FindLibrary.
	LibrarySearch []string

	MaxNewTokens  int     // default 64
	Sampling      string  // greedy | sample | beam ("" = greedy)
	Temperature   float64 // for sample; 0 means greedy
	TopK          int     // for sample; 0 = no limit
	TopP          float64 // for sample; 0 = 1 (no nucleus cut)
	Seed          int64   // for sample; mixed with the prompt so equal chunks get equal summaries
	NumBeams      int     // for beam; default 4
	LengthPenalty float64 // for beam; default 1
	Prompt        string  // overrides the built-in user prompt; see inference.PromptOptions
	Language      string  // BCP-47 tag of the summaries' language ("" = English)

	// Slots is the most sequences decoded together (default 10); beam
	// search takes NumBeams of them per request.
	Slots int
	// PromptTokens bounds the code in a prompt, in tokens (default 1024);
	// longer chunks keep their head and tail.
	PromptTokens int
	// Threads caps ONNX Runtime's intra-op threads (0: one per physical core).
	Threads int
	Logger  *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxNewTokens <= 0 {
		o.MaxNewTokens = 64
	}
	if o.Sampling == "" {
		o.Sampling = "greedy"
	}
	if o.TopP <= 0 || o.TopP > 1 {
		o.TopP = 1
	}
	if o.NumBeams <= 0 {
		o.NumBeams = 4
	}
	if o.LengthPenalty == 0 {
		o.LengthPenalty = 1
	}
	if o.Slots <= 0 {
		o.Slots = 10
	}
	if o.PromptTokens <= 0 {
		o.PromptTokens = 1024
	}
	if o.Provider == "" {
		o.Provider = "auto"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Engine summarizes chunks with a language model. It implements
// inference.Engine and is safe for concurrent use; caller must Close.
type Engine struct {
	opts   Options
	name   string
	fp     string
	m      *model
	tok    *tokenizer.Tokenizer
	params genParams
	dec    *decoder

	closeOnce sync.Once
	closeErr  error
}

var (
	_ inference.Engine  = (*Engine)(nil)
	_ inference.Batched = (*Engine)(nil)
)

// Load opens the model directory and starts the engine. Every failure
// names the file or tensor at fault and what was expected.
func Load(opts Options) (*Engine, error) {
	opts = opts.withDefaults()
	switch opts.Sampling {
	case "greedy", "sample", "beam":
	default:
		return nil, fmt.Errorf("onnx engine: sampling %q: want greedy, sample or beam", opts.Sampling)
	}
	if st, err := os.Stat(opts.ModelDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("onnx engine: model directory %q: not a directory", opts.ModelDir)
	}
	tok, err := tokenizer.Load(opts.ModelDir)
	if err != nil {
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	lib, err := FindLibrary(opts.LibraryPath, opts.LibrarySearch)
	if err != nil {
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	if err := initRuntime(lib); err != nil {
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	m, err := loadModel(opts.ModelDir, loadOptions{variant: opts.Variant, provider: opts.Provider, threads: opts.Threads}, opts.Logger)
	if err != nil {
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	e := &Engine{opts: opts, m: m, tok: tok, name: "onnx:" + filepath.Base(filepath.Clean(opts.ModelDir))}
	if err := e.checkTokenizer(); err != nil {
		m.session.Destroy()
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	e.params = genParams{
		maxNew: opts.MaxNewTokens, eos: e.eosSet(), strategy: opts.Sampling,
		temperature: opts.Temperature, topK: opts.TopK, topP: opts.TopP,
		numBeams: opts.NumBeams, lengthPenalty: opts.LengthPenalty,
	}
	e.fp = e.fingerprint()
	prefix, err := e.promptPrefix()
	if err != nil {
		m.session.Destroy()
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	if e.dec, err = newDecoder(m, decoderOptions{rows: opts.Slots, prefix: prefix}, opts.Logger); err != nil {
		m.session.Destroy()
		return nil, fmt.Errorf("onnx engine: %w", err)
	}
	opts.Logger.Info("onnx engine loaded", "model", opts.ModelDir, "file", m.file, "provider", m.provider,
		"layers", m.layers, "vocab", m.vocab, "library", lib)
	return e, nil
}

// checkTokenizer rejects a tokenizer whose ids do not fit the model.
func (e *Engine) checkTokenizer() error {
	if n := e.tok.VocabSize(); n > e.m.vocab {
		return fmt.Errorf("%s has %d tokens but the model's vocabulary (config.json vocab_size, logits) has %d: tokenizer and model do not match",
			filepath.Join(e.opts.ModelDir, "tokenizer.json"), n, e.m.vocab)
	}
	for _, id := range e.m.eos {
		if id < 0 || id >= e.m.vocab {
			return fmt.Errorf("%s: eos_token_id %d is outside the vocabulary of %d", e.opts.ModelDir, id, e.m.vocab)
		}
	}
	if _, err := e.tok.ApplyChatTemplate([]tokenizer.Message{{Role: "user", Content: "x"}}, true); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(e.opts.ModelDir, "tokenizer_config.json"), err)
	}
	return nil
}

// eosSet is every id that ends generation: the model's eos_token_id and
// the tokenizer's EOS tokens, which for the ChatML template checkTokenizer
// requires include <|im_end|> and <|endoftext|>.
func (e *Engine) eosSet() map[int]bool {
	set := map[int]bool{}
	for _, ids := range [][]int{e.m.eos, e.tok.EOSTokens()} {
		for _, id := range ids {
			set[id] = true
		}
	}
	return set
}

func (e *Engine) fingerprint() string {
	h := sha256.New()
	o := e.opts
	fmt.Fprintf(h, "onnx\x00%s\x00%s\x00%s\x00", e.m.identity, e.m.file, e.promptOptions().Revision())
	fmt.Fprintf(h, "%d\x00%s\x00%g\x00%d\x00%g\x00%d\x00%d\x00%g\x00%d",
		o.MaxNewTokens, o.Sampling, o.Temperature, o.TopK, o.TopP, o.Seed, o.NumBeams, o.LengthPenalty, o.PromptTokens)
	return "onnx:" + hex.EncodeToString(h.Sum(nil))[:24]
}

// Capacity is the rows the decoder computes together (Options.Slots).
func (e *Engine) Capacity() int { return e.opts.Slots }

// Cost is the rows a request occupies: its beams for beam search, else 1.
func (e *Engine) Cost(inference.Request) int {
	if e.params.strategy == "beam" {
		return e.params.numBeams
	}
	return 1
}

// Name is "onnx:<model directory base name>".
func (e *Engine) Name() string { return e.name }

// Fingerprint covers the model files, the prompt and every generation parameter.
func (e *Engine) Fingerprint() string { return e.fp }

// Describe says which file and execution provider are in use.
func (e *Engine) Describe() string {
	return fmt.Sprintf("%s (%s, %s) on %s", e.name, e.m.file, e.m.variant, e.m.provider)
}

// Close stops the engine and frees the session; later calls do nothing.
// Summarize calls in flight return ErrClosed.
func (e *Engine) Close() error {
	e.closeOnce.Do(func() {
		e.dec.close()
		if err := e.m.session.Destroy(); err != nil {
			e.closeErr = fmt.Errorf("onnx engine: close: %w", err)
		}
	})
	return e.closeErr
}

// Summarize asks the model for a one-to-two sentence summary of the chunk.
// It returns ctx.Err() as soon as ctx is done, stopping the Run in flight.
func (e *Engine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	prompt, code, err := e.prompt(req)
	if err != nil {
		return inference.Result{}, fmt.Errorf("summarize %s: %w", req.Chunk.Name, err)
	}
	r, err := e.dec.generate(ctx, prompt, e.params.newSearcher(e.seed(prompt)))
	if err != nil {
		if ctx.Err() != nil {
			return inference.Result{}, ctx.Err()
		}
		return inference.Result{}, fmt.Errorf("summarize %s: %w", req.Chunk.Name, err)
	}
	summary := inference.CleanSummary(e.tok.Decode(r.ids, true), code)
	if summary == "" {
		return inference.Result{}, fmt.Errorf("summarize %s: %w", req.Chunk.Name, ErrEmptySummary)
	}
	return inference.Result{Summary: summary, Engine: e.name}, nil
}

// promptOptions are the engine's settings for inference.BuildPrompt.
func (e *Engine) promptOptions() inference.PromptOptions {
	return inference.PromptOptions{
		Template: e.opts.Prompt, Language: e.opts.Language, CodeTokens: e.opts.PromptTokens,
		Count: func(s string) int { return len(e.tok.Encode(s, false)) },
	}
}

// prompt renders the chat prompt for a chunk and returns its ids and the
// code it shows (doc comment removed, shortened to the token budget).
func (e *Engine) prompt(req inference.Request) ([]int, string, error) {
	p := inference.BuildPrompt(req, e.promptOptions())
	text, err := e.tok.ApplyChatTemplate([]tokenizer.Message{
		{Role: "system", Content: p.System},
		{Role: "user", Content: p.User},
	}, true)
	if err != nil {
		return nil, "", err
	}
	return e.tok.Encode(text, false), p.Code, nil
}

// promptPrefix is the ids every prompt of the engine starts with: the
// system message and the chat template before the user's message. It is
// the longest common prefix of prompts around user messages that begin
// differently, so a token that would merge across the boundary is left out.
func (e *Engine) promptPrefix() ([]int, error) {
	system := inference.BuildPrompt(inference.Request{}, e.promptOptions()).System
	var prefix []int
	for i, user := range []string{"a", " 1", "\n\n", "é"} {
		text, err := e.tok.ApplyChatTemplate([]tokenizer.Message{
			{Role: "system", Content: system},
			{Role: "user", Content: user},
		}, true)
		if err != nil {
			return nil, err
		}
		ids := e.tok.Encode(text, false)
		if i == 0 {
			prefix = ids
			continue
		}
		n := 0
		for n < len(prefix) && n < len(ids) && prefix[n] == ids[n] {
			n++
		}
		prefix = prefix[:n]
	}
	return prefix, nil
}

// ErrEmptySummary means the model's answer had no usable sentence.
var ErrEmptySummary = errors.New("model answer has no summary")

// seed mixes the configured seed with the prompt, so sampling is
// reproducible per chunk whatever the order of requests.
func (e *Engine) seed(prompt []int) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(e.opts.Seed, 10)))
	for _, id := range prompt {
		h.Write([]byte{byte(id), byte(id >> 8), byte(id >> 16), byte(id >> 24)})
	}
	return h.Sum64()
}

// Generation is the outcome of GenerateTokens.
type Generation struct {
	IDs []int
	// Start is when the call began; TokenTimes[i] is when token i was
	// chosen, so TokenTimes[0] ends the prefill (time to first token).
	Start      time.Time
	TokenTimes []time.Time
}

// GenerateTokens runs greedy decoding of exactly newTokens tokens after
// prompt, ignoring EOS: for benchmarks. It joins the shared batch like
// Summarize does.
func (e *Engine) GenerateTokens(ctx context.Context, prompt []int, newTokens int) (Generation, error) {
	start := time.Now()
	p := e.params
	p.strategy, p.maxNew, p.eos = "greedy", newTokens, map[int]bool{}
	r, err := e.dec.generate(ctx, prompt, p.newSearcher(0))
	if err != nil {
		return Generation{}, err
	}
	return Generation{IDs: r.ids, Start: start, TokenTimes: r.steps}, nil
}

// WeightsBytes is the size of the model file in use and its external data.
func (e *Engine) WeightsBytes() int64 {
	var n int64
	path := filepath.Join(e.m.dir, e.m.file)
	for _, p := range []string{path, path + "_data"} {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return n
}

// VocabSize is the tokenizer's vocabulary size (ids below it decode to text).
func (e *Engine) VocabSize() int { return e.tok.VocabSize() }
