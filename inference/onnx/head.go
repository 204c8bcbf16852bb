package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The public decoder exports compute logits for every input position,
// [rows, positions, vocab], but the decoder only ever reads each row's last
// position (its rows are left-padded, so that is the last column). The
// output head is the largest single multiplication of a small model
// (151,936 × 896 for Qwen2.5-0.5B), so at load the graph is rewritten to
// gather the last column of the head's input first: logits become
// [rows, 1, vocab] and the head's work per prefill chunk drops from one
// product per position to one per row.

// errNoHead means the graph's logits do not come from an output head that
// lastPositionHead recognises.
var errNoHead = errors.New("output head not recognised")

// Field numbers of the ONNX protobuf messages the graph rewrites use (onnx.proto).
const (
	modelGraph = 7 // ModelProto.graph

	graphNode        = 1 // GraphProto.node
	graphInitializer = 5 // GraphProto.initializer

	nodeInput     = 1 // NodeProto.input
	nodeOutput    = 2 // NodeProto.output
	nodeName      = 3 // NodeProto.name
	nodeOpType    = 4 // NodeProto.op_type
	nodeAttribute = 5 // NodeProto.attribute
	nodeDomain    = 7 // NodeProto.domain

	modelOpsetImport = 8 // ModelProto.opset_import
	opsetDomain      = 1 // OperatorSetIdProto.domain
	opsetVersion     = 2 // OperatorSetIdProto.version

	attrName     = 1  // AttributeProto.name
	attrInt      = 3  // AttributeProto.i
	attrInts     = 8  // AttributeProto.ints
	attrType     = 20 // AttributeProto.type; 2 is INT
	attrTypeInts = 7  // AttributeProto.AttributeType INTS

	tensorDims     = 1 // TensorProto.dims
	tensorDataType = 2 // TensorProto.data_type
	tensorName     = 8 // TensorProto.name
	tensorRawData  = 9 // TensorProto.raw_data
)

