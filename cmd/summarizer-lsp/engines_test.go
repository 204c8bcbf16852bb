package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// testDeps is the deps cache the setup scripts fill ($SUMMARIZER_DEPS; ""
// means the repository's .cache/deps).
var testDeps = os.Getenv("SUMMARIZER_DEPS")

// tinyModel is the committed tiny Qwen2-architecture fixture (random
// weights); it needs the ONNX Runtime library from scripts/fetch-onnxruntime.sh.
const tinyModel = "../../testdata/tiny-qwen2"

// modelConfig is a configuration for the tiny model with the ONNX Runtime
// library the setup script fetched.
func modelConfig(t testing.TB) service.Config {
	deps := testDeps
	if deps == "" {
		deps = "../../.cache/deps"
	}
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	cfg.ModelPath = tinyModel
	cfg.OnnxruntimeLib = filepath.Join(deps, "onnxruntime")
	cfg.MaxNewTokens = 8
	return cfg
}

func TestHoverThroughTheONNXEngine(t *testing.T) {
	cfg := modelConfig(t)
	cfg.HoverBudgetMs = 60_000
	cfg.BackgroundSummaries = false
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	env := lsptest.New(t, lsptest.Options{Config: &cfg, LoadEngine: modelLoader(logger)})
	msg := env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(m lsptest.Message) bool {
		return strings.Contains(string(m.Params), "using onnx:tiny-qwen2") || strings.Contains(string(m.Params), "failed")
	}, 30*time.Second)
	if !strings.Contains(string(msg.Params), "using onnx:tiny-qwen2") {
		t.Fatalf("the tiny model did not load (run scripts/fetch-onnxruntime.sh): %s", msg.Params)
	}
	u := env.Open("sample.go", "go", "package p\n\nfunc add(a, b int) int {\n\treturn a + b\n}\n")
	md, err := env.Hover(u, lsptest.Pos(2, 6))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "onnx:tiny-qwen2") || strings.Contains(md, "pending") {
		t.Fatalf("hover was not answered by the model:\n%s", md)
	}
}

func TestExplainWithTheONNXEngine(t *testing.T) {
	cfg := modelConfig(t)
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "_Engine: onnx:tiny-qwen2_") {
		t.Fatalf("explain did not use the model:\n%s", out.String())
	}
	// The second run is served from the cache the first one filled.
	out.Reset()
	if err := explain(context.Background(), cfg, explainFlags{json: true}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r chunkRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if !r.Cached || r.Engine != "onnx:tiny-qwen2" {
			t.Errorf("second run: %s = %+v, want the model's summary from the cache", r.Name, r)
		}
	}
}

// TestONNXLibraryPlaces: the setting wins over $ONNXRUNTIME_LIB; the search
// covers $SUMMARIZER_DEPS and never the working directory (the project an
// editor opened: a library there would run its code).
func TestONNXLibraryPlaces(t *testing.T) {
	t.Setenv("ONNXRUNTIME_LIB", "/env/ort")
	t.Setenv("SUMMARIZER_DEPS", "/env/deps")
	cfg := service.DefaultConfig()
	if lib, _ := onnxLibrary(cfg); lib != "/env/ort" {
		t.Errorf("explicit library %q, want $ONNXRUNTIME_LIB", lib)
	}
	cfg.OnnxruntimeLib = "/setting/ort"
	lib, search := onnxLibrary(cfg)
	if lib != "/setting/ort" {
		t.Errorf("explicit library %q, want the setting", lib)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(search, "/env/deps/onnxruntime") {
		t.Errorf("search %v lacks $SUMMARIZER_DEPS/onnxruntime", search)
	}
	for _, dir := range search {
		if strings.HasPrefix(dir, wd) {
			t.Errorf("search %v includes %s, under the working directory %s", search, dir, wd)
		}
	}
}

// TestBuiltinEngineWritesTheSummaryLanguage checks that builtinEngine
// passes summaryLanguage on: zh gives Chinese sentences.
func TestBuiltinEngineWritesTheSummaryLanguage(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "loadConfigFile", Lang: "go"}
	for lang, want := range map[string]string{"en": "loadConfigFile loads the config file.", "zh": "加载配置文件。"} {
		cfg := service.DefaultConfig()
		cfg.SummaryLanguage = lang
		res, err := builtinEngine(cfg).Summarize(context.Background(), inference.Request{Chunk: c})
		if err != nil || res.Summary != want {
			t.Errorf("summaryLanguage %s: %q (%v), want %q", lang, res.Summary, err, want)
		}
	}
}
