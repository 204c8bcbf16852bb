package onnx

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	ort "github.com/yalue/onnxruntime_go"
)

// variantFiles maps --model-variant values to the file names of the public
// Hugging Face ONNX exports.
var variantFiles = map[string]string{
	"q4":        "model_q4.onnx",
	"q4f16":     "model_q4f16.onnx",
	"quantized": "model_quantized.onnx",
	"int8":      "model_int8.onnx",
	"fp16":      "model_fp16.onnx",
	"fp32":      "model.onnx",
}

// Variant preference when none is asked for. On CPU, int8 (model_quantized)
// measured the most summaries per CPU-minute, then int4, with fp32 and the
// emulated fp16 far behind (docs/benchmarks.md). The int8 exports quantize
// activations with one scale per tensor, over every row of a Run, which
// would make a request's summary depend on the requests batched with it;
// at load that is made per position (perPositionQuantize), as
// batch-independent as int4's per-block scales. On GPUs fp16 is native.
var (
	cpuVariants = []string{"quantized", "int8", "q4", "fp32", "q4f16", "fp16"}
	gpuVariants = []string{"fp16", "q4f16", "q4", "fp32", "quantized", "int8"}
)

// modelConfig is the part of config.json the engine needs.
type modelConfig struct {
	ModelType   string          `json:"model_type"`
	HiddenSize  int             `json:"hidden_size"`
	NumLayers   int             `json:"num_hidden_layers"`
	NumHeads    int             `json:"num_attention_heads"`
	NumKVHeads  int             `json:"num_key_value_heads"`
	HeadDim     int             `json:"head_dim"`
	VocabSize   int             `json:"vocab_size"`
	EOSTokenIDs json.RawMessage `json:"eos_token_id"`
}

// model is a loaded model directory: its shapes, the session and the ids
// that end generation. Safe for concurrent use once loaded.
type model struct {
	dir      string
	file     string // the ONNX file in use, relative to dir
	variant  string
	provider string // the execution provider actually in use
	threads  int    // intra-op threads; 0: ONNX Runtime's default

	layers, kvHeads, headDim, vocab int
	kvType                          int32 // elemFloat or elemFloat16, for past and present
	logitsType                      int32
	eos                             []int

	// lastOnly: the head was rewritten (lastPositionHead), so logits are
	// [rows, 1, vocab], each row's last position.
	lastOnly bool

	inputNames, outputNames []string
	session                 *ort.DynamicAdvancedSession

	// identity is a digest of the model's files (names, sizes, mtimes and
	// the small JSON files' contents) for the engine fingerprint.
	identity string
}

var pastName = regexp.MustCompile(`^past_key_values\.(\d+)\.(key|value)$`)

// loadOptions choose the model file and how its session runs.
type loadOptions struct {
	variant  string
	provider string
	threads  int // intra-op threads; 0 for ONNX Runtime's default
	// allLogits keeps the graph's head as it is, computing logits for every
	// position (the tests compare the rewritten head with it).
	allLogits bool
}

