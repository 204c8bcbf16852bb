package analysis

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// rssBytes reads the resident set size of this process from /proc.
func rssBytes(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatalf("reading RSS: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("parsing VmRSS %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// rssBudget is the share of the server's 500 MB that 100 open documents
// of 5,000 lines may take in this package (text, syntax trees, chunks).
const rssBudget = 300 << 20

// TestMemory100Documents opens 100 documents of 5,000 lines (half Go, half
// Python), chunks them and edits each once, and checks the growth of the
// process's resident memory.
func TestMemory100Documents(t *testing.T) {
	srcs := [][]byte{genSource("go", 5000), genSource("python", 5000)}
	langs := []string{"go", "python"}
	runtime.GC()
	before := rssBytes(t)
	docs := make([]*Document, 100)
	for i := range docs {
		d, err := NewDocument(langs[i%2], bytes.Clone(srcs[i%2]), Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.File()
		at := len(d.Text()) / 2
		if err := d.Edit(Edit{Start: at, OldEnd: at, Text: []byte(" ")}); err != nil {
			t.Fatal(err)
		}
		if len(d.File().Chunks) == 0 {
			t.Fatal("no chunks")
		}
		docs[i] = d
	}
	// FreeOSMemory collects again: go-tree-sitter objects with finalizers
	// survive one cycle.
	runtime.GC()
	debug.FreeOSMemory()
	after := rssBytes(t)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	grew := after - before
	t.Logf("100 documents of 5,000 lines: RSS %d MB → %d MB (+%d MB), Go heap in use %d MB",
		before>>20, after>>20, grew>>20, ms.HeapInuse>>20)
	if grew > rssBudget {
		t.Errorf("RSS grew by %d MB, budget %d MB", grew>>20, rssBudget>>20)
	}
	for _, d := range docs {
		d.Close()
	}
}
