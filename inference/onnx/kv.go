package onnx

import (
	"encoding/binary"
	"fmt"
	"math"

	ort "github.com/yalue/onnxruntime_go"
)

// kvState is the KV cache of a set of rows decoded together. Every past
// tensor is [rows, kvHeads, cols, headDim]; row r holds its lens[r] cached
// positions right-aligned in the cols columns, the columns before them are
// left padding that the attention mask hides.
//
// Each of the 2·layers tensors has two buffers: cur holds the past and the
// next Run writes present into spare, after which they swap. A decode step
// therefore feeds ONNX Runtime's own present output back as the next past
// without copying it; rows are only copied when the set of rows changes.
// A kvState is owned by one goroutine.
type kvState struct {
	m     *model
	lens  []int
	cols  int
	cur   [][]byte
	spare [][]byte
}

func newKVState(m *model) *kvState {
	n := 2 * m.layers
	return &kvState{m: m, cur: make([][]byte, n), spare: make([][]byte, n)}
}

func (s *kvState) rows() int { return len(s.lens) }

// rowBytes is the size of one row of one past tensor with cols columns.
func (s *kvState) rowBytes(cols int) int {
	return s.m.kvHeads * cols * s.m.headDim * s.m.kvBytes()
}

// grow returns buf resized to n bytes, reallocated with headroom when short.
func grow(buf []byte, n int) []byte {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]byte, n, n+n/4)
}

// rowRef names one row of a kvState.
type rowRef struct {
	src *kvState
	row int
}

// gather makes dst's rows the listed source rows, in order, re-aligning
// them to a common column count (the longest row's length). Sources may
// include dst itself. Padding columns are zeroed.
func (dst *kvState) gather(refs []rowRef) {
	cols := 0
	lens := make([]int, len(refs))
	for i, r := range refs {
		lens[i] = r.src.lens[r.row]
		cols = max(cols, lens[i])
	}
	m := dst.m
	eb := m.kvBytes()
	posBytes := m.headDim * eb
	rowOut := dst.rowBytes(cols)
	for t := range dst.spare {
		out := grow(dst.spare[t], len(refs)*rowOut)
		for i, r := range refs {
			srcCols := r.src.cols
			src := r.src.cur[t]
			for h := 0; h < m.kvHeads; h++ {
				dstHead := out[i*rowOut+h*cols*posBytes:][:cols*posBytes]
				pad := (cols - lens[i]) * posBytes
				clear(dstHead[:pad])
				srcHead := src[(r.row*m.kvHeads+h)*srcCols*posBytes:][:srcCols*posBytes]
				copy(dstHead[pad:], srcHead[(srcCols-lens[i])*posBytes:])
			}
		}
		dst.spare[t] = out
	}
	dst.cur, dst.spare = dst.spare, dst.cur
	dst.lens, dst.cols = lens, cols
}

// forward runs the model on s's rows, row r fed the new tokens ids[r], and
// advances the cache. Rows may be fed different numbers of tokens (at least
// one each): a shorter row is padded on the left of its new tokens with
// masked positions, whose columns are closed after the Run so that its
// cached positions stay contiguous. It returns the logits of each row's
// last new token (valid until the next forward with logitsBuf). On error s
// is unchanged, so the step may be retried.
func (s *kvState) forward(opts *ort.RunOptions, ids [][]int, logitsBuf []float32) ([][]float32, []float32, error) {
	if len(ids) != s.rows() {
		return nil, logitsBuf, fmt.Errorf("forward: %d token rows for %d cache rows", len(ids), s.rows())
	}
	n := 0
	for _, row := range ids {
		n = max(n, len(row))
	}
	st := &step{kv: s, rows: len(ids), n: n, logits: logitsBuf}
	defer st.destroy()
	if err := st.addInputs(ids); err != nil {
		return nil, st.logits, err
	}
	if err := st.addOutputs(); err != nil {
		return nil, st.logits, err
	}
	inputs, outputs := st.values[:st.numInputs], st.values[st.numInputs:]
	if err := s.m.session.RunWithOptions(inputs, outputs, opts); err != nil {
		return nil, st.logits, fmt.Errorf("run: %w", err)
	}
	last := st.lastLogits()
	s.cur, s.spare = s.spare, s.cur
	for r, row := range ids {
		if pad := n - len(row); pad > 0 {
			s.closeGap(r, s.cols, n, pad)
		}
		s.lens[r] += len(row)
	}
	s.cols += n
	return last, st.logits, nil
}

// closeGap closes the padding a forward of n tokens fed row r before its
// new tokens: the row's cached positions, which end at column past (the
// columns cached before the forward), move right by pad columns, next to
// the new ones, and the columns before them are zeroed.
func (s *kvState) closeGap(r, past, n, pad int) {
	m := s.m
	posBytes := m.headDim * m.kvBytes()
	width := (past + n) * posBytes
	from, to := (past-s.lens[r])*posBytes, (past-s.lens[r]+pad)*posBytes
	for t := range s.cur {
		for h := 0; h < m.kvHeads; h++ {
			head := s.cur[t][(r*m.kvHeads+h)*width:][:width]
			copy(head[to:], head[from:past*posBytes])
			clear(head[:to])
		}
	}
}

