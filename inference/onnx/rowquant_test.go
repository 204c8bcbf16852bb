package onnx

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestInt8BatchIndependent decodes the fixture's prompts with the int8
// variant alone and all at once, with longer answers than the goldens: with
// the activations quantized per position, a prompt's ids do not depend on
// the prompts it is batched with (with one scale per tensor they did).
func TestInt8BatchIndependent(t *testing.T) {
	g := loadGolden(t)
	m := testModelWith(t, loadOptions{variant: "quantized"})
	d := testDecoder(t, m, 4, 0)
	greedy := genParams{maxNew: 24, eos: map[int]bool{}, strategy: "greedy"}
	prompts := append(slices.Clone(g.BatchPrompts), g.LogitsPrompt, g.BeamPrompt)
	together := generateAll(t, d, prompts, greedy)
	for i, p := range prompts {
		alone := generateAll(t, d, [][]int{p}, greedy)[0]
		if !slices.Equal(alone, together[i]) {
			t.Errorf("prompt %d: alone %v, batched %v", i, alone, together[i])
		}
	}
}

// TestPerPositionQuantizeLeavesOtherGraphs: graphs without
// DynamicQuantizeLinear are not rewritten.
func TestPerPositionQuantizeLeavesOtherGraphs(t *testing.T) {
	for _, f := range []string{"model.onnx", "model_q4.onnx", "model_fp16.onnx"} {
		b, err := os.ReadFile(filepath.Join(fixtureDir, "onnx", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, n, err := perPositionQuantize(b); !errors.Is(err, errNoDynamicQuantize) || n != 0 {
			t.Errorf("%s: %d quantizers replaced, err %v; want errNoDynamicQuantize", f, n, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(fixtureDir, "onnx", "model_quantized.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, n, err := perPositionQuantize(b); err != nil || n == 0 {
		t.Errorf("int8 fixture: %d quantizers replaced, err %v", n, err)
	}
	if _, _, err := perPositionQuantize([]byte{0xff, 0xff}); err == nil {
		t.Error("garbage accepted as a model")
	}
}
