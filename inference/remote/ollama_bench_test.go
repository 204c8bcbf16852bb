package remote_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote/ollamatest"
)

// Benchmarks against a real `ollama serve` with the tiny model; figures
// and the command are in docs/benchmarks.md.

const benchTokens = 32

// BenchmarkOllamaThroughput runs summaries through the scheduler with 1, 4
// and 10 slots against one server that runs 4 requests at once
// (OLLAMA_NUM_PARALLEL=4).
func BenchmarkOllamaThroughput(b *testing.B) {
	s := ollamatest.Start(b, ollamatest.Options{NumParallel: 4})
	for _, slots := range []int{1, 4, 10} {
		b.Run("slots="+strconv.Itoa(slots), func(b *testing.B) {
			e := benchEngine(b, s, remote.Options{Slots: slots})
			sched, err := inference.NewScheduler(inference.SchedulerOptions{Slots: slots, Logger: quiet()})
			if err != nil {
				b.Fatal(err)
			}
			defer sched.Close()
			b.ResetTimer()
			var wg sync.WaitGroup
			for i := range b.N {
				wg.Go(func() {
					req := chunk(i)
					_, err := sched.Do(context.Background(), inference.Job{Key: req.Chunk.Name, Run: func(ctx context.Context) (inference.Result, error) {
						return e.Summarize(ctx, req)
					}})
					if err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "summaries/s")
		})
	}
}

// BenchmarkOllamaOverhead compares one summary through the engine with the
// same /api/chat request sent by a bare client (net/http and a line
// scanner): time to the first streamed byte and to the end, medians.
func BenchmarkOllamaOverhead(b *testing.B) {
	s := ollamatest.Start(b, ollamatest.Options{NumParallel: 1})
	firsts := make(firstBytes, 1)
	e := benchEngine(b, s, remote.Options{Client: &http.Client{Transport: firsts}})
	req := chunk(1)
	p := inference.BuildPrompt(req, inference.PromptOptions{})
	body, err := json.Marshal(map[string]any{
		"model": ollamatest.Model, "stream": true,
		"messages": []map[string]string{{"role": "system", "content": p.System}, {"role": "user", "content": p.User}},
		"options":  map[string]any{"num_predict": benchTokens, "temperature": 0.0},
	})
	if err != nil {
		b.Fatal(err)
	}
	bare := &http.Client{Transport: firsts}
	b.Run("engine", func(b *testing.B) {
		var first, done []time.Duration
		for range b.N {
			start := time.Now()
			if _, err := e.Summarize(context.Background(), req); err != nil {
				b.Fatal(err)
			}
			done = append(done, time.Since(start))
			first = append(first, (<-firsts).Sub(start))
		}
		reportMedians(b, first, done)
	})
	b.Run("bare", func(b *testing.B) {
		var first, done []time.Duration
		for range b.N {
			start := time.Now()
			if err := bareChat(bare, s.URL, body); err != nil {
				b.Fatal(err)
			}
			done = append(done, time.Since(start))
			first = append(first, (<-firsts).Sub(start))
		}
		reportMedians(b, first, done)
	})
}

// BenchmarkOllamaCancel measures how soon a server with one slot serves
// the next request after a streaming summary is cancelled: the next
// request's time to its first byte, against the same on an idle server.
func BenchmarkOllamaCancel(b *testing.B) {
	s := ollamatest.Start(b, ollamatest.Options{NumParallel: 1})
	longFirsts, nextFirsts := make(firstBytes, 1), make(firstBytes, 1)
	long := benchEngine(b, s, remote.Options{MaxNewTokens: 1_000_000, Client: &http.Client{Transport: longFirsts}})
	next := benchEngine(b, s, remote.Options{MaxNewTokens: 1, Client: &http.Client{Transport: nextFirsts}})
	measure := func(b *testing.B, cancelFirst bool) {
		var waits []time.Duration
		for i := range b.N {
			var start time.Time
			if cancelFirst {
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { _, _ = long.Summarize(ctx, chunk(i)); close(done) }()
				<-longFirsts
				start = time.Now()
				cancel()
				<-done
			} else {
				start = time.Now()
			}
			if _, err := next.Summarize(context.Background(), chunk(i)); err != nil {
				b.Fatal(err)
			}
			waits = append(waits, (<-nextFirsts).Sub(start))
		}
		b.ReportMetric(ms(median(waits)), "ms-to-next-first-byte")
	}
	b.Run("idle", func(b *testing.B) { measure(b, false) })
	b.Run("after-cancel", func(b *testing.B) { measure(b, true) })
}

func benchEngine(b *testing.B, s *ollamatest.Server, o remote.Options) *remote.Engine {
	b.Helper()
	o.Protocol, o.Endpoint, o.Model, o.Logger = remote.Ollama, s.URL, ollamatest.Model, quiet()
	if o.MaxNewTokens == 0 {
		o.MaxNewTokens = benchTokens
	}
	e, err := remote.New(context.Background(), o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	return e
}

// bareChat sends body to /api/chat and reads the NDJSON stream to the end.
func bareChat(c *http.Client, base string, body []byte) error {
	resp, err := c.Post(base+"/api/chat", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var ev struct {
			Done bool `json:"done"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return err
		}
		if ev.Done {
			return nil
		}
	}
	return fmt.Errorf("stream ended early: %v", sc.Err())
}

func reportMedians(b *testing.B, first, done []time.Duration) {
	b.ReportMetric(ms(median(first)), "ms-to-first-byte")
	b.ReportMetric(ms(median(done)), "ms-to-done")
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
