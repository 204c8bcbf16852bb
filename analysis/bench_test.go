package analysis

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"
)

// genSource writes a realistic source file of about n lines in lang:
// types with methods, doc comments, loops, error handling and calls.
func genSource(lang string, n int) []byte {
	var b bytes.Buffer
	gen := generators[lang]
	gen.header(&b)
	lines := 0
	for i := 0; lines < n; i++ {
		from := b.Len()
		gen.block(&b, i)
		lines += bytes.Count(b.Bytes()[from:], []byte{'\n'})
	}
	return b.Bytes()
}

type generator struct {
	header func(b *bytes.Buffer)
	block  func(b *bytes.Buffer, i int) // about 50 lines
}

var generators = map[string]generator{
	"go": {
		header: func(b *bytes.Buffer) {
			b.WriteString("// Package gen is generated for benchmarks.\npackage gen\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"strings\"\n)\n\n")
		},
		block: func(b *bytes.Buffer, i int) {
			fmt.Fprintf(b, `// Store%[1]d keeps records in memory.
type Store%[1]d struct {
	items map[string]int
	count int
}

// Put stores v under k and reports whether k was new.
func (s *Store%[1]d) Put(k string, v int) (bool, error) {
	if k == "" {
		return false, errors.New("empty key")
	}
	_, ok := s.items[k]
	s.items[k] = v
	s.count++
	return !ok, nil
}

// Sum adds every value whose key has the prefix.
func (s *Store%[1]d) Sum(prefix string) int {
	total := 0
	for k, v := range s.items {
		if strings.HasPrefix(k, prefix) {
			total += v
		} else if v < 0 {
			total -= v
		}
	}
	return total
}

// Load%[1]d fills a store from lines of "key=value".
func Load%[1]d(lines []string) (*Store%[1]d, error) {
	s := &Store%[1]d{items: map[string]int{}}
	for n, line := range lines {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("line %%d: no '='", n)
		}
		var x int
		if _, err := fmt.Sscanf(v, "%%d", &x); err != nil {
			return nil, fmt.Errorf("line %%d: %%w", n, err)
		}
		if _, err := s.Put(k, x); err != nil {
			return nil, err
		}
	}
	return s, nil
}

`, i)
		},
	},
	"python": {
		header: func(b *bytes.Buffer) {
			b.WriteString("\"\"\"Generated for benchmarks.\"\"\"\n\nimport os\nimport json\nfrom typing import Dict, List\n\n\n")
		},
		block: func(b *bytes.Buffer, i int) {
			fmt.Fprintf(b, `class Store%[1]d(object):
    """Keeps records in memory."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: Dict[str, int] = {}
        self.count = 0

    @property
    def size(self) -> int:
        return len(self.items)

    def put(self, key: str, value: int) -> bool:
        """Store value under key; report whether key was new."""
        if not key:
            raise ValueError("empty key")
        new = key not in self.items
        self.items[key] = value
        self.count += 1
        return new

    def total(self, prefix: str = "") -> int:
        total = 0
        for key, value in self.items.items():
            if key.startswith(prefix):
                total += value
            elif value < 0:
                total -= value
        return total


def load%[1]d(path: str) -> Store%[1]d:
    """Fill a store from a JSON file."""
    store = Store%[1]d(os.path.basename(path))
    try:
        with open(path) as f:
            data = json.load(f)
    except OSError as err:
        raise RuntimeError(path) from err
    for key, value in data.items():
        store.put(key, int(value))
    return store


def keys%[1]d(store: Store%[1]d) -> List[str]:
    return [k for k in store.items if k]


`, i)
		},
	},
}

