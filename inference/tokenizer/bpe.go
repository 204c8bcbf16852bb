package tokenizer

import (
	"slices"
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
	id          int32 // the merged token
}

func (c candidate) before(d candidate) bool {
	return c.rank < d.rank || (c.rank == d.rank && c.pos < d.pos)
}

// candidates is a binary min-heap ordered by candidate.before.
type candidates []candidate

func (h *candidates) push(c candidate) {
	*h = append(*h, c)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q[i].before(q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *candidates) pop() candidate {
	q := *h
	top := q[0]
	n := len(q) - 1
	q[0] = q[n]
	q = q[:n]
	for i := 0; ; {
		l, m := 2*i+1, i
		if l < n && q[l].before(q[m]) {
			m = l
		}
		if r := l + 1; r < n && q[r].before(q[m]) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}

// scratch holds merge's working arrays, reused through scratchPool.
type scratch struct {
	sym  []int32
	heap candidates
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// merge runs BPE on word: repeatedly merge the adjacent pair of lowest rank,
// leftmost first, until no pair merges. Symbols live in arrays indexed by
// their first byte's offset, linked by next/prev; a merged-away symbol's id
// is -1.
func (m *bpe) merge(ids []int, word string) []int {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	n := len(word)
	sc.sym = slices.Grow(sc.sym[:0], 3*n)[:3*n]
	id, next, prev := sc.sym[:n], sc.sym[n:2*n], sc.sym[2*n:]
	for i := 0; i < n; i++ {
		id[i] = m.byteID[word[i]]
		next[i] = int32(i + 1)
		prev[i] = int32(i - 1)
	}
	next[n-1] = -1
	h := sc.heap[:0]
	push := func(pos int32) {
		if pos < 0 || next[pos] < 0 {
			return
		}
		l, r := id[pos], id[next[pos]]
		if mg, ok := m.merges[pairKey(l, r)]; ok {
			h.push(candidate{rank: mg.rank, pos: pos, left: l, right: r, id: mg.id})
		}
	}
	for i := 0; i < n-1; i++ {
		push(int32(i))
	}
	for len(h) > 0 {
		c := h.pop()
		r := next[c.pos]
		if id[c.pos] != c.left || r < 0 || id[r] != c.right {
			continue // stale: a neighbour has merged since
		}
		id[c.pos] = c.id
		id[r] = -1
		next[c.pos] = next[r]
		if next[r] >= 0 {
			prev[next[r]] = c.pos
		}
		push(prev[c.pos])
		push(c.pos)
	}
	sc.heap = h
	for i := int32(0); i >= 0; i = next[i] {
		ids = append(ids, int(id[i]))
	}
	return ids
}
