package tokenizer

import (
	"container/heap"
	"strings"
	"sync"
	"sync/atomic"
)

// Cache bounds: words longer than maxCachedWord bytes are not cached, and the
// cache is emptied when it holds maxCacheEntries words.
const (
	maxCachedWord   = 256
	maxCacheEntries = 1 << 18
)

// merge is the result of merging a pair of adjacent tokens.
type merge struct {
	rank int32
	id   int32
}

func pairKey(left, right int32) uint64 { return uint64(uint32(left))<<32 | uint64(uint32(right)) }

// bpe is a byte-level BPE model working on raw bytes and token ids. It is
// safe for concurrent use.
type bpe struct {
	byteID [256]int32
	merges map[uint64]merge
	// whole maps raw words to ids when merges are skipped for words that are
	// whole tokens (ignore_merges); nil otherwise.
	whole map[string]int32

	cache  sync.Map // raw word → []int
	cached atomic.Int64
}

// appendWord appends the ids of one pre-tokenized word.
func (m *bpe) appendWord(ids []int, word string) []int {
	switch {
	case len(word) == 0:
		return ids
	case len(word) == 1:
		return append(ids, int(m.byteID[word[0]]))
	}
	if m.whole != nil {
		if id, ok := m.whole[word]; ok {
			return append(ids, int(id))
		}
	}
	if len(word) > maxCachedWord {
		return m.merge(ids, word)
	}
	if v, ok := m.cache.Load(word); ok {
		return append(ids, v.([]int)...)
	}
	start := len(ids)
	ids = m.merge(ids, word)
	if m.cached.Add(1) > maxCacheEntries {
		m.cache.Clear()
		m.cached.Store(0)
	}
	m.cache.Store(strings.Clone(word), append([]int(nil), ids[start:]...))
	return ids
}

// candidate is a mergeable pair of adjacent symbols, left at pos.
type candidate struct {
	rank        int32
	pos         int32
	left, right int32
}

type candidates []candidate

func (h candidates) Len() int { return len(h) }
func (h candidates) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].pos < h[j].pos
}
func (h candidates) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candidates) Push(x any)   { *h = append(*h, x.(candidate)) }
func (h *candidates) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// merge runs BPE on word: repeatedly merge the adjacent pair of lowest rank,
// leftmost first, until no pair merges. Symbols live in arrays indexed by
// their first byte's offset, linked by next/prev; a merged-away symbol's id
// is -1.
func (m *bpe) merge(ids []int, word string) []int {
	n := len(word)
	sym := make([]int32, 3*n)
	id, next, prev := sym[:n], sym[n:2*n], sym[2*n:]
	for i := 0; i < n; i++ {
		id[i] = m.byteID[word[i]]
		next[i] = int32(i + 1)
		prev[i] = int32(i - 1)
	}
	next[n-1] = -1
	h := make(candidates, 0, n)
	push := func(pos int32) {
		if pos < 0 || next[pos] < 0 {
			return
		}
		l, r := id[pos], id[next[pos]]
		if mg, ok := m.merges[pairKey(l, r)]; ok {
			heap.Push(&h, candidate{rank: mg.rank, pos: pos, left: l, right: r})
		}
	}
	for i := 0; i < n-1; i++ {
		push(int32(i))
	}
	for len(h) > 0 {
		c := heap.Pop(&h).(candidate)
		r := next[c.pos]
		if id[c.pos] != c.left || r < 0 || id[r] != c.right {
			continue // stale: a neighbour has merged since
		}
		id[c.pos] = m.merges[pairKey(c.left, c.right)].id
		id[r] = -1
		next[c.pos] = next[r]
		if next[r] >= 0 {
			prev[next[r]] = c.pos
		}
		push(prev[c.pos])
		push(c.pos)
	}
	for i := int32(0); i >= 0; i = next[i] {
		ids = append(ids, int(id[i]))
	}
	return ids
}
