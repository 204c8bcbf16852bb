package onnx

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// searcher chooses the tokens of one job from the logits of its rows.
// It is used by the decoder loop only.
type searcher interface {
	// next takes the logits of the job's live rows (one row after the
	// prefill) and returns the rows to decode next: for each, the index of
	// the row it continues and the token to feed it. No rows: the job is done.
	next(logits [][]float32) (parents, tokens []int)
	// result returns the generated ids, without the EOS that ended them.
	result() []int
	// maxRows is the most rows the job ever decodes at once.
	maxRows() int
}

// genParams are the generation settings shared by all jobs of an engine.
type genParams struct {
	maxNew        int
	eos           map[int]bool
	strategy      string // greedy | sample | beam
	temperature   float64
	topK          int
	topP          float64
	numBeams      int
	lengthPenalty float64
}

func (p genParams) newSearcher(seed uint64) searcher {
	switch p.strategy {
	case "beam":
		if p.numBeams > 1 {
			return &beamSearch{p: p, live: []beam{{}}}
		}
	case "sample":
		if p.temperature > 0 {
			return &sampler{p: p, rng: rand.New(rand.NewPCG(seed, 0x5eed))}
		}
	}
	return &sampler{p: p}
}

// sampler is greedy decoding (rng nil) or sampling with temperature,
// top-k and top-p, in that order.
type sampler struct {
	p   genParams
	rng *rand.Rand
	out []int
}

func (s *sampler) maxRows() int  { return 1 }
func (s *sampler) result() []int { return s.out }

func (s *sampler) next(logits [][]float32) ([]int, []int) {
	var tok int
	if s.rng == nil {
		tok = argmax(logits[0])
	} else {
		tok = s.sample(logits[0])
	}
	if s.p.eos[tok] {
		return nil, nil
	}
	s.out = append(s.out, tok)
	if len(s.out) >= s.p.maxNew {
		return nil, nil
	}
	return []int{0}, []int{tok}
}

// argmax returns the first index of the largest value, as torch.argmax does.
func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

func (s *sampler) sample(logits []float32) int {
	k := s.p.topK
	if k <= 0 || k > len(logits) {
		k = len(logits)
	}
	idx := topK(logits, k)
	// Softmax over the k best at the temperature, then the nucleus.
	probs := make([]float64, len(idx))
	top := float64(logits[idx[0]])
	sum := 0.0
	for i, id := range idx {
		probs[i] = math.Exp((float64(logits[id]) - top) / s.p.temperature)
		sum += probs[i]
	}
	keep, cum := len(idx), 0.0
	for i := range probs {
		probs[i] /= sum
		cum += probs[i]
		if s.p.topP < 1 && cum >= s.p.topP {
			keep = i + 1
			break
		}
	}
	r := s.rng.Float64() * cumulative(probs[:keep])
	for i := 0; i < keep; i++ {
		r -= probs[i]
		if r < 0 {
			return idx[i]
		}
	}
	return idx[keep-1]
}

func cumulative(p []float64) float64 {
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	return sum
}

// topK returns the indices of the k largest values, largest first, ties to
// the lower index.
func topK(v []float32, k int) []int {
	h := &minHeap{v: v}
	for i := range v {
		if h.Len() < k {
			heap.Push(h, i)
		} else if h.less(h.idx[0], i) {
			h.idx[0] = i
			heap.Fix(h, 0)
		}
	}
	out := slices.Clone(h.idx)
	sort.Slice(out, func(a, b int) bool { return h.less(out[b], out[a]) })
	return out
}

// minHeap holds indices into v with the smallest value (ties: the larger
// index) on top, so that it keeps the k largest values, lower index first.
type minHeap struct {
	v   []float32
	idx []int
}

func (h *minHeap) less(a, b int) bool {
	if h.v[a] != h.v[b] {
		return h.v[a] < h.v[b]
	}
	return a > b
}
func (h *minHeap) Len() int           { return len(h.idx) }
func (h *minHeap) Less(i, j int) bool { return h.less(h.idx[i], h.idx[j]) }
func (h *minHeap) Swap(i, j int)      { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *minHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *minHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}

// beamSearch keeps the numBeams best partial sequences. Each step every live
// beam extends by its 2·numBeams best tokens; a candidate ending in EOS
// becomes a finished hypothesis scored sum(logprobs) / length^lengthPenalty
// (EOS counted in the length), of which the numBeams best are kept; the
// numBeams best other candidates live on. The search ends when the best
// live beam can no longer beat the worst kept hypothesis, or after maxNew
// tokens, when the live beams are scored the same way. Ties go to the lower
// beam index, then the lower token id (scripts/fixtures/gen_qwen2.py
// implements the same search in torch for the golden test).
type beamSearch struct {
	p        genParams
	live     []beam
	finished []beam // score normalised by length, best first
	best     []int
}

type beam struct {
	score float64
	toks  []int
}

func (b *beamSearch) maxRows() int  { return b.p.numBeams }
func (b *beamSearch) result() []int { return b.best }

func (b *beamSearch) normalised(score float64, length int) float64 {
	return score / math.Pow(float64(length), b.p.lengthPenalty)
}

func (b *beamSearch) next(logits [][]float32) ([]int, []int) {
	nb := b.p.numBeams
	type cand struct {
		score    float64
		beam, id int
	}
	var cands []cand
	for bi, row := range logits {
		logp := logSoftmax(row)
		for _, id := range topK(row, min(2*nb, len(row))) {
			cands = append(cands, cand{b.live[bi].score + logp[id], bi, id})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		ci, cj := cands[i], cands[j]
		if ci.score != cj.score {
			return ci.score > cj.score
		}
		if ci.beam != cj.beam {
			return ci.beam < cj.beam
		}
		return ci.id < cj.id
	})
	var next []beam
	var parents, tokens []int
	for _, c := range cands {
		toks := append(slices.Clone(b.live[c.beam].toks), c.id)
		if b.p.eos[c.id] {
			b.finished = append(b.finished, beam{b.normalised(c.score, len(toks)), toks})
			sort.SliceStable(b.finished, func(i, j int) bool { return b.finished[i].score > b.finished[j].score })
			if len(b.finished) > nb {
				b.finished = b.finished[:nb]
			}
		} else {
			next = append(next, beam{c.score, toks})
			parents = append(parents, c.beam)
			tokens = append(tokens, c.id)
		}
		if len(next) == nb {
			break
		}
	}
	b.live = next
	stop := len(next) == 0 || len(next[0].toks) >= b.p.maxNew
	if !stop && len(b.finished) == nb {
		stop = b.normalised(next[0].score, len(next[0].toks)) <= b.finished[nb-1].score
	}
	if !stop {
		return parents, tokens
	}
	for _, l := range b.live {
		b.finished = append(b.finished, beam{b.normalised(l.score, len(l.toks)), l.toks})
	}
	sort.SliceStable(b.finished, func(i, j int) bool { return b.finished[i].score > b.finished[j].score })
	best := b.finished[0].toks
	if n := len(best); n > 0 && b.p.eos[best[n-1]] {
		best = best[:n-1]
	}
	b.best = best
	return nil, nil
}

func logSoftmax(row []float32) []float64 {
	top := float64(row[argmax(row)])
	sum := 0.0
	for _, v := range row {
		sum += math.Exp(float64(v) - top)
	}
	lse := top + math.Log(sum)
	out := make([]float64, len(row))
	for i, v := range row {
		out[i] = float64(v) - lse
	}
	return out
}