// loadModel reads the model directory, validates the ONNX graph against
// config.json, rewrites its output head to the last positions where it
// can, and opens the session. The runtime must be initialised.
func loadModel(dir string, o loadOptions, log *slog.Logger) (*model, error) {
	m := &model{dir: dir, threads: o.threads}
	var cfg modelConfig
	if err := readJSON(filepath.Join(dir, "config.json"), &cfg); err != nil {
		return nil, err
	}
	if err := m.applyConfig(cfg); err != nil {
		return nil, err
	}
	if err := m.readGenerationConfig(cfg); err != nil {
		return nil, err
	}
	path, err := m.pickFile(o.variant, o.provider)
	if err != nil {
		return nil, err
	}
	inputs, outputs, err := readGraphIO(path)
	if err != nil {
		return nil, err
	}
	if err := m.checkGraph(inputs, outputs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if m.identity, err = modelIdentity(dir, path); err != nil {
		return nil, err
	}
	src, err := m.rewriteGraph(path, !o.allLogits, log)
	if err != nil {
		return nil, err
	}
	err = m.openSession(src, o.provider, log)
	if src.data != nil {
		debug.FreeOSMemory() // ONNX Runtime holds its own copy now
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// modelSource is the graph a session is created from: the file at path,
// or data (the rewritten graph, whose external weights stay beside path).
type modelSource struct {
	path string
	data []byte
}

// rewriteGraph returns the graph to open: with head, its head on the last
// positions (lastPositionHead; the graph as it is, with a log line saying
// why, when the head is not recognised), and any dynamically quantized
// activations quantized per position (perPositionQuantize); the file as
// it is when neither applies.
func (m *model) rewriteGraph(path string, head bool, log *slog.Logger) (modelSource, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return modelSource{}, fmt.Errorf("model directory: %w", err)
	}
	var data []byte
	if head {
		if data, err = lastPositionHead(b); err != nil {
			log.Info("output head kept: logits computed for every position", "file", path, "reason", err)
		} else {
			b, m.lastOnly = data, true
		}
	}
	if q, n, err := perPositionQuantize(b); err == nil {
		data = q
		log.Info("int8 activations quantized per position", "file", path, "quantizers", n)
	} else if !errors.Is(err, errNoDynamicQuantize) {
		return modelSource{}, fmt.Errorf("%s: %w", path, err)
	}
	if data == nil {
		return modelSource{path: path}, nil
	}
	// A single-file model is its weights: give the original's memory back
	// before ONNX Runtime parses the copy.
	debug.FreeOSMemory()
	return modelSource{path: path, data: data}, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("model directory: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func (m *model) applyConfig(cfg modelConfig) error {
	path := filepath.Join(m.dir, "config.json")
	if cfg.NumLayers <= 0 || cfg.NumHeads <= 0 || cfg.VocabSize <= 0 {
		return fmt.Errorf("%s: want positive num_hidden_layers, num_attention_heads and vocab_size, got %d, %d, %d",
			path, cfg.NumLayers, cfg.NumHeads, cfg.VocabSize)
	}
	m.layers, m.vocab = cfg.NumLayers, cfg.VocabSize
	m.kvHeads = cfg.NumKVHeads
	if m.kvHeads == 0 {
		m.kvHeads = cfg.NumHeads
	}
	m.headDim = cfg.HeadDim
	if m.headDim == 0 {
		if cfg.HiddenSize <= 0 || cfg.HiddenSize%cfg.NumHeads != 0 {
			return fmt.Errorf("%s: no head_dim and hidden_size %d is not a multiple of num_attention_heads %d",
				path, cfg.HiddenSize, cfg.NumHeads)
		}
		m.headDim = cfg.HiddenSize / cfg.NumHeads
	}
	return nil
}

// readGenerationConfig takes the EOS ids from generation_config.json, else
// from config.json.
func (m *model) readGenerationConfig(cfg modelConfig) error {
	var gen struct {
		EOSTokenIDs json.RawMessage `json:"eos_token_id"`
	}
	path := filepath.Join(m.dir, "generation_config.json")
	if _, err := os.Stat(path); err == nil {
		if err := readJSON(path, &gen); err != nil {
			return err
		}
	}
	raw, from := gen.EOSTokenIDs, path
	if len(raw) == 0 {
		raw, from = cfg.EOSTokenIDs, filepath.Join(m.dir, "config.json")
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var one int
	if err := json.Unmarshal(raw, &one); err == nil {
		m.eos = []int{one}
		return nil
	}
	if err := json.Unmarshal(raw, &m.eos); err != nil {
		return fmt.Errorf("%s: eos_token_id must be an integer or a list of integers: %w", from, err)
	}
	return nil
}

// pickFile returns the ONNX file for variant, or the best one present for
// the provider. It looks in <dir>/onnx, then <dir>.
func (m *model) pickFile(variant, provider string) (string, error) {
	find := func(v string) (string, bool) {
		name := variantFiles[v]
		for _, sub := range []string{"onnx", ""} {
			p := filepath.Join(m.dir, sub, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, true
			}
		}
		return "", false
	}
	order := cpuVariants
	if provider == "cuda" || provider == "coreml" {
		order = gpuVariants
	}
	if variant != "" {
		if _, ok := variantFiles[variant]; !ok {
			return "", fmt.Errorf("model variant %q: want one of %s", variant, strings.Join(sortedVariants(), ", "))
		}
		order = []string{variant}
	}
	for _, v := range order {
		if p, ok := find(v); ok {
			m.variant = v
			m.file, _ = filepath.Rel(m.dir, p)
			return p, nil
		}
	}
	if variant != "" {
		return "", fmt.Errorf("model variant %s: %s not found in %s or %s (present: %s)", variant, variantFiles[variant],
			filepath.Join(m.dir, "onnx"), m.dir, m.presentFiles())
	}
	return "", fmt.Errorf("model directory %s: no ONNX model file (looked for %s in onnx/ and the directory itself)",
		m.dir, strings.Join(fileNames(order), ", "))
}

func sortedVariants() []string {
	var vs []string
	for v := range variantFiles {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	return vs
}

func fileNames(variants []string) []string {
	var names []string
	for _, v := range variants {
		names = append(names, variantFiles[v])
	}
	return names
}

func (m *model) presentFiles() string {
	var names []string
	for _, sub := range []string{"onnx", ""} {
		matches, _ := filepath.Glob(filepath.Join(m.dir, sub, "*.onnx"))
		for _, p := range matches {
			rel, _ := filepath.Rel(m.dir, p)
			names = append(names, rel)
		}
	}
	if len(names) == 0 {
		return "no .onnx files"
	}
	return strings.Join(names, ", ")
}

// checkGraph validates the graph's inputs and outputs against config.json
// and records the names in the order the engine feeds them.
func (m *model) checkGraph(inputs, outputs []valueInfo) error {
	byName := map[string]valueInfo{}
	for _, in := range inputs {
		byName[in.Name] = in
	}
	layers := map[int]bool{}
	for _, in := range inputs {
		switch in.Name {
		case "input_ids", "attention_mask", "position_ids":
			if in.ElemType != elemInt64 || len(in.Dims) != 2 {
				return fmt.Errorf("input %s: want int64 [batch, sequence], got %s with %d axes", in.Name, elemName(in.ElemType), len(in.Dims))
			}
			continue
		}
		sm := pastName.FindStringSubmatch(in.Name)
		if sm == nil {
			return fmt.Errorf("unexpected input %q: this engine feeds input_ids, attention_mask, position_ids and past_key_values.N.key|value", in.Name)
		}
		layer, _ := strconv.Atoi(sm[1])
		layers[layer] = true
		if err := m.checkKV(in, "past_sequence_length"); err != nil {
			return err
		}
	}
	for _, name := range []string{"input_ids", "attention_mask", "position_ids"} {
		if _, ok := byName[name]; !ok {
			return fmt.Errorf("missing input %q", name)
		}
	}
	if len(layers) != m.layers {
		return fmt.Errorf("graph has past_key_values for %d layers, config.json num_hidden_layers is %d", len(layers), m.layers)
	}
	m.inputNames = []string{"input_ids", "attention_mask", "position_ids"}
	m.outputNames = []string{"logits"}
	outByName := map[string]valueInfo{}
	for _, out := range outputs {
		outByName[out.Name] = out
	}
	for i := 0; i < m.layers; i++ {
		for _, kv := range []string{"key", "value"} {
			past := fmt.Sprintf("past_key_values.%d.%s", i, kv)
			if _, ok := byName[past]; !ok {
				return fmt.Errorf("missing input %q", past)
			}
			present := fmt.Sprintf("present.%d.%s", i, kv)
			out, ok := outByName[present]
			if !ok {
				return fmt.Errorf("missing output %q", present)
			}
			if err := m.checkKV(out, "total_sequence_length"); err != nil {
				return err
			}
			if out.ElemType != byName[past].ElemType {
				return fmt.Errorf("output %s is %s but input %s is %s", present, elemName(out.ElemType), past, elemName(byName[past].ElemType))
			}
			m.inputNames = append(m.inputNames, past)
			m.outputNames = append(m.outputNames, present)
		}
	}
	m.kvType = byName["past_key_values.0.key"].ElemType
	logits, ok := outByName["logits"]
	if !ok {
		return errors.New(`missing output "logits"`)
	}
	if len(logits.Dims) != 3 || (logits.ElemType != elemFloat && logits.ElemType != elemFloat16) {
		return fmt.Errorf("output logits: want float32 or float16 [batch, sequence, vocab], got %s with %d axes", elemName(logits.ElemType), len(logits.Dims))
	}
	if v := logits.Dims[2].Value; v != 0 && v != int64(m.vocab) {
		return fmt.Errorf("output logits has %d vocabulary entries, config.json vocab_size is %d", v, m.vocab)
	}
	m.logitsType = logits.ElemType
	return nil
}

// checkKV checks a past or present tensor: [batch, kv heads, seq, head dim]
// with the KV-head and head-dim axes matching config.json when fixed.
func (m *model) checkKV(vi valueInfo, seqAxis string) error {
	if vi.ElemType != elemFloat && vi.ElemType != elemFloat16 {
		return fmt.Errorf("%s: want float32 or float16, got %s", vi.Name, elemName(vi.ElemType))
	}
	if len(vi.Dims) != 4 {
		return fmt.Errorf("%s: want 4 axes [batch, kv_heads, %s, head_dim], got %d", vi.Name, seqAxis, len(vi.Dims))
	}
	if v := vi.Dims[1].Value; v != 0 && v != int64(m.kvHeads) {
		return fmt.Errorf("%s: %d KV heads, config.json num_key_value_heads gives %d", vi.Name, v, m.kvHeads)
	}
	if v := vi.Dims[3].Value; v != 0 && v != int64(m.headDim) {
		return fmt.Errorf("%s: head dim %d, config.json gives %d", vi.Name, v, m.headDim)
	}
	return nil
}

// modelIdentity digests what identifies the model: the ONNX file's name,
// size and modification time (and its .onnx_data's), and the JSON files.
func modelIdentity(dir, onnxPath string) (string, error) {
	h := sha256.New()
	for _, p := range []string{onnxPath, onnxPath + "_data"} {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s %d %d\n", filepath.Base(p), st.Size(), st.ModTime().UnixNano())
	}
	for _, name := range []string{"config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		fmt.Fprintf(h, "%s\n", name)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("model directory: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// openSession creates the shared session on the chosen execution provider,
// falling back to CPU with a log line when the provider cannot start.
func (m *model) openSession(src modelSource, provider string, log *slog.Logger) error {
	want := provider
	if want == "" || want == "auto" {
		want = autoProvider()
	}
	if want != "cpu" {
		s, err := m.newSession(src, want)
		if err == nil {
			m.session, m.provider = s, want
			return nil
		}
		log.Warn("execution provider unavailable, using CPU", "provider", want, "err", err)
	}
	s, err := m.newSession(src, "cpu")
	if err != nil {
		return err
	}
	m.session, m.provider = s, "cpu"
	return nil
}

// autoProvider is CoreML on macOS and CPU elsewhere: the onnxruntime-node
// library for Linux carries no CUDA provider, so CUDA is only tried on request.
func autoProvider() string {
	if runtime.GOOS == "darwin" {
		return "coreml"
	}
	return "cpu"
}

func (m *model) newSession(src modelSource, provider string) (*ort.DynamicAdvancedSession, error) {
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("session options: %w", err)
	}
	defer opts.Destroy()
	if m.threads > 0 {
		if err := opts.SetIntraOpNumThreads(m.threads); err != nil {
			return nil, fmt.Errorf("session options: %w", err)
		}
	}
	switch provider {
	case "cuda":
		cuda, err := ort.NewCUDAProviderOptions()
		if err != nil {
			return nil, fmt.Errorf("cuda: %w", err)
		}
		defer cuda.Destroy()
		if err := opts.AppendExecutionProviderCUDA(cuda); err != nil {
			return nil, fmt.Errorf("cuda: %w", err)
		}
	case "coreml":
		if err := opts.AppendExecutionProviderCoreMLV2(map[string]string{"ModelFormat": "MLProgram"}); err != nil {
			return nil, fmt.Errorf("coreml: %w", err)
		}
	case "cpu":
	default:
		return nil, fmt.Errorf("provider %q: want auto, cpu, coreml or cuda", provider)
	}
	var s *ort.DynamicAdvancedSession
	if src.data == nil {
		s, err = ort.NewDynamicAdvancedSession(src.path, m.inputNames, m.outputNames, opts)
	} else {
		// External weights are looked up beside the file the graph came from.
		err = opts.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", filepath.Dir(src.path))
		if err == nil {
			s, err = ort.NewDynamicAdvancedSessionWithONNXData(src.data, m.inputNames, m.outputNames, opts)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: open session: %w", src.path, err)
	}
	return s, nil
}

// kvBytes is the size of one element of the KV cache.
func (m *model) kvBytes() int {
	if m.kvType == elemFloat16 {
		return 2
	}
	return 4
}
