package onnx

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// valueInfo is a graph input or output as declared in the ONNX file.
type valueInfo struct {
	Name     string
	ElemType int32 // onnx.TensorProto.DataType: 1 float, 7 int64, 10 float16
	// Dims has one entry per axis; Param is the symbolic name when the axis
	// is dynamic, else Value is its fixed size.
	Dims []dim
}

type dim struct {
	Value int64
	Param string
}

// ONNX element types used here (onnx.TensorProto.DataType).
const (
	elemFloat   = 1
	elemUint8   = 2
	elemInt64   = 7
	elemFloat16 = 10
)

func elemName(t int32) string {
	switch t {
	case elemFloat:
		return "float32"
	case elemInt64:
		return "int64"
	case elemFloat16:
		return "float16"
	}
	return fmt.Sprintf("element type %d", t)
}

// readGraphIO reads the graph inputs and outputs of an ONNX model file
// without loading its weights: it walks the protobuf and seeks past
// everything else, so a 2 GB model costs a few reads.
func readGraphIO(path string) (inputs, outputs []valueInfo, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	r := &pbReader{f: f, br: bufio.NewReader(f), end: st.Size()}
	// ModelProto: field 7 is the graph.
	found := false
	for r.pos < r.end {
		field, wire, err := r.key()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: not an ONNX model: %w", path, err)
		}
		if field != 7 || wire != 2 {
			if err := r.skip(wire); err != nil {
				return nil, nil, fmt.Errorf("%s: not an ONNX model: %w", path, err)
			}
			continue
		}
		n, err := r.varint()
		if err != nil {
			return nil, nil, fmt.Errorf("%s: not an ONNX model: %w", path, err)
		}
		graphEnd := r.pos + int64(n)
		if graphEnd > r.end {
			return nil, nil, fmt.Errorf("%s: not an ONNX model: graph runs past the end of the file", path)
		}
		found = true
		for r.pos < graphEnd {
			field, wire, err := r.key()
			if err != nil {
				return nil, nil, fmt.Errorf("%s: corrupt graph: %w", path, err)
			}
			if (field == 11 || field == 12) && wire == 2 {
				b, err := r.bytes()
				if err != nil {
					return nil, nil, fmt.Errorf("%s: corrupt graph: %w", path, err)
				}
				vi, err := parseValueInfo(b)
				if err != nil {
					return nil, nil, fmt.Errorf("%s: corrupt graph input/output: %w", path, err)
				}
				if field == 11 {
					inputs = append(inputs, vi)
				} else {
					outputs = append(outputs, vi)
				}
				continue
			}
			if err := r.skip(wire); err != nil {
				return nil, nil, fmt.Errorf("%s: corrupt graph: %w", path, err)
			}
		}
	}
	if !found || len(inputs) == 0 || len(outputs) == 0 {
		return nil, nil, fmt.Errorf("%s: not an ONNX model: no graph inputs and outputs", path)
	}
	return inputs, outputs, nil
}

var errTruncated = errors.New("truncated protobuf")

// pbReader reads protobuf fields from a file, seeking over long fields.
type pbReader struct {
	f   *os.File
	br  *bufio.Reader
	pos int64
	end int64
}

func (r *pbReader) varint() (uint64, error) {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.br.ReadByte()
		if err != nil {
			return 0, errTruncated
		}
		r.pos++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("varint overflow")
}

func (r *pbReader) key() (field int, wire int, err error) {
	k, err := r.varint()
	if err != nil {
		return 0, 0, err
	}
	if k>>3 == 0 {
		return 0, 0, errors.New("field number 0")
	}
	return int(k >> 3), int(k & 7), nil
}

func (r *pbReader) bytes() ([]byte, error) {
	n, err := r.varint()
	if err != nil {
		return nil, err
	}
	if int64(n) > r.end-r.pos || n > 1<<26 {
		return nil, errTruncated
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r.br, b); err != nil {
		return nil, errTruncated
	}
	r.pos += int64(n)
	return b, nil
}

