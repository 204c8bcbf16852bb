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
