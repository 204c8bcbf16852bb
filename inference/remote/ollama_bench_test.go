package remote_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
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
	s := ollamatest.Start(b, ollamatest.Options{Deps: testDeps, NumParallel: 4})
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
// very request the engine sent (its body recorded on the way out) sent
// again by a bare client (net/http and a line scanner). Each iteration runs
// both, engine first, so drift in the machine's load hits the two alike;
// reported are the medians of each and the median of the per-pair
// differences (the engine's overhead), to the first streamed byte and to
// the end.
func BenchmarkOllamaOverhead(b *testing.B) {
	s := ollamatest.Start(b, ollamatest.Options{Deps: testDeps, NumParallel: 1})
	firsts := make(firstBytes, 1)
	rec := &recorder{next: firsts}
	e := benchEngine(b, s, remote.Options{Client: &http.Client{Transport: rec}})
	bare := &http.Client{Transport: firsts}
	req := chunk(1)
	var engine, direct timings
	for range b.N {
		start := time.Now()
		if _, err := e.Summarize(context.Background(), req); err != nil {
			b.Fatal(err)
		}
		engine.add(start, <-firsts)
		start = time.Now()
		if err := bareChat(bare, s.URL, rec.body); err != nil {
			b.Fatal(err)
		}
		direct.add(start, <-firsts)
	}
	for _, m := range []struct {
		unit         string
		engine, bare []time.Duration
	}{{"first-byte", engine.first, direct.first}, {"done", engine.done, direct.done}} {
		b.ReportMetric(ms(median(m.engine)), "engine-ms-to-"+m.unit)
		b.ReportMetric(ms(median(m.bare)), "bare-ms-to-"+m.unit)
		b.ReportMetric(ms(medianDiff(m.engine, m.bare)), "overhead-ms-to-"+m.unit)
	}
}

// timings collects, per request, the time to its first byte and to done.
type timings struct{ first, done []time.Duration }

func (t *timings) add(start, first time.Time) {
	t.done = append(t.done, time.Since(start))
	t.first = append(t.first, first.Sub(start))
}

// recorder is a transport that keeps the body of the last chat request it
// forwards to next.
type recorder struct {
	next http.RoundTripper
	body []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && strings.HasSuffix(req.URL.Path, "/chat") {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		r.body = body
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return r.next.RoundTrip(req)
}

// BenchmarkOllamaCancel measures how soon a server with one slot serves
// the next request after a streaming summary is cancelled: the next
// request's time to its first byte, against the same on an idle server.
func BenchmarkOllamaCancel(b *testing.B) {
	s := ollamatest.Start(b, ollamatest.Options{Deps: testDeps, NumParallel: 1})
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

// medianDiff is the median of a[i]-b[i].
func medianDiff(a, b []time.Duration) time.Duration {
	d := make([]time.Duration, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return median(d)
}

func median(d []time.Duration) time.Duration {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
