package onnx

import (
	"context"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSummaries serves N summary-shaped requests that arrive together
// (a prompt of the engine's shared prefix followed by random tokens, then a
// fixed number of greedy tokens, EOS ignored) under each decoder schedule,
// and reports summaries per minute and the mean time to first token. The
// schedules add one change at a time, the first three prefilling one prompt
// at a time in 64-token Runs: the graph's head as exported ("baseline"), the
// head on the last positions ("head"), the shared-prefix cache ("prefix");
// then prompts sharing prefill Runs of at most T tokens, first come first
// served ("batchedT"; batched640 is the decoder's default). Set
// SUMMARIZER_BENCH_MODEL to a model directory (default:
// the tiny fixture), SUMMARIZER_BENCH_VARIANT to its variant and
// SUMMARIZER_BENCH_STREAMS to the number of requests (default 10):
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
	b.Logf("%s: shared prefix of %d tokens", e.Describe(), len(prefix))
	streams := 10
	if n, err := strconv.Atoi(os.Getenv("SUMMARIZER_BENCH_STREAMS")); err == nil && n > 0 {
		streams = n
	}
	schedules := []struct {
		name string
		m    *model
		o    decoderOptions
	}{
		{"baseline", whole, decoderOptions{prefillRows: 1}},
		{"head", e.m, decoderOptions{prefillRows: 1, prefillTokens: 64}},
		{"prefix", e.m, decoderOptions{prefillRows: 1, prefillTokens: 64, prefix: prefix}},
		{"batched256", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 256}},
		{"batched640", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 640}},
		{"batched1024", e.m, decoderOptions{prefix: prefix, prefillRows: streams, prefillTokens: 1024}},
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
				var wall, ttft, cpu, cpuTTFT time.Duration
				for b.Loop() {
					prompts := make([][]int, streams)
					for i := range prompts {
						prompts[i] = append([]int(nil), prefix...)
						for len(prompts[i]) < shape.prompt {
							prompts[i] = append(prompts[i], rng.IntN(e.tok.VocabSize()))
						}
					}
					r := serveTogether(b, d, prompts, shape.newTok)
					wall += r.wall
					ttft += r.ttft
					cpu += r.cpu
					cpuTTFT += r.cpuTTFT
				}
				runs := float64(b.N)
				b.ReportMetric(float64(streams)*runs/wall.Minutes(), "summaries/min")
				b.ReportMetric(ttft.Seconds()/runs, "ttft-s")
				b.ReportMetric(float64(streams)*runs/cpu.Minutes(), "summaries/cpu-min")
				b.ReportMetric(cpuTTFT.Seconds()/runs, "ttft-cpu-s")
			})
		}
	}
}

// served is one serveTogether: wall time to the last summary, mean time to
// first token, and the same two in the process's CPU time (user + system,
// all threads), which other work on a shared machine disturbs far less.
type served struct {
	wall, ttft, cpu, cpuTTFT time.Duration
}

// serveTogether submits the prompts at once and waits for them all.
func serveTogether(b *testing.B, d *decoder, prompts [][]int, newTokens int) served {
	p := genParams{maxNew: newTokens, eos: map[int]bool{}, strategy: "greedy"}
	clock := startCPUClock()
	firsts := make([]time.Time, len(prompts))
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
			firsts[i] = r.steps[0]
		}()
	}
	wg.Wait()
	samples := clock.stop()
	var r served
	r.wall = samples[len(samples)-1].wall.Sub(samples[0].wall)
	r.cpu = samples[len(samples)-1].cpu - samples[0].cpu
	for _, f := range firsts {
		r.ttft += f.Sub(samples[0].wall)
		r.cpuTTFT += cpuAt(samples, f) - samples[0].cpu
	}
	n := time.Duration(len(prompts))
	r.ttft /= n
	r.cpuTTFT /= n
	return r
}

// cpuSample is the process's CPU time at a moment.
type cpuSample struct {
	wall time.Time
	cpu  time.Duration
}

// cpuClock samples the process's CPU time every 20 ms until stopped.
type cpuClock struct {
	quit    chan struct{}
	samples chan []cpuSample
}

func startCPUClock() *cpuClock {
	c := &cpuClock{quit: make(chan struct{}), samples: make(chan []cpuSample, 1)}
	s := []cpuSample{sampleCPU()}
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				s = append(s, sampleCPU())
			case <-c.quit:
				c.samples <- append(s, sampleCPU())
				return
			}
		}
	}()
	return c
}

func (c *cpuClock) stop() []cpuSample {
	close(c.quit)
	return <-c.samples
}

func sampleCPU() cpuSample {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return cpuSample{wall: time.Now(), cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
}

// cpuAt interpolates the process's CPU time at t between samples.
func cpuAt(samples []cpuSample, t time.Time) time.Duration {
	for i := 1; i < len(samples); i++ {
		a, b := samples[i-1], samples[i]
		if t.After(b.wall) {
			continue
		}
		span := b.wall.Sub(a.wall)
		if span <= 0 {
			return b.cpu
		}
		return a.cpu + time.Duration(float64(b.cpu-a.cpu)*float64(t.Sub(a.wall))/float64(span))
	}
	return samples[len(samples)-1].cpu
}
