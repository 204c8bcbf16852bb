package onnx

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// maxDiff is the largest absolute difference between two logit rows.
func maxDiff(a, b []float32) float64 {
	worst := 0.0
	for i := range a {
		worst = math.Max(worst, math.Abs(float64(a[i]-b[i])))
	}
	return worst
}

// TestHeadRewriteMatchesGraph runs every variant of the fixture with its
// head rewritten to the last positions and as exported, through the same
// steps: a prefill, decode steps, and a batch of two rows of different
// lengths (left padding). The last-position logits must agree within 1e-4.
func TestHeadRewriteMatchesGraph(t *testing.T) {
	g := loadGolden(t)
	for _, variant := range []string{"fp32", "q4", "quantized", "fp16"} {
		t.Run(variant, func(t *testing.T) {
			whole := testModelWith(t, loadOptions{variant: variant, allLogits: true})
			last := testModelWith(t, loadOptions{variant: variant})
			if whole.lastOnly || !last.lastOnly {
				t.Fatalf("lastOnly: as exported %v, rewritten %v", whole.lastOnly, last.lastOnly)
			}
			steps := [][][]int{
				{g.LogitsPrompt},      // prefill
				{{g.LogitsPrompt[0]}}, // decode
				{{g.LogitsPrompt[1]}}, // decode
				{g.LogitsPrompt[2:5]}, // a second chunk
				{{g.LogitsPrompt[3]}}, // decode after it
			}
			a, b := newRow(whole), newRow(last)
			for i, ids := range steps {
				compareStep(t, "step "+string(rune('0'+i)), a, b, ids)
			}
			// Batch the long row with a fresh short one: rows of different lengths.
			a2, b2 := newRow(whole), newRow(last)
			compareStep(t, "short prefill", a2, b2, [][]int{g.BatchPrompts[1]})
			a.gather([]rowRef{{a, 0}, {a2, 0}})
			b.gather([]rowRef{{b, 0}, {b2, 0}})
			compareStep(t, "batched decode", a, b, [][]int{{7}, {9}})
			compareStep(t, "batched chunk", a, b, [][]int{{1, 2, 3}, {4, 5, 6}})
		})
	}
}

func newRow(m *model) *kvState {
	s := newKVState(m)
	s.lens = []int{0}
	return s
}

func compareStep(t *testing.T, name string, a, b *kvState, ids [][]int) {
	t.Helper()
	la, _, err := a.forward(nil, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	lb, _, err := b.forward(nil, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range la {
		if d := maxDiff(la[r], lb[r]); d > 1e-4 {
			t.Errorf("%s, row %d: rewritten head's logits differ by %g", name, r, d)
		}
	}
}

// TestHeadRewriteSearches: greedy batched decoding of prompts of different
// lengths and beam search give torch's ids with the rewritten head.
func TestHeadRewriteSearches(t *testing.T) {
	g := loadGolden(t)
	m := testModel(t)
	if !m.lastOnly {
		t.Fatal("the fixture's head was not rewritten")
	}
	d := testDecoder(t, m, 4, 0)
	beam := genParams{maxNew: g.BeamNewTokens, eos: eosSet(g.EOS), strategy: "beam",
		numBeams: g.BeamNumBeams, lengthPenalty: g.BeamLengthPenalty}
	r, err := d.generate(context.Background(), g.BeamPrompt, beam.newSearcher(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r.ids, g.BeamIDs) {
		t.Errorf("beam ids %v, want %v", r.ids, g.BeamIDs)
	}
	greedy := genParams{maxNew: g.BatchNewTokens, eos: map[int]bool{}, strategy: "greedy"}
	got := generateAll(t, d, g.BatchPrompts, greedy)
	for i := range got {
		if !slices.Equal(got[i], g.BatchIDs[i]) {
			t.Errorf("prompt %d: ids %v, want %v", i, got[i], g.BatchIDs[i])
		}
	}
}

// TestHeadNotRecognised: a graph whose logits come from an operation the
// rewrite does not know loads as it is, says so in the log, and computes
// the same logits.
func TestHeadNotRecognised(t *testing.T) {
	dir := copyFixture(t)
	path := filepath.Join(dir, "onnx", "model.onnx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, negateLogitsTwice(t, b), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := initRuntime(testLibrary(t)); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	m, err := loadModel(dir, loadOptions{variant: "fp32", provider: "cpu"}, slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer m.session.Destroy()
	if m.lastOnly {
		t.Fatal("a head behind Neg nodes was rewritten")
	}
	if !strings.Contains(logs.String(), "output head kept") || !strings.Contains(logs.String(), "Neg") {
		t.Errorf("no log line naming the fallback and the reason:\n%s", logs.String())
	}
	g := loadGolden(t)
	last, _, err := newRow(m).forward(nil, [][]int{g.LogitsPrompt}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(last[0], g.Logits[len(g.LogitsPrompt)-1]); d > 1e-4 {
		t.Errorf("logits differ from torch by %g", d)
	}
}

// negateLogitsTwice returns the model with logits = Neg(Neg(head)): the
// same values through an operation the rewrite does not walk through.
func negateLogitsTwice(t *testing.T, model []byte) []byte {
	t.Helper()
	var out []byte
	err := pbScan(model, func(f pbField) error {
		if f.num != modelGraph {
			out = append(out, model[f.start:f.end]...)
			return nil
		}
		var graph []byte
		err := pbScan(f.data, func(n pbField) error {
			field := f.data[n.start:n.end]
			if n.num == graphNode {
				node, err := parseNode(n)
				if err != nil {
					return err
				}
				if slices.Contains(node.outputs, "logits") {
					field = pbAppendBytes(nil, graphNode, bytes.Replace(n.data,
						pbAppendBytes(nil, nodeOutput, []byte("logits")), pbAppendBytes(nil, nodeOutput, []byte("head_out")), 1))
					graph = append(graph, field...)
					for _, io := range [][2]string{{"head_out", "negated"}, {"negated", "logits"}} {
						var neg []byte
						neg = pbAppendBytes(neg, nodeInput, []byte(io[0]))
						neg = pbAppendBytes(neg, nodeOutput, []byte(io[1]))
						neg = pbAppendBytes(neg, nodeOpType, []byte("Neg"))
						graph = pbAppendBytes(graph, graphNode, neg)
					}
					return nil
				}
			}
			graph = append(graph, field...)
			return nil
		})
		out = pbAppendBytes(out, modelGraph, graph)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
