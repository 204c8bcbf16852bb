package onnx

import (
	"math"
	"slices"
	"testing"
)

func logits(probs ...float64) []float32 {
	out := make([]float32, len(probs))
	for i, p := range probs {
		out[i] = float32(math.Log(p))
	}
	return out
}

// draw samples n tokens from one row of logits and returns their frequencies.
func draw(p genParams, row []float32, n int, seed uint64) []float64 {
	s := p.newSearcher(seed).(*sampler)
	freq := make([]float64, len(row))
	for i := 0; i < n; i++ {
		freq[s.sample(row)] += 1 / float64(n)
	}
	return freq
}

func TestSampling(t *testing.T) {
	row := logits(0.1, 0.5, 0.15, 0.25)
	base := genParams{maxNew: 10, strategy: "sample", temperature: 1, topP: 1}
	tests := []struct {
		name string
		p    func(genParams) genParams
		want []float64
	}{
		{"plain", func(p genParams) genParams { return p }, []float64{0.1, 0.5, 0.15, 0.25}},
		{"top-k 2", func(p genParams) genParams { p.topK = 2; return p }, []float64{0, 0.5 / 0.75, 0, 0.25 / 0.75}},
		{"top-k 1", func(p genParams) genParams { p.topK = 1; return p }, []float64{0, 1, 0, 0}},
		// 0.5 then 0.75 reaches 0.7: the nucleus is the two best.
		{"top-p 0.7", func(p genParams) genParams { p.topP = 0.7; return p }, []float64{0, 0.5 / 0.75, 0, 0.25 / 0.75}},
		{"top-p 0.4", func(p genParams) genParams { p.topP = 0.4; return p }, []float64{0, 1, 0, 0}},
		// Temperature 0.5 squares the probabilities before normalising.
		{"temperature 0.5", func(p genParams) genParams { p.temperature = 0.5; return p },
			[]float64{0.01 / 0.345, 0.25 / 0.345, 0.0225 / 0.345, 0.0625 / 0.345}},
	}
	for _, tt := range tests {
		got := draw(tt.p(base), row, 40000, 3)
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 0.015 {
				t.Errorf("%s: frequencies %.3f, want %.3f", tt.name, got, tt.want)
				break
			}
		}
	}
	if a, b := draw(base, row, 50, 7), draw(base, row, 50, 7); !slices.Equal(a, b) {
		t.Error("the same seed drew different tokens")
	}
}

func TestGreedyWhenNoTemperature(t *testing.T) {
	p := genParams{maxNew: 3, strategy: "sample", temperature: 0, eos: map[int]bool{3: true}}
	s := p.newSearcher(1)
	row := logits(0.1, 0.2, 0.6, 0.1)
	for i := 0; i < 2; i++ {
		if _, toks := s.next([][]float32{row}); !slices.Equal(toks, []int{2}) {
			t.Fatalf("step %d: tokens %v, want [2]", i, toks)
		}
	}
	if parents, _ := s.next([][]float32{row}); parents != nil || !slices.Equal(s.result(), []int{2, 2, 2}) {
		t.Errorf("after maxNew: parents %v result %v", parents, s.result())
	}
}

func TestTopK(t *testing.T) {
	v := []float32{1, 5, 3, 5, -1, 4}
	if got := topK(v, 3); !slices.Equal(got, []int{1, 3, 5}) {
		t.Errorf("topK = %v, want [1 3 5] (ties to the lower index)", got)
	}
	if got := topK(v, 6); !slices.Equal(got, []int{1, 3, 5, 2, 0, 4}) {
		t.Errorf("topK all = %v", got)
	}
}

func TestHalfToFloat(t *testing.T) {
	// 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), +Inf, 0.
	b := []byte{0x00, 0x3c, 0x00, 0xc0, 0xff, 0x7b, 0x01, 0x00, 0x00, 0x7c, 0x00, 0x00}
	want := []float32{1, -2, 65504, float32(math.Pow(2, -24)), float32(math.Inf(1)), 0}
	if got := halfToFloat(b); !slices.Equal(got, want) {
		t.Errorf("halfToFloat = %v, want %v", got, want)
	}
}
