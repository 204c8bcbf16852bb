package onnx

import (
	"math"
	"testing"
)

// TestLogitsMatchTorch prefills part of the golden prompt, then feeds the
// rest one token at a time through the KV cache, comparing every position's
// logits with torch's.
func TestLogitsMatchTorch(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	for _, split := range []int{len(g.LogitsPrompt), 5, 1} {
		s := newKVState(m)
		s.lens = []int{0}
		var buf []float32
		check := func(pos int, got []float32) {
			t.Helper()
			worst := 0.0
			for i, v := range got {
				worst = math.Max(worst, math.Abs(float64(v-g.Logits[pos][i])))
			}
			if worst > 1e-4 {
				t.Errorf("split %d, position %d: logits differ from torch by %g", split, pos, worst)
			}
		}
		last, buf, err := s.forward(nil, [][]int{g.LogitsPrompt[:split]}, buf)
		if err != nil {
			t.Fatal(err)
		}
		check(split-1, last[0])
		for pos := split; pos < len(g.LogitsPrompt); pos++ {
			last, buf, err = s.forward(nil, [][]int{{g.LogitsPrompt[pos]}}, buf)
			if err != nil {
				t.Fatal(err)
			}
			check(pos, last[0])
		}
		if s.cols != len(g.LogitsPrompt) {
			t.Errorf("split %d: cache has %d columns, want %d", split, s.cols, len(g.LogitsPrompt))
		}
	}
}

// TestQ4Variant runs the int4 (MatMulNBits) copy of the fixture and
// compares its logits with torch computing with the same dequantized
// weights. MatMulNBits with accuracy_level 4 quantizes activations to int8
// per block, hence a looser bound than fp32's 1e-4.
func TestQ4Variant(t *testing.T) {
	m := testModel(t, "q4")
	if m.file != "onnx/model_q4.onnx" {
		t.Fatalf("q4 variant loaded %s", m.file)
	}
	g := loadGolden(t)
	s := newKVState(m)
	s.lens = []int{0}
	last, _, err := s.forward(nil, [][]int{g.LogitsPrompt}, nil)
	if err != nil {
		t.Fatal(err)
	}
	worst, span := 0.0, 0.0
	for i, v := range last[0] {
		worst = math.Max(worst, math.Abs(float64(v-g.Q4LogitsLast[i])))
		span = math.Max(span, math.Abs(float64(g.Q4LogitsLast[i])))
	}
	t.Logf("q4 logits differ from torch's int4 reference by at most %g (largest logit %g)", worst, span)
	if worst > 0.05*span || argmax(last[0]) != argmax(g.Q4LogitsLast) {
		t.Errorf("q4 logits off by %g of %g, argmax %d vs %d", worst, span, argmax(last[0]), argmax(g.Q4LogitsLast))
	}
}

// TestForwardRaggedRows feeds three rows different numbers of tokens in one
// Run (the shorter ones padded, one row starting from an empty cache), then
// one decode step: every row's logits equal torch's for its positions.
func TestForwardRaggedRows(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	rows := []struct{ cached, fed int }{{1, 5}, {4, 1}, {0, 3}}
	refs := make([]rowRef, len(rows))
	for i, r := range rows {
		s := newKVState(m)
		s.lens = []int{0}
		if r.cached > 0 {
			if _, _, err := s.forward(nil, [][]int{g.LogitsPrompt[:r.cached]}, nil); err != nil {
				t.Fatal(err)
			}
		}
		refs[i] = rowRef{s, 0}
	}
	s := newKVState(m)
	s.gather(refs)
	check := func(step string, last [][]float32, pos func(i int) int) {
		t.Helper()
		for i := range rows {
			worst := 0.0
			for k, v := range last[i] {
				worst = math.Max(worst, math.Abs(float64(v-g.Logits[pos(i)][k])))
			}
			if worst > 1e-4 {
				t.Errorf("%s, row %d (position %d): logits differ from torch by %g", step, i, pos(i), worst)
			}
		}
	}
	ids := make([][]int, len(rows))
	for i, r := range rows {
		ids[i] = g.LogitsPrompt[r.cached : r.cached+r.fed]
	}
	last, buf, err := s.forward(nil, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("ragged prefill", last, func(i int) int { return rows[i].cached + rows[i].fed - 1 })
	for i, r := range rows {
		if s.lens[i] != r.cached+r.fed {
			t.Errorf("row %d caches %d positions, want %d", i, s.lens[i], r.cached+r.fed)
		}
		ids[i] = []int{g.LogitsPrompt[r.cached+r.fed]}
	}
	if last, _, err = s.forward(nil, ids, buf); err != nil {
		t.Fatal(err)
	}
	check("decode step after it", last, func(i int) int { return rows[i].cached + rows[i].fed })
}