func (r *pbReader) skip(wire int) error {
	var n int64
	switch wire {
	case 0:
		_, err := r.varint()
		return err
	case 1:
		n = 8
	case 5:
		n = 4
	case 2:
		l, err := r.varint()
		if err != nil {
			return err
		}
		n = int64(l)
	default:
		return fmt.Errorf("unsupported wire type %d", wire)
	}
	if n < 0 || n > r.end-r.pos {
		return errTruncated
	}
	if n <= int64(r.br.Buffered()) {
		_, err := r.br.Discard(int(n))
		r.pos += n
		return err
	}
	r.pos += n
	if _, err := r.f.Seek(r.pos, io.SeekStart); err != nil {
		return err
	}
	r.br.Reset(r.f)
	return nil
}

// pbField is one field of an in-memory message: varint holds a wire type 0
// value, data a wire type 2 payload; start and end delimit the whole field,
// key included, within the message.
type pbField struct {
	num, wire  int
	varint     uint64
	data       []byte
	start, end int
}

// pbScan calls fn for each field of an in-memory message, in order.
func pbScan(b []byte, fn func(pbField) error) error {
	for pos := 0; pos < len(b); {
		f := pbField{start: pos}
		k, n := binary.Uvarint(b[pos:])
		if n <= 0 {
			return errTruncated
		}
		pos += n
		f.num, f.wire = int(k>>3), int(k&7)
		switch f.wire {
		case 0:
			f.varint, n = binary.Uvarint(b[pos:])
			if n <= 0 {
				return errTruncated
			}
			pos += n
		case 1, 5:
			size := 8
			if f.wire == 5 {
				size = 4
			}
			if len(b)-pos < size {
				return errTruncated
			}
			pos += size
		case 2:
			l, n := binary.Uvarint(b[pos:])
			if n <= 0 || uint64(len(b)-pos-n) < l {
				return errTruncated
			}
			f.data = b[pos+n : pos+n+int(l)]
			pos += n + int(l)
		default:
			return fmt.Errorf("unsupported wire type %d", f.wire)
		}
		f.end = pos
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}

// pbFields calls fn for each field of an in-memory message.
func pbFields(b []byte, fn func(field, wire int, varint uint64, data []byte) error) error {
	return pbScan(b, func(f pbField) error { return fn(f.num, f.wire, f.varint, f.data) })
}

// pbAppendVarint appends field num with wire type 0.
func pbAppendVarint(b []byte, num int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3)
	return binary.AppendUvarint(b, v)
}

// pbAppendBytes appends field num with wire type 2.
func pbAppendBytes(b []byte, num int, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

// parseValueInfo decodes a ValueInfoProto: name (1) and type (2) →
// TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1) →
// dim_value (1) | dim_param (2).
func parseValueInfo(b []byte) (valueInfo, error) {
	var vi valueInfo
	err := pbFields(b, func(field, wire int, _ uint64, data []byte) error {
		switch {
		case field == 1 && wire == 2:
			vi.Name = string(data)
		case field == 2 && wire == 2:
			return pbFields(data, func(field, wire int, _ uint64, tensor []byte) error {
				if field != 1 || wire != 2 {
					return nil
				}
				return pbFields(tensor, func(field, wire int, v uint64, shape []byte) error {
					switch {
					case field == 1 && wire == 0:
						vi.ElemType = int32(v)
					case field == 2 && wire == 2:
						return pbFields(shape, func(field, wire int, _ uint64, dimMsg []byte) error {
							if field != 1 || wire != 2 {
								return nil
							}
							var d dim
							err := pbFields(dimMsg, func(field, wire int, v uint64, data []byte) error {
								switch {
								case field == 1 && wire == 0:
									d.Value = int64(v)
								case field == 2 && wire == 2:
									d.Param = string(data)
								}
								return nil
							})
							vi.Dims = append(vi.Dims, d)
							return err
						})
					}
					return nil
				})
			})
		}
		return nil
	})
	return vi, err
}
