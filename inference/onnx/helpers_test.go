package onnx

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

const fixtureDir = "../../testdata/tiny-qwen2"

// testLibrary returns the ONNX Runtime library fetched by the setup script.
func testLibrary(t testing.TB) string {
	t.Helper()
	deps := os.Getenv("SUMMARIZER_DEPS")
	if deps == "" {
		deps = filepath.Join("..", "..", ".cache", "deps")
	}
	p, err := FindLibrary(filepath.Join(deps, "onnxruntime"), nil)
	if err != nil {
		t.Fatalf("ONNX Runtime library missing: run scripts/fetch-onnxruntime.sh first (%v)", err)
	}
	return p
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// testModel loads the tiny fixture model, fp32 unless a variant is given.
func testModel(t testing.TB, variant ...string) *model {
	t.Helper()
	v := "fp32"
	if len(variant) > 0 {
		v = variant[0]
	}
	return testModelWith(t, loadOptions{variant: v})
}

// testModelWith loads the tiny fixture model on the CPU.
func testModelWith(t testing.TB, o loadOptions) *model {
	t.Helper()
	if err := initRuntime(testLibrary(t)); err != nil {
		t.Fatal(err)
	}
	o.provider = "cpu"
	m, err := loadModel(fixtureDir, o, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.session.Destroy() })
	return m
}

// golden is testdata/tiny-qwen2/golden.json, written by
// scripts/fixtures/gen_qwen2.py from the torch model.
type golden struct {
	EOS               []int       `json:"eos_token_id"`
	LogitsPrompt      []int       `json:"logits_prompt"`
	Logits            [][]float32 `json:"logits"`
	Q4LogitsLast      []float32   `json:"q4_logits_last"`
	GreedyPrompt      []int       `json:"greedy_prompt"`
	GreedyNewTokens   int         `json:"greedy_new_tokens"`
	GreedyIDs         []int       `json:"greedy_ids"`
	BeamPrompt        []int       `json:"beam_prompt"`
	BeamNumBeams      int         `json:"beam_num_beams"`
	BeamLengthPenalty float64     `json:"beam_length_penalty"`
	BeamNewTokens     int         `json:"beam_new_tokens"`
	BeamIDs           []int       `json:"beam_ids"`
	BatchPrompts      [][]int     `json:"batch_prompts"`
	BatchNewTokens    int         `json:"batch_new_tokens"`
	BatchIDs          [][]int     `json:"batch_ids"`
}

func loadGolden(t testing.TB) golden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

// generateAll runs the prompts through d at the same time and returns
// their ids in order.
func generateAll(t *testing.T, d *decoder, prompts [][]int, p genParams) [][]int {
	t.Helper()
	got := make([][]int, len(prompts))
	var wg sync.WaitGroup
	for i, prompt := range prompts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := d.generate(context.Background(), prompt, p.newSearcher(0))
			if err != nil {
				t.Error(err)
			}
			got[i] = r.ids
		}()
	}
	wg.Wait()
	return got
}