func benchmarkParse(b *testing.B, lang string) {
	src := genSource(lang, 10000)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		fi, err := Parse(lang, src, Options{})
		if err != nil || len(fi.Chunks) == 0 {
			b.Fatalf("parse: %d chunks, %v", len(fi.Chunks), err)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process CPU time per operation since cpu, in
// milliseconds: with -cpu 1 it is the operation's own CPU cost (GC
// included), which stays meaningful when other processes load the machine.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(processCPU()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

func BenchmarkParse10kLines(b *testing.B) {
	for _, lang := range []string{"go", "python"} {
		b.Run(lang, func(b *testing.B) { benchmarkParse(b, lang) })
	}
}

// BenchmarkIncrementalEdit types one character in a function body in the
// middle of a 10,000-line file (and takes it back, alternately), then
// re-chunks. The edit lands inside an identifier ("to|tal"), except in
// python-after-indent: right after the indentation, where
// tree-sitter-python re-parses much more of the file.
func BenchmarkIncrementalEdit(b *testing.B) {
	cases := []struct {
		name, lang, at string
		skip           int
	}{
		{"go", "go", "total := 0", 2},
		{"python", "python", "total = 0", 2},
		{"python-after-indent", "python", "total = 0", 0},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			src := genSource(c.lang, 10000)
			d, err := NewDocument(c.lang, src, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			want := len(Flatten(d.File().Chunks))
			at := bytes.Index(src[len(src)/2:], []byte(c.at))
			if at < 0 {
				b.Fatalf("no %q in the second half", c.at)
			}
			at += len(src)/2 + c.skip
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; b.Loop(); i++ {
				if i%2 == 0 {
					err = d.Edit(Edit{Start: at, OldEnd: at, Text: []byte("x")})
				} else {
					err = d.Edit(Edit{Start: at, OldEnd: at + 1})
				}
				if err != nil {
					b.Fatal(err)
				}
				if got := len(Flatten(d.File().Chunks)); got != want {
					b.Fatalf("%d chunks after edit, want %d", got, want)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkDocuments100x5k opens 100 documents of 5,000 lines and reports
// the Go heap they hold (tree-sitter trees live in C memory and are not
// counted in heap-MB; see the RSS test in memory_test.go).
func BenchmarkDocuments100x5k(b *testing.B) {
	src := genSource("go", 5000)
	for b.Loop() {
		docs := make([]*Document, 100)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range docs {
			d, err := NewDocument("go", bytes.Clone(src), Options{})
			if err != nil {
				b.Fatal(err)
			}
			d.File()
			docs[i] = d
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		for _, d := range docs {
			d.Close()
		}
	}
}

// BenchmarkTreeSitterOnly10kLines is the floor under BenchmarkParse10kLines:
// the tree-sitter parse alone, without chunking.
func BenchmarkTreeSitterOnly10kLines(b *testing.B) {
	for _, lang := range []string{"go", "python"} {
		b.Run(lang, func(b *testing.B) {
			src := genSource(lang, 10000)
			sp := specFor(lang)
			p := sp.parser()
			defer sp.release(p)
			b.SetBytes(int64(len(src)))
			cpu := processCPU()
			for b.Loop() {
				tree, err := p.ParseCtx(context.Background(), nil, src)
				if err != nil {
					b.Fatal(err)
				}
				tree.Close()
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkChunkOnly10kLines is BenchmarkParse10kLines without the parse:
// the chunking of a parsed tree, from scratch (no memoized units).
func BenchmarkChunkOnly10kLines(b *testing.B) {
	for _, lang := range []string{"go", "python"} {
		b.Run(lang, func(b *testing.B) {
			src := genSource(lang, 10000)
			d, err := NewDocument(lang, src, Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			want := len(Flatten(d.File().Chunks))
			b.SetBytes(int64(len(src)))
			cpu := processCPU()
			for b.Loop() {
				d.file, d.memo = nil, nil
				if got := len(Flatten(d.File().Chunks)); got != want {
					b.Fatalf("%d chunks, want %d", got, want)
				}
				if d.queried == 0 {
					b.Fatal("nothing queried: the memo was used")
				}
			}
			reportCPU(b, cpu)
		})
	}
}
