package onnx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func testEngine(t *testing.T, opts Options) *Engine {
	t.Helper()
	if opts.ModelDir == "" {
		opts.ModelDir = fixtureDir
	}
	opts.LibraryPath = testLibrary(t)
	opts.Logger = quietLogger()
	e, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Error(err)
		}
	})
	return e
}

const pyText = "def load(path):\n    \"\"\"Load the settings file.\"\"\"\n    with open(path) as f:\n        return json.load(f)\n"

var (
	goChunk = analysis.Chunk{
		Kind: analysis.KindFunction, Name: "Open", Lang: "go",
		Signature: "func Open(path string) (*File, error)",
		Text:      "func Open(path string) (*File, error) {\n\tf, err := os.Open(path)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn &File{f: f}, nil\n}",
	}
	pyChunk = analysis.Chunk{
		Kind: analysis.KindFunction, Name: "load", Lang: "python", Signature: "def load(path)",
		Text: pyText, Doc: "Load the settings file.",
		Range: analysis.Range{StartByte: 0, EndByte: len(pyText)},
		DocRange: analysis.Range{StartByte: strings.Index(pyText, `"""`),
			EndByte: strings.LastIndex(pyText, `"""`) + 3},
	}
)

// TestPrompt checks the rendered prompt: ChatML with the system message,
// the user message naming the language, the code without its docstring.
func TestPrompt(t *testing.T) {
	e := testEngine(t, Options{})
	ids, code, err := e.prompt(inference.Request{Chunk: pyChunk})
	if err != nil {
		t.Fatal(err)
	}
	text := e.tok.Decode(ids, false)
	for _, want := range []string{
		"<|im_start|>system\n" + inference.BuildPrompt(inference.Request{Chunk: pyChunk}, inference.PromptOptions{}).System + "<|im_end|>\n<|im_start|>user\n",
		"Python function `load`",
		"def load(path):\n    with open(path) as f:",
		"<|im_end|>\n<|im_start|>assistant\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("prompt lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "settings file") || strings.Contains(code, "settings file") {
		t.Errorf("prompt keeps the docstring:\n%s", text)
	}
}