// lastPositionHead returns a copy of the ONNX model b whose logits are
// those of each row's last position only. The head is found by walking
// back from the logits output through casts and element-wise operations
// with constant or scalar operands to a MatMul, MatMulInteger or
// MatMulNBits with a constant weight; a Gather of the last column is
// inserted before it. Any other shape of graph is errNoHead.
func lastPositionHead(b []byte) ([]byte, error) {
	var graph *pbField
	err := pbScan(b, func(f pbField) error {
		if f.num == modelGraph && f.wire == 2 {
			graph = &f
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("not an ONNX model: %w", err)
	}
	if graph == nil {
		return nil, errors.New("not an ONNX model: no graph")
	}
	g, err := parseGraph(graph.data)
	if err != nil {
		return nil, fmt.Errorf("corrupt graph: %w", err)
	}
	head, err := g.head()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+256)
	out = append(out, b[:graph.start]...)
	out = pbAppendBytes(out, modelGraph, g.gatherLastBefore(head))
	return append(out, b[graph.end:]...), nil
}

// graphNodeInfo is one node of a graph, with its field in the graph message.
type graphNodeInfo struct {
	field           pbField
	op, domain      string
	inputs, outputs []string
}

// graphInfo is what lastPositionHead needs of a GraphProto.
type graphInfo struct {
	msg      []byte
	nodes    []graphNodeInfo
	producer map[string]int  // tensor name → index of the node computing it
	weights  map[string]bool // initializer names
}

func parseGraph(msg []byte) (*graphInfo, error) {
	g := &graphInfo{msg: msg, producer: map[string]int{}, weights: map[string]bool{}}
	err := pbScan(msg, func(f pbField) error {
		switch {
		case f.num == graphNode && f.wire == 2:
			n, err := parseNode(f)
			if err != nil {
				return err
			}
			for _, out := range n.outputs {
				g.producer[out] = len(g.nodes)
			}
			g.nodes = append(g.nodes, n)
		case f.num == graphInitializer && f.wire == 2:
			return pbScan(f.data, func(t pbField) error {
				if t.num == tensorName && t.wire == 2 {
					g.weights[string(t.data)] = true
				}
				return nil
			})
		}
		return nil
	})
	return g, err
}

func parseNode(f pbField) (graphNodeInfo, error) {
	n := graphNodeInfo{field: f}
	err := pbScan(f.data, func(a pbField) error {
		if a.wire != 2 {
			return nil
		}
		switch a.num {
		case nodeInput:
			n.inputs = append(n.inputs, string(a.data))
		case nodeOutput:
			n.outputs = append(n.outputs, string(a.data))
		case nodeOpType:
			n.op = string(a.data)
		case nodeDomain:
			n.domain = string(a.data)
		}
		return nil
	})
	return n, err
}

// head returns the index of the output head: the node whose first input
// is the hidden state that the logits are computed from position by position.
func (g *graphInfo) head() (int, error) {
	name := "logits"
	for range 16 {
		i, ok := g.producer[name]
		if !ok {
			return 0, fmt.Errorf("%w: %s is not computed by a node", errNoHead, name)
		}
		n := g.nodes[i]
		switch {
		case n.op == "MatMul" || n.op == "MatMulInteger" || n.op == "MatMulNBits" && n.domain == "com.microsoft":
			if len(n.inputs) < 2 || !g.constant(n.inputs[1], 0) {
				return 0, fmt.Errorf("%w: %s computing %s has no constant weight", errNoHead, n.op, name)
			}
			return i, nil
		case n.op == "Cast" || n.op == "Identity":
			name = n.inputs[0]
		case n.op == "Mul" || n.op == "Add" || n.op == "Sub" || n.op == "Div":
			varying := ""
			for _, in := range n.inputs {
				if g.constant(in, 0) {
					continue
				}
				if varying != "" {
					return 0, fmt.Errorf("%w: both operands of %s computing %s vary by position", errNoHead, n.op, name)
				}
				varying = in
			}
			if varying == "" {
				return 0, fmt.Errorf("%w: %s computing %s has only constant operands", errNoHead, n.op, name)
			}
			name = varying
		default:
			return 0, fmt.Errorf("%w: logits come from a %s node", errNoHead, n.op)
		}
	}
	return 0, fmt.Errorf("%w: no MatMul within 16 nodes of the logits", errNoHead)
}

// constant reports whether the tensor is the same for every position: an
// initializer, a Constant node's output, the scale or zero point of a
// DynamicQuantizeLinear (scalars), or computed from such tensors only.
func (g *graphInfo) constant(name string, depth int) bool {
	if g.weights[name] {
		return true
	}
	i, ok := g.producer[name]
	if !ok || depth > 8 {
		return false
	}
	n := g.nodes[i]
	switch n.op {
	case "Constant":
		return true
	case "DynamicQuantizeLinear":
		return name != n.outputs[0]
	}
	for _, in := range n.inputs {
		if !g.constant(in, depth+1) {
			return false
		}
	}
	return len(n.inputs) > 0
}

// gatherLastBefore returns the graph message with a Gather of the last
// column (axis 1) of the head's first input inserted before the head, and
// the head reading the Gather's output instead.
func (g *graphInfo) gatherLastBefore(head int) []byte {
	h := g.nodes[head]
	index := g.unusedName("summarizer_lsp/last_position_index")
	gathered := g.unusedName(h.inputs[0] + "/last_position")

	gather := makeNode("Gather", []string{h.inputs[0], index}, gathered, intAttr("axis", 1))
	tensor := scalarTensor(index, elemInt64, binary.LittleEndian.AppendUint64(nil, ^uint64(0)), true) // [-1]

	out := make([]byte, 0, len(g.msg)+len(gather)+len(tensor)+len(h.field.data)+64)
	out = append(out, g.msg[:h.field.start]...)
	out = pbAppendBytes(out, graphNode, gather)
	out = pbAppendBytes(out, graphNode, replaceFirstInput(h.field.data, gathered))
	out = append(out, g.msg[h.field.end:]...)
	return pbAppendBytes(out, graphInitializer, tensor)
}

// replaceFirstInput returns the NodeProto msg with its first input renamed.
func replaceFirstInput(msg []byte, name string) []byte {
	var out []byte
	done := false
	// msg was scanned by parseGraph already: it cannot fail here.
	_ = pbScan(msg, func(f pbField) error {
		if f.num == nodeInput && f.wire == 2 && !done {
			out = pbAppendBytes(out, nodeInput, []byte(name))
			done = true
			return nil
		}
		out = append(out, msg[f.start:f.end]...)
		return nil
	})
	return out
}

// unusedName returns name, suffixed if a tensor of the graph has it.
func (g *graphInfo) unusedName(name string) string {
	for i, n := 0, name; ; i++ {
		if _, ok := g.producer[n]; !ok && !g.weights[n] {
			return n
		}
		n = fmt.Sprintf("%s_%d", name, i)
	}
}
