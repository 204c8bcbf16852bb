//go:build unix

package tokenizer

import (
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// The benchmarks report tokens per second of wall time and of process CPU
// time (user + system, all threads): on a shared machine the second is the
// steadier figure.

// cpuTime returns the CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRate reports n tokens over the benchmark's wall time and over cpu.
func reportRate(b *testing.B, n int, cpu time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
	b.ReportMetric(float64(n)/cpu.Seconds(), "tokens/cpu-s")
}

// corpusTexts returns the parity corpus files' contents.
func corpusTexts(b *testing.B) []string {
	b.Helper()
	var texts []string
	err := filepath.WalkDir(filepath.Join("testdata", "corpus"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		texts = append(texts, string(data))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return texts
}

// BenchmarkEncodeQwen3 encodes the whole corpus per iteration on one
// goroutine and reports tokens per second (the merge cache is warm after the
// first iteration, as in a long-running server).
func BenchmarkEncodeQwen3(b *testing.B) {
	benchmarkEncode(b, loadQwen(b))
}

// BenchmarkEncodeQwen3Cold is BenchmarkEncodeQwen3 with a fresh tokenizer
// (empty merge cache) for every pass over the corpus.
func BenchmarkEncodeQwen3Cold(b *testing.B) {
	dir := qwenDir(b)
	texts := corpusTexts(b)
	tokens := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		tk, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		start := cpuTime(b)
		for _, s := range texts {
			tokens += len(tk.Encode(s, false))
		}
		cpu += cpuTime(b) - start
	}
	reportRate(b, tokens, cpu)
}

func BenchmarkEncodeSmall(b *testing.B) {
	tk, err := Load(filepath.Join("testdata", "small"))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkEncode(b, tk)
}

func benchmarkEncode(b *testing.B, tk *Tokenizer) {
	texts := corpusTexts(b)
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	b.SetBytes(int64(size))
	tokens := 0
	start := cpuTime(b)
	for b.Loop() {
		for _, s := range texts {
			tokens += len(tk.Encode(s, false))
		}
	}
	reportRate(b, tokens, cpuTime(b)-start)
}

// BenchmarkLoadQwen3 loads the Qwen3 tokenizer and reports the heap it
// keeps and the memory the process took from the OS (an upper bound of the
// resident size the tokenizer needs).
func BenchmarkLoadQwen3(b *testing.B) {
	dir := qwenDir(b)
	var keep *Tokenizer
	start := cpuTime(b)
	for b.Loop() {
		tk, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		keep = tk
	}
	b.ReportMetric(float64((cpuTime(b)-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	runtime.KeepAlive(keep)
}

func BenchmarkDecodeQwen3(b *testing.B) {
	tk := loadQwen(b)
	var ids [][]int
	for _, s := range corpusTexts(b) {
		ids = append(ids, tk.Encode(s, false))
	}
	tokens := 0
	start := cpuTime(b)
	for b.Loop() {
		for _, x := range ids {
			tk.Decode(x, false)
			tokens += len(x)
		}
	}
	reportRate(b, tokens, cpuTime(b)-start)
}
