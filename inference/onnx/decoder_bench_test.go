package onnx

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// BenchmarkDecode compares the two ways of serving N concurrent requests
// with one session: continuous batching (one decoder, N rows per Run) and
// concurrent Runs (N decoders of one row each, calling Run at the same
// time). Prompts are short so that decoding dominates; the metric is the
// generated tokens of all streams over the wall time. Set SUMMARIZER_BENCH_MODEL to a model directory (default: the tiny
// fixture), e.g. the shape-identical Qwen2.5-0.5B from scripts/bench/setup.sh:
//
//	SUMMARIZER_BENCH_MODEL=.cache/deps/models/qwen2.5-0.5b-shape \
//	  go test -run '^$' -bench Decode -benchtime 1x ./inference/onnx/
func BenchmarkDecode(b *testing.B) {
	dir := os.Getenv("SUMMARIZER_BENCH_MODEL")
	if dir == "" {
		dir = fixtureDir
	}
	if err := initRuntime(testLibrary(b)); err != nil {
		b.Fatal(err)
	}
	m, err := loadModel(dir, loadOptions{provider: "cpu"}, quietLogger())
	if err != nil {
		b.Fatal(err)
	}
	defer m.session.Destroy()
	const promptLen, newTokens = 8, 16
	for _, streams := range []int{1, 10} {
		for _, mode := range []string{"batched", "concurrent-runs"} {
			if streams == 1 && mode == "concurrent-runs" {
				continue // the same as batched with one stream
			}
			b.Run(fmt.Sprintf("%s-%d", mode, streams), func(b *testing.B) {
				decoders := make([]*decoder, streams)
				for i := range decoders {
					if mode == "batched" && i > 0 {
						decoders[i] = decoders[0]
						continue
					}
					d, err := newDecoder(m, decoderOptions{rows: streams}, quietLogger())
					if err != nil {
						b.Fatal(err)
					}
					defer d.close()
					decoders[i] = d
				}
				p := genParams{maxNew: newTokens, eos: map[int]bool{}, strategy: "greedy"}
				start := time.Now()
				for b.Loop() {
					var wg sync.WaitGroup
					for i, d := range decoders {
						prompt := make([]int, promptLen)
						for j := range prompt {
							prompt[j] = (i*7919 + j*104729) % m.vocab
						}
						wg.Add(1)
						go func() {
							defer wg.Done()
							if _, err := d.generate(context.Background(), prompt, p.newSearcher(0)); err != nil {
								b.Error(err)
							}
						}()
					}
					wg.Wait()
				}
				b.ReportMetric(float64(b.N*streams*newTokens)/time.Since(start).Seconds(), "gen-tok/s")
			})
		}
	}
}