// step is the tensors of one forward: the inputs (ids, mask, positions,
// the past), then the outputs (logits, the present written into the spare
// buffers). Its tensors are destroyed after the Run; the buffers they wrap
// are the kvState's and logits.
type step struct {
	kv        *kvState
	rows, n   int
	values    []ort.Value
	numInputs int
	logits    []float32 // float32 logits, reused across steps
	logits16  []byte    // float16 logits, when the model has them
}

func (st *step) destroy() {
	for _, v := range st.values {
		v.Destroy()
	}
}

func (st *step) add(v ort.Value, err error) error {
	if err != nil {
		return fmt.Errorf("forward: tensor: %w", err)
	}
	st.values = append(st.values, v)
	return nil
}

// addInputs adds input_ids, attention_mask and position_ids for the new
// tokens and the past. Row r's cached positions are the last lens[r]
// columns of the past and its new tokens the last len(ids[r]) of the n new
// columns, so its mask covers those two ranges.
func (st *step) addInputs(ids [][]int) error {
	s, m := st.kv, st.kv.m
	rows, n := st.rows, st.n
	total := s.cols + n
	inputIDs := make([]int64, rows*n)
	positions := make([]int64, rows*n)
	mask := make([]int64, rows*total)
	for r, row := range ids {
		pad := n - len(row) // masked columns before the row's new tokens
		for j := range n {
			positions[r*n+j] = int64(s.lens[r] + max(0, j-pad))
		}
		for j, tok := range row {
			inputIDs[r*n+pad+j] = int64(tok)
		}
		for c := s.cols - s.lens[r]; c < s.cols; c++ {
			mask[r*total+c] = 1
		}
		for c := s.cols + pad; c < total; c++ {
			mask[r*total+c] = 1
		}
	}
	if err := st.add(ort.NewTensor(ort.NewShape(int64(rows), int64(n)), inputIDs)); err != nil {
		return err
	}
	if err := st.add(ort.NewTensor(ort.NewShape(int64(rows), int64(total)), mask)); err != nil {
		return err
	}
	if err := st.add(ort.NewTensor(ort.NewShape(int64(rows), int64(n)), positions)); err != nil {
		return err
	}
	pastShape := ort.NewShape(int64(rows), int64(m.kvHeads), int64(s.cols), int64(m.headDim))
	for t := range s.cur {
		data := s.cur[t]
		if s.cols == 0 {
			// ONNX Runtime accepts an empty past, the binding wants one byte.
			data = make([]byte, 1)
		}
		if err := st.add(ort.NewCustomDataTensor(pastShape, data, ort.TensorElementDataType(m.kvType))); err != nil {
			return err
		}
	}
	st.numInputs = len(st.values)
	return nil
}

// addOutputs adds the logits, [rows, positions, vocab] with one position
// per row when the head was rewritten, and the present tensors, written
// into the spare buffers.
func (st *step) addOutputs() error {
	s, m := st.kv, st.kv.m
	positions := st.n
	if m.lastOnly {
		positions = 1
	}
	logitsLen := st.rows * positions * m.vocab
	logitsShape := ort.NewShape(int64(st.rows), int64(positions), int64(m.vocab))
	if m.logitsType == elemFloat16 {
		st.logits16 = make([]byte, 2*logitsLen)
		if err := st.add(ort.NewCustomDataTensor(logitsShape, st.logits16, ort.TensorElementDataType(elemFloat16))); err != nil {
			return err
		}
	} else {
		if cap(st.logits) < logitsLen {
			st.logits = make([]float32, logitsLen)
		}
		if err := st.add(ort.NewTensor(logitsShape, st.logits[:logitsLen])); err != nil {
			return err
		}
	}
	total := s.cols + st.n
	presentShape := ort.NewShape(int64(st.rows), int64(m.kvHeads), int64(total), int64(m.headDim))
	for t := range s.spare {
		s.spare[t] = grow(s.spare[t], st.rows*s.rowBytes(total))
		if err := st.add(ort.NewCustomDataTensor(presentShape, s.spare[t], ort.TensorElementDataType(m.kvType))); err != nil {
			return err
		}
	}
	return nil
}

// lastLogits returns each row's logits at its last new position.
func (st *step) lastLogits() [][]float32 {
	vocab := st.kv.m.vocab
	positions := st.n
	if st.kv.m.lastOnly {
		positions = 1
	}
	last := make([][]float32, st.rows)
	for r := range last {
		off := (r*positions + positions - 1) * vocab
		if st.logits16 != nil {
			last[r] = halfToFloat(st.logits16[2*off : 2*(off+vocab)])
		} else {
			last[r] = st.logits[off : off+vocab]
		}
	}
	return last
}

// halfToFloat converts little-endian IEEE 754 half floats.
func halfToFloat(b []byte) []float32 {
	out := make([]float32, len(b)/2)
	for i := range out {
		h := binary.LittleEndian.Uint16(b[2*i:])
		sign := uint32(h>>15) << 31
		exp := uint32(h>>10) & 0x1f
		frac := uint32(h) & 0x3ff
		switch {
		case exp == 0x1f:
			out[i] = math.Float32frombits(sign | 0xff<<23 | frac<<13)
		case exp == 0 && frac == 0:
			out[i] = math.Float32frombits(sign)
		case exp == 0:
			v := float32(frac) / 1024 / 16384 // subnormal: frac · 2^-24
			if sign != 0 {
				v = -v
			}
			out[i] = v
		default:
			out[i] = math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
		}
	}
	return out
}
