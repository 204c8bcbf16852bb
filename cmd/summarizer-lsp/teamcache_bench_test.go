package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cache/redistest"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// hoverLatencies hovers every function of source(n) once, opened as name,
// and returns each hover's latency, sorted.
func hoverLatencies(b *testing.B, m *teamMachine, name string, n int) []time.Duration {
	b.Helper()
	u := m.env.Open(name, "go", source(n))
	out := make([]time.Duration, n)
	for i := range n {
		start := time.Now()
		if _, err := m.env.Hover(u, lsptest.Pos(uint32(2+i), 6)); err != nil {
			b.Fatal(err)
		}
		out[i] = time.Since(start)
	}
	slices.Sort(out)
	return out
}

func reportPercentiles(b *testing.B, label string, d []time.Duration) {
	b.Helper()
	p := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.5), label+"-p50-ms")
	b.ReportMetric(p(0.99), label+"-p99-ms")
	b.ReportMetric(p(1), label+"-max-ms")
}

// BenchmarkTeamCacheHover measures 1,000 hovers on a machine whose local
// cache is cold: with the team cache warm, with it killed, with it frozen
// (accepts, never answers), and without a team cache (the built-in path).
// Hovers do not wait for the model (hoverBudgetMs 0), so what is timed is
// the cache path. Run with -benchtime=1x.
func BenchmarkTeamCacheHover(b *testing.B) {
	const n = 1000
	for range b.N {
		srv := redistest.Start(b, redistest.Options{})
		fill := newTeamMachine(b, srv.URL(), patient)
		hoverLatencies(b, fill, "fill.go", n)
		fill.env.Close()

		warm := newTeamMachine(b, srv.URL(), impatient)
		reportPercentiles(b, "warm", hoverLatencies(b, warm, "team.go", n))
		if c := warm.calls.Load(); c != 0 {
			b.Fatalf("warm machine ran its engine %d times", c)
		}
		warm.env.Close()

		builtin := newTeamMachine(b, "", impatient)
		reportPercentiles(b, "noteam", hoverLatencies(b, builtin, "team.go", n))
		builtin.env.Close()

		srv.Freeze()
		frozen := newTeamMachine(b, srv.URL(), impatient)
		reportPercentiles(b, "frozen", hoverLatencies(b, frozen, "team.go", n))
		frozen.env.Close()
		srv.Thaw()

		srv.Kill()
		down := newTeamMachine(b, srv.URL(), impatient)
		reportPercentiles(b, "killed", hoverLatencies(b, down, "team.go", n))
		down.env.Close()
	}
}

// BenchmarkTeamCacheExplain explains a 2,000-line file with the tiny model
// on a machine with a cold local cache, first with an empty team cache
// (which it fills), then on a second machine with the team cache warm.
// Run with -benchtime=1x.
func BenchmarkTeamCacheExplain(b *testing.B) {
	file := b.TempDir() + "/big.go"
	var src strings.Builder
	src.WriteString("package big\n\n")
	for i := 0; strings.Count(src.String(), "\n") < 2000; i++ {
		fmt.Fprintf(&src, "// f%d adds %d.\nfunc f%d(a int) int {\n\tb := a + %d\n\treturn b\n}\n\n", i, i, i, i)
	}
	if err := os.WriteFile(file, []byte(src.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Setenv(passwordEnv, redistest.UserPassword)
	for range b.N {
		srv := redistest.Start(b, redistest.Options{})
		run := func() time.Duration {
			cfg := modelConfig(b)
			cfg.MaxNewTokens = 64
			cfg.CacheURL, cfg.CachePasswordEnv = srv.URL(), passwordEnv
			start := time.Now()
			if err := explain(context.Background(), cfg, explainFlags{json: true}, []string{file}, &bytes.Buffer{}); err != nil {
				b.Fatal(err)
			}
			return time.Since(start)
		}
		cold, warm := run(), run()
		b.ReportMetric(cold.Seconds(), "cold-s")
		b.ReportMetric(warm.Seconds(), "warm-s")
		b.ReportMetric(cold.Seconds()/warm.Seconds(), "cold/warm")
	}
}
