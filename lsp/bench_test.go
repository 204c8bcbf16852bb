package lsp_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// goFile generates a Go file of about lines lines: functions with loops,
// branches, calls and error paths, some documented.
func goFile(lines int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n")
	for i := 0; strings.Count(b.String(), "\n") < lines; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, "// Process%d processes batch %d of the input records.\n", i, i)
		}
		fmt.Fprintf(&b, `func Process%d(path string, limit int) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open %%s: %%w", path, err)
	}
	defer f.Close()
	total := 0
	for i := 0; i < limit; i++ {
		if i%%2 == 0 {
			total += i * %d
		} else {
			total -= i
		}
	}
	return total, nil
}

`, i, i)
	}
	return b.String()
}

// BenchmarkHoverCached measures the round trip of a hover answered from the
// cache, through the whole server and a net.Pipe, and reports p50 and p99.
// Run with -benchtime 10000x for the figure in docs/benchmarks.md.
func BenchmarkHoverCached(b *testing.B) {
	env := lsptest.New(b, lsptest.Options{})
	u := env.Open("gen.go", "go", goFile(2000))
	pos := lsptest.Pos(10, 6)
	if md, err := env.Hover(u, pos); err != nil || md == "" {
		b.Fatalf("warm-up hover = %q, %v", md, err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := env.Hover(u, pos); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkOpen100Documents opens 100 documents of 5,000 lines, hovers
// each once (so every one is parsed and chunked) and reports the process's
// resident memory.
func BenchmarkOpen100Documents(b *testing.B) {
	for i := 0; i < b.N; i++ {
		env := lsptest.New(b, lsptest.Options{})
		text := goFile(5000)
		for d := 0; d < 100; d++ {
			// Distinct texts: a shared string would hide the real footprint.
			u := env.Open("doc"+strconv.Itoa(d)+".go", "go", text+"// "+strconv.Itoa(d)+"\n")
			if _, err := env.Hover(u, lsptest.Pos(10, 6)); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		b.ReportMetric(float64(rssBytes())/(1<<20), "RSS-MB")
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		env.Close()
	}
}

// BenchmarkExplain2000Lines is `summarizer-lsp explain` of a 2,000-line
// file with the built-in engine: parse, chunk, summarize every function
// through the service, render.
func BenchmarkExplain2000Lines(b *testing.B) {
	src := []byte(goFile(2000))
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for i := 0; i < b.N; i++ {
		file, err := analysis.Parse("go", src, analysis.Options{})
		if err != nil {
			b.Fatal(err)
		}
		svc, err := service.New(service.Options{Store: cache.OpenMemory(0), Logger: logger}, service.Engines{Builtin: heuristic.New()})
		if err != nil {
			b.Fatal(err)
		}
		exp, err := svc.ExplainFile(context.Background(), file, nil)
		if err != nil {
			b.Fatal(err)
		}
		_ = exp.Markdown("gen.go", "en")
		svc.Close()
	}
}

// rssBytes reads the resident set size from /proc (Linux).
func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
