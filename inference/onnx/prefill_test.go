package onnx

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// TestPrefixSameIDs: a prompt prefilled from the shared prefix's cache
// yields the ids it yields prefilled whole; a prompt that does not start
// with the prefix is prefilled whole.
func TestPrefixSameIDs(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	p := genParams{maxNew: g.GreedyNewTokens, eos: eosSet(g.EOS), strategy: "greedy"}
	for _, split := range []int{1, 4, 8} {
		d := testDecoderWith(t, m, decoderOptions{rows: 2, prefillTokens: 3, prefix: g.GreedyPrompt[:split]})
		r, err := d.generate(context.Background(), g.GreedyPrompt, p.newSearcher(0))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.ids, g.GreedyIDs) {
			t.Errorf("prefix of %d tokens: ids %v, want %v", split, r.ids, g.GreedyIDs)
		}
		if n := d.stats.fromPrefix.Load(); n != 1 {
			t.Errorf("prefix of %d tokens: %d prompts started from it, want 1", split, n)
		}
	}
	d := testDecoderWith(t, m, decoderOptions{rows: 2, prefix: g.BeamPrompt})
	got := generateAll(t, d, g.BatchPrompts, genParams{maxNew: g.BatchNewTokens, eos: map[int]bool{}, strategy: "greedy"})
	for i := range got {
		if !slices.Equal(got[i], g.BatchIDs[i]) {
			t.Errorf("prompt %d without the prefix: ids %v, want %v", i, got[i], g.BatchIDs[i])
		}
	}
	if n := d.stats.fromPrefix.Load(); n != 0 {
		t.Errorf("%d prompts that lack the prefix started from it", n)
	}
}

// TestEnginePrefix: the engine's prompts start with its shared prefix, and
// its summaries equal those of a decoder without one.
func TestEnginePrefix(t *testing.T) {
	e := testEngine(t, Options{MaxNewTokens: 16})
	prefix := e.dec.opts.prefix
	ids, _, err := e.prompt(inference.Request{Chunk: goChunk})
	if err != nil {
		t.Fatal(err)
	}
	if len(prefix) < 10 || !slices.Equal(ids[:len(prefix)], prefix) {
		t.Fatalf("prefix %v is not a real prefix of the prompt %v", prefix, ids)
	}
	if text := e.tok.Decode(prefix, false); !strings.HasPrefix(text, "<|im_start|>system\n") || !strings.Contains(text, "<|im_start|>user") {
		t.Fatalf("prefix is %q, want the system message and the user turn's start", text)
	}
	for _, c := range []inference.Request{{Chunk: goChunk}, {Chunk: pyChunk}} {
		ids, _, err := e.prompt(c)
		if err != nil {
			t.Fatal(err)
		}
		with, err := e.dec.generate(context.Background(), ids, e.params.newSearcher(0))
		if err != nil {
			t.Fatal(err)
		}
		plain := testDecoderWith(t, e.m, decoderOptions{rows: 1, prefillRows: 1})
		without, err := plain.generate(context.Background(), ids, e.params.newSearcher(0))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(with.ids, without.ids) {
			t.Errorf("%s: ids from the prefix %v, prefilled whole %v", c.Chunk.Name, with.ids, without.ids)
		}
	}
	if n := e.dec.stats.fromPrefix.Load(); n != 2 {
		t.Errorf("%d prompts started from the prefix, want 2", n)
	}
}

// TestBatchedPrefillSameIDs: prompts of different lengths prefilled
// together in shared Runs (a few tokens each per Run, next to a decoding
// job) yield the ids of sequential prefill, for greedy and beam search.
func TestBatchedPrefillSameIDs(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoderWith(t, m, decoderOptions{rows: 8, prefillTokens: 6, prefillRows: 4})
	blocker, stop := context.WithCancel(context.Background())
	defer stop()
	long := genParams{maxNew: 1 << 30, eos: map[int]bool{}, strategy: "greedy"}
	go d.generate(blocker, g.GreedyPrompt[:3], long.newSearcher(0))
	for d.stats.steps.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	beam := genParams{maxNew: g.BeamNewTokens, eos: eosSet(g.EOS), strategy: "beam",
		numBeams: g.BeamNumBeams, lengthPenalty: g.BeamLengthPenalty}
	beamDone := make(chan []int, 1)
	go func() {
		r, err := d.generate(context.Background(), g.BeamPrompt, beam.newSearcher(0))
		if err != nil {
			t.Error(err)
		}
		beamDone <- r.ids
	}()
	greedy := genParams{maxNew: g.BatchNewTokens, eos: map[int]bool{}, strategy: "greedy"}
	got := generateAll(t, d, g.BatchPrompts, greedy)
	for i := range got {
		if !slices.Equal(got[i], g.BatchIDs[i]) {
			t.Errorf("prompt %d: ids %v, want %v", i, got[i], g.BatchIDs[i])
		}
	}
	if ids := <-beamDone; !slices.Equal(ids, g.BeamIDs) {
		t.Errorf("beam ids %v, want %v", ids, g.BeamIDs)
	}
	if n := d.stats.maxPrefill.Load(); n < 2 {
		t.Errorf("at most %d prompts were prefilled in one Run, want them together", n)
	}
}

// TestPrefillFirstComeFirstServed: prompts submitted together are prefilled
// one after another, not side by side: no prompt is fed in a Run before the
// one that completes the prompt ahead of it, so the first reaches its first
// token while the others wait; the ids are those of sequential prefill.
func TestPrefillFirstComeFirstServed(t *testing.T) {
	m := testModel(t)
	g := loadGolden(t)
	d := testDecoderWith(t, m, decoderOptions{rows: len(g.BatchPrompts), prefillTokens: 2})
	p := genParams{maxNew: g.BatchNewTokens, eos: map[int]bool{}, strategy: "greedy"}
	results := make([]jobResult, len(g.BatchPrompts))
	var wg sync.WaitGroup
	for i, prompt := range g.BatchPrompts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := d.generate(context.Background(), prompt, p.newSearcher(0))
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	for i, r := range results {
		if !slices.Equal(r.ids, g.BatchIDs[i]) {
			t.Errorf("prompt %d: ids %v, want %v", i, r.ids, g.BatchIDs[i])
		}
	}
	order := slices.SortedFunc(slices.Values(results), func(a, b jobResult) int { return cmp.Compare(a.fed.first, b.fed.first) })
	for i := 1; i < len(order); i++ {
		if prev, r := order[i-1].fed, order[i].fed; r.first < prev.last {
			t.Errorf("a prompt was first fed in prefill Run %d, before the prompt ahead of it (Runs %d–%d) was complete", r.first, prev.first, prev.last)
		}
	}
	if n := d.stats.prefills.Load(); n < int64(len(results)) {
		t.Errorf("%d prefill Runs for %d prompts", n, len(results))
	}
}
