package tokenizer

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

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
	for b.Loop() {
		b.StopTimer()
		tk, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, s := range texts {
			tokens += len(tk.Encode(s, false))
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
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
	for b.Loop() {
		for _, s := range texts {
			tokens += len(tk.Encode(s, false))
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoadQwen3 loads the Qwen3 tokenizer and reports the heap it keeps.
func BenchmarkLoadQwen3(b *testing.B) {
	dir := qwenDir(b)
	var keep *Tokenizer
	for b.Loop() {
		tk, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		keep = tk
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	runtime.KeepAlive(keep)
}

func BenchmarkDecodeQwen3(b *testing.B) {
	tk := loadQwen(b)
	var ids [][]int
	for _, s := range corpusTexts(b) {
		ids = append(ids, tk.Encode(s, false))
	}
	tokens := 0
	for b.Loop() {
		for _, x := range ids {
			tk.Decode(x, false)
			tokens += len(x)
		}
	}
	b.ReportMetric(float64(tokens)/b.Elapsed().Seconds(), "tokens/s")
}
