package onnx

import (
	"context"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"
)

// BenchmarkSummaries serves N summary-shaped requests that arrive together
// (a prompt of the engine's shared prefix followed by random tokens, then a
// fixed number of greedy tokens, EOS ignored) under each decoder schedule,
// and reports summaries per minute and the mean time to first token. The
// schedules add one change at a time: the graph's head as exported
// ("baseline"), the head on the last positions ("head"), the shared-prefix
// cache ("prefix"), and prompts prefilled together, at most T tokens a Run
// ("batchedT"). Set SUMMARIZER_BENCH_MODEL to a model directory (default:
// the tiny fixture) and SUMMARIZER_BENCH_VARIANT to its variant:
//
//	SUMMARIZER_BENCH_MODEL=.cache/deps/models/qwen2.5-0.5b-shape SUMMARIZER_BENCH_VARIANT=q4 \
//	  go test -run '^$' -bench Summaries -benchtime 1x ./inference/onnx/
func BenchmarkSummaries(b *testing.B) {
	dir := os.Getenv("SUMMARIZER_BENCH_MODEL")
	if dir == "" {
		dir = fixtureDir
	}
	variant := os.Getenv("SUMMARIZER_BENCH_VARIANT")
	e, err := Load(Options{ModelDir: dir, Variant: variant, Provider: "cpu", LibraryPath: testLibrary(b), Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	whole, err := loadModel(dir, loadOptions{variant: e.m.variant, provider: "cpu", allLogits: true}, quietLogger())
	if err != nil {
		b.Fatal(err)
	}
	defer whole.session.Destroy()
	prefix := e.dec.opts.prefix
	const streams = 10
	schedules := []struct {
		name string
		m    *model
		o    decoderOptions
	}{
		{"baseline", whole, decoderOptions{}},
		{"head", e.m, decoderOptions{}},
		{"prefix", e.m, decoderOptions{prefix: prefix}},
		{"batched64", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 64}},
		{"batched256", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 256}},
		{"batched640", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 640}},
	}
	for _, shape := range []struct {
		name           string
		prompt, newTok int
	}{{"256+32", 256, 32}, {"512+48", 512, 48}} {
		for _, s := range schedules {
			b.Run(shape.name+"/"+s.name, func(b *testing.B) {
				s.o.rows = streams
				d, err := newDecoder(s.m, s.o, quietLogger())
				if err != nil {
					b.Fatal(err)
				}
				defer d.close()
				rng := rand.New(rand.NewPCG(1, 2))
				var wall, ttft time.Duration
				for b.Loop() {
					prompts := make([][]int, streams)
					for i := range prompts {
						prompts[i] = append([]int(nil), prefix...)
						for len(prompts[i]) < shape.prompt {
							prompts[i] = append(prompts[i], rng.IntN(e.tok.VocabSize()))
						}
					}
					w, t := serveTogether(b, d, prompts, shape.newTok)
					wall += w
					ttft += t
				}
				runs := float64(b.N)
				b.ReportMetric(streams*runs/wall.Minutes(), "summaries/min")
				b.ReportMetric(ttft.Seconds()/runs, "ttft-s")
			})
		}
	}
}

// serveTogether submits the prompts at once and returns the wall time to
// the last summary and the mean time to first token.
func serveTogether(b *testing.B, d *decoder, prompts [][]int, newTokens int) (wall, ttft time.Duration) {
	p := genParams{maxNew: newTokens, eos: map[int]bool{}, strategy: "greedy"}
	start := time.Now()
	firsts := make([]time.Duration, len(prompts))
	var wg sync.WaitGroup
	for i, prompt := range prompts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := d.generate(context.Background(), prompt, p.newSearcher(0))
			if err != nil {
				b.Error(err)
				return
			}
			firsts[i] = r.steps[0].Sub(start)
		}()
	}
	wg.Wait()
	wall = time.Since(start)
	for _, f := range firsts {
		ttft += f
	}
	return wall, ttft / time.Duration(len(prompts))
}