// TestSummarize runs the engine end to end and checks that its answer is
// the cleaned decoding of the model's greedy continuation of the prompt.
func TestSummarize(t *testing.T) {
	e := testEngine(t, Options{MaxNewTokens: 20})
	r, err := e.Summarize(context.Background(), inference.Request{Chunk: goChunk})
	if err != nil {
		t.Fatal(err)
	}
	if r.Engine != "onnx:tiny-qwen2" || e.Name() != r.Engine {
		t.Errorf("engine name %q / %q, want onnx:tiny-qwen2", r.Engine, e.Name())
	}
	ids, code, err := e.prompt(inference.Request{Chunk: goChunk})
	if err != nil {
		t.Fatal(err)
	}
	p := e.params
	g, err := e.dec.generate(context.Background(), ids, p.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	want := inference.CleanSummary(e.tok.Decode(g.ids, true), code)
	if r.Summary != want || want == "" {
		t.Errorf("summary %q, want %q", r.Summary, want)
	}
}

func TestSummarizeCancelled(t *testing.T) {
	e := testEngine(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Summarize(ctx, inference.Request{Chunk: goChunk}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Summarize returned %v, want context.Canceled", err)
	}
}

// TestSamplingIsSeeded: sampling gives the same summary for the same chunk
// and seed, and the seed changes it.
func TestSamplingIsSeeded(t *testing.T) {
	req := inference.Request{Chunk: goChunk}
	summarize := func(seed int64) string {
		e := testEngine(t, Options{Sampling: "sample", Temperature: 1.5, Seed: seed, MaxNewTokens: 24})
		r, err := e.Summarize(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return r.Summary
	}
	a, b := summarize(1), summarize(1)
	if a != b {
		t.Errorf("same seed, different summaries: %q and %q", a, b)
	}
	var others []string
	for seed := int64(2); seed < 5; seed++ {
		others = append(others, summarize(seed))
	}
	if !slices.ContainsFunc(others, func(s string) bool { return s != a }) {
		t.Errorf("seeds 1-4 all gave %q", a)
	}
}

func TestFingerprint(t *testing.T) {
	base := Options{}
	variants := map[string]Options{
		"maxNewTokens": {MaxNewTokens: 32},
		"sampling":     {Sampling: "sample"},
		"temperature":  {Temperature: 0.7},
		"topK":         {TopK: 5},
		"topP":         {TopP: 0.5},
		"seed":         {Seed: 9},
		"numBeams":     {NumBeams: 2},
		"length":       {LengthPenalty: 0.5},
		"prompt":       {Prompt: "Explain {{name}}."},
		"promptTokens": {PromptTokens: 100},
	}
	// Threads change speed, not output: the same fingerprint.
	if fp := testEngine(t, Options{Threads: 1}).Fingerprint(); fp != testEngine(t, base).Fingerprint() {
		t.Error("the thread count changed the fingerprint")
	}
	seen := map[string]string{testEngine(t, base).Fingerprint(): "base"}
	if again := testEngine(t, base).Fingerprint(); seen[again] != "base" {
		t.Errorf("the same options gave another fingerprint %s", again)
	}
	for name, o := range variants {
		fp := testEngine(t, o).Fingerprint()
		if prev, ok := seen[fp]; ok {
			t.Errorf("changing %s leaves the fingerprint of %s", name, prev)
		}
		seen[fp] = name
	}
}

// TestProviderFallback: an execution provider the library lacks (the npm
// build for Linux has no CUDA) is logged and the engine runs on CPU.
func TestProviderFallback(t *testing.T) {
	var logs strings.Builder
	e, err := Load(Options{ModelDir: fixtureDir, Provider: "cuda", LibraryPath: testLibrary(t),
		Logger: slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if !strings.Contains(e.Describe(), "on cpu") {
		t.Errorf("engine %s, want it on cpu", e.Describe())
	}
	if !strings.Contains(logs.String(), "execution provider unavailable, using CPU") || !strings.Contains(logs.String(), "provider=cuda") {
		t.Errorf("no log line about the fallback:\n%s", logs.String())
	}
	if _, err := e.Summarize(context.Background(), inference.Request{Chunk: goChunk}); err != nil && !errors.Is(err, ErrEmptySummary) {
		t.Fatal(err)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// TestLongChunkFitsBudget: a chunk far over the prompt budget is cut to it,
// keeping its signature and its last line.
func TestLongChunkFitsBudget(t *testing.T) {
	e := testEngine(t, Options{PromptTokens: 200})
	var b strings.Builder
	b.WriteString("func Long(n int) int {\n")
	for i := range 500 {
		fmt.Fprintf(&b, "\tn = step%d(n)\n", i)
	}
	b.WriteString("\treturn n\n}")
	c := goChunk
	c.Name, c.Signature, c.Text = "Long", "func Long(n int) int", b.String()
	short, _, err := e.prompt(inference.Request{Chunk: goChunk})
	if err != nil {
		t.Fatal(err)
	}
	ids, code, err := e.prompt(inference.Request{Chunk: c})
	if err != nil {
		t.Fatal(err)
	}
	overhead := len(short) - len(e.tok.Encode(inference.CodeWithoutDoc(goChunk), false))
	if len(ids) > 200+overhead {
		t.Errorf("prompt has %d tokens, budget 200 + %d of template", len(ids), overhead)
	}
	for _, want := range []string{"func Long(n int) int {\n", "lines omitted", "\treturn n\n}"} {
		if !strings.Contains(code, want) {
			t.Errorf("shortened code lacks %q", want)
		}
	}
}

// TestConcurrentSummaries: summaries computed together in one batch are
// the ones each chunk gets alone.
func TestConcurrentSummaries(t *testing.T) {
	e := testEngine(t, Options{Slots: 4, MaxNewTokens: 16})
	var chunks []analysis.Chunk
	for i := range 6 {
		c := goChunk
		c.Name = fmt.Sprintf("Open%d", i)
		c.Text = strings.Replace(c.Text, "func Open(", "func "+c.Name+"(", 1) + strings.Repeat("\n", i)
		chunks = append(chunks, c)
	}
	alone := make([]string, len(chunks))
	for i, c := range chunks {
		r, err := e.Summarize(context.Background(), inference.Request{Chunk: c})
		if err != nil && !errors.Is(err, ErrEmptySummary) {
			t.Fatal(err)
		}
		alone[i] = r.Summary
	}
	together := make([]string, len(chunks))
	var wg sync.WaitGroup
	for i, c := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.Summarize(context.Background(), inference.Request{Chunk: c})
			if err != nil && !errors.Is(err, ErrEmptySummary) {
				t.Error(err)
			}
			together[i] = r.Summary
		}()
	}
	wg.Wait()
	for i := range chunks {
		if together[i] != alone[i] {
			t.Errorf("chunk %d: batched summary %q, alone %q", i, together[i], alone[i])
		}
	}
	if n := e.dec.stats.maxRowsSeen.Load(); n < 2 {
		t.Logf("only %d rows decoded together: the comparison did not exercise batching", n)
	}
}
