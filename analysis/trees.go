package analysis

import (
	"slices"
	"sync"

	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// maxTrees bounds the syntax trees kept for incremental re-parsing across
// all Documents. A tree takes about 40 times its text in C memory (4 MB for
// 5,000 lines of Go), too much to keep one per open document; a document
// whose tree was dropped parses from scratch on its next change, and the
// unit memo still spares it most of the chunking.
const maxTrees = 8

// trees is the process-wide LRU of Documents holding a tree. Safe for
// concurrent use.
var trees = &treeLRU{max: maxTrees}

type treeLRU struct {
	max  int
	mu   sync.Mutex
	docs []*Document // least recently used first
}

// touch marks d as the most recently used holder of a tree and drops the
// trees of the least recently used documents above the bound.
func (l *treeLRU) touch(d *Document) {
	l.mu.Lock()
	if i := slices.Index(l.docs, d); i >= 0 {
		l.docs = slices.Delete(l.docs, i, i+1)
	}
	l.docs = append(l.docs, d)
	var evict []*Document
	if n := len(l.docs) - l.max; n > 0 {
		evict = slices.Clone(l.docs[:n])
		l.docs = slices.Delete(l.docs, 0, n)
	}
	l.mu.Unlock()
	// Outside l.mu: a document holding its treeMu may be waiting for l.mu.
	for _, o := range evict {
		o.treeMu.Lock()
		o.closeTree()
		o.treeMu.Unlock()
	}
	if len(evict) > 0 {
		ts.ReleaseMemory()
	}
}

func (l *treeLRU) remove(d *Document) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i := slices.Index(l.docs, d); i >= 0 {
		l.docs = slices.Delete(l.docs, i, i+1)
	}
}
