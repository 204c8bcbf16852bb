package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The public int8 exports (ONNX Runtime's dynamic quantization) quantize
// each MatMul's activations with DynamicQuantizeLinear: one uint8 scale
// and zero point for the whole tensor, that is for every row and position
// of a Run. A request's tokens would then depend on the requests batched
// with it. At load every DynamicQuantizeLinear is replaced by the same
// quantization per position (the last axis): the scale is max|x| / 127 of
// that position's vector, the values x / scale rounded and shifted by the
// zero point 128. The scale keeps its name and its consumers (the Mul by
// the weight's scale after the MatMulInteger) broadcast it over the
// output's columns, so nothing else of the graph changes. int8 is then as
// batch-independent as int4 and stays the fastest variant on CPUs with
// VNNI (docs/benchmarks.md).

// errNoDynamicQuantize means the graph has no DynamicQuantizeLinear.
var errNoDynamicQuantize = errors.New("no DynamicQuantizeLinear in the graph")

// perPositionQuantize returns a copy of the ONNX model b with every
// DynamicQuantizeLinear replaced by per-position quantization, and how many
// it replaced; errNoDynamicQuantize when there are none.
func perPositionQuantize(b []byte) ([]byte, int, error) {
	var graph *pbField
	opset := int64(0)
	err := pbScan(b, func(f pbField) error {
		switch {
		case f.num == modelGraph && f.wire == 2:
			graph = &f
		case f.num == modelOpsetImport && f.wire == 2:
			domain, version := "", int64(0)
			if err := pbScan(f.data, func(o pbField) error {
				switch {
				case o.num == opsetDomain && o.wire == 2:
					domain = string(o.data)
				case o.num == opsetVersion && o.wire == 0:
					version = int64(o.varint)
				}
				return nil
			}); err != nil {
				return err
			}
			if domain == "" || domain == "ai.onnx" {
				opset = version
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("not an ONNX model: %w", err)
	}
	if graph == nil {
		return nil, 0, errors.New("not an ONNX model: no graph")
	}
	g, err := parseGraph(graph.data)
	if err != nil {
		return nil, 0, fmt.Errorf("corrupt graph: %w", err)
	}
	msg, n := g.quantizePerPosition(opset >= 18)
	if n == 0 {
		return nil, 0, errNoDynamicQuantize
	}
	out := make([]byte, 0, len(b)+len(msg)-len(graph.data)+16)
	out = append(out, b[:graph.start]...)
	out = pbAppendBytes(out, modelGraph, msg)
	return append(out, b[graph.end:]...), n, nil
}

// quantizePerPosition returns the graph message with each
// DynamicQuantizeLinear replaced (see perPositionQuantize) and how many
// were; axesInput: ReduceMax takes its axes as an input (opset 18 on)
// rather than an attribute. The scale output of each becomes the constant
// 1 and the per-position scale multiplies the dequantized product after
// the Mul that applies the scales: ONNX Runtime fuses MatMulInteger, Cast
// and that Mul into MatMulIntegerToFloat, which takes the activation's
// scale as a scalar. A quantizer whose scale is used other than by a Mul
// whose product is used by Muls only is not replaced; when one is not,
// none is (0).
func (g *graphInfo) quantizePerPosition(axesInput bool) ([]byte, int) {
	c := quantConsts{
		g.unusedName("summarizer_lsp/q127"), g.unusedName("summarizer_lsp/q128"),
		g.unusedName("summarizer_lsp/qeps"), g.unusedName("summarizer_lsp/qzero"),
		g.unusedName("summarizer_lsp/qone"), g.unusedName("summarizer_lsp/qaxes"),
	}
	users := map[string][]int{}
	for i, node := range g.nodes {
		for _, in := range node.inputs {
			users[in] = append(users[in], i)
		}
	}
	rescale := map[int]string{} // node applying the scales → the per-position scale to apply after it
	rows := map[int]string{}    // quantizer → the name of its per-position scale
	var quantizers []int
	for i, node := range g.nodes {
		if node.op != "DynamicQuantizeLinear" || node.domain != "" {
			continue
		}
		if len(node.inputs) != 1 || len(node.outputs) != 3 {
			return nil, 0
		}
		row := g.unusedName(node.inputs[0] + "/per_position_scale")
		rows[i] = row
		for _, m1 := range users[node.outputs[1]] {
			if g.nodes[m1].op != "Mul" || len(g.nodes[m1].outputs) != 1 {
				return nil, 0
			}
			for _, m2 := range users[g.nodes[m1].outputs[0]] {
				if g.nodes[m2].op != "Mul" || len(g.nodes[m2].outputs) != 1 {
					return nil, 0
				}
				rescale[m2] = row
			}
		}
		quantizers = append(quantizers, i)
	}
	if len(quantizers) == 0 {
		return nil, 0
	}
	out := make([]byte, 0, len(g.msg)+4096)
	pos := 0
	for i, node := range g.nodes {
		row, after := rescale[i]
		if node.op == "DynamicQuantizeLinear" && node.domain == "" {
			out = append(out, g.msg[pos:node.field.start]...)
			pos = node.field.end
			for _, nd := range c.quantizer(g, node, rows[i], axesInput) {
				out = pbAppendBytes(out, graphNode, nd)
			}
			continue
		}
		if after {
			out = append(out, g.msg[pos:node.field.start]...)
			pos = node.field.end
			unscaled := g.unusedName(node.outputs[0] + "/per_position_unscaled")
			out = pbAppendBytes(out, graphNode, renameOutput(node.field.data, unscaled))
			if gather, ok := g.gatheredInput(node); ok {
				// The head (lastPositionHead) multiplies the quantized
				// activations of the last position only: so does the scale.
				last := g.unusedName(row + "/last_position")
				out = pbAppendBytes(out, graphNode, makeNode("Gather", []string{row, gather.inputs[1]}, last, intAttr("axis", 1)))
				row = last
			}
			out = pbAppendBytes(out, graphNode, makeNode("Mul", []string{unscaled, row}, node.outputs[0]))
		}
	}
	out = append(out, g.msg[pos:]...)
	f32 := func(v float32) []byte { return binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)) }
	out = pbAppendBytes(out, graphInitializer, scalarTensor(c.div, elemFloat, f32(127), false))
	out = pbAppendBytes(out, graphInitializer, scalarTensor(c.shift, elemFloat, f32(128), false))
	out = pbAppendBytes(out, graphInitializer, scalarTensor(c.eps, elemFloat, f32(1e-30), false))
	out = pbAppendBytes(out, graphInitializer, scalarTensor(c.one, elemFloat, f32(1), false))
	out = pbAppendBytes(out, graphInitializer, scalarTensor(c.zero, elemUint8, []byte{128}, false))
	if axesInput {
		out = pbAppendBytes(out, graphInitializer, scalarTensor(c.axes, elemInt64, binary.LittleEndian.AppendUint64(nil, ^uint64(0)), true))
	}
	return out, len(quantizers)
}

// quantConsts names the constants of the per-position quantizers.
type quantConsts struct{ div, shift, eps, zero, one, axes string }

// quantizer is the per-position replacement of the DynamicQuantizeLinear
// node: its quantized output and zero point (128) as before, its scale the
// constant 1, the position's scale named row.
func (c quantConsts) quantizer(g *graphInfo, node graphNodeInfo, row string, axesInput bool) [][]byte {
	x, q, scale, zero := node.inputs[0], node.outputs[0], node.outputs[1], node.outputs[2]
	t := func(s string) string { return g.unusedName(x + "/per_position_" + s) }
	abs, amax, safe, scaled, rounded, shifted := t("abs"), t("max"), t("max_nonzero"), t("scaled"), t("rounded"), t("shifted")
	reduce := []string{abs}
	var attrs [][]byte
	if axesInput {
		reduce = append(reduce, c.axes)
	} else {
		attrs = append(attrs, intsAttr("axes", -1))
	}
	attrs = append(attrs, intAttr("keepdims", 1))
	return [][]byte{
		makeNode("Abs", []string{x}, abs),
		makeNode("ReduceMax", reduce, amax, attrs...),
		makeNode("Max", []string{amax, c.eps}, safe),
		makeNode("Div", []string{safe, c.div}, row),
		makeNode("Div", []string{x, row}, scaled),
		makeNode("Round", []string{scaled}, rounded),
		makeNode("Add", []string{rounded, c.shift}, shifted),
		makeNode("Cast", []string{shifted}, q, intAttr("to", elemUint8)),
		makeNode("Identity", []string{c.one}, scale),
		makeNode("Identity", []string{c.zero}, zero),
	}
}

// gatheredInput returns the Gather in front of the MatMulInteger whose
// dequantized product the Mul m scales (Mul ← Cast ← MatMulInteger ←
// Gather of the quantized activations), if there is one.
func (g *graphInfo) gatheredInput(m graphNodeInfo) (graphNodeInfo, bool) {
	for _, in := range m.inputs {
		cast, ok := g.producer[in]
		if !ok || g.nodes[cast].op != "Cast" {
			continue
		}
		mm, ok := g.producer[g.nodes[cast].inputs[0]]
		if !ok || g.nodes[mm].op != "MatMulInteger" {
			continue
		}
		if ga, ok := g.producer[g.nodes[mm].inputs[0]]; ok && g.nodes[ga].op == "Gather" && len(g.nodes[ga].inputs) == 2 {
			return g.nodes[ga], true
		}
	}
	return graphNodeInfo{}, false
}

// renameOutput returns the NodeProto msg with its (single) output renamed.
func renameOutput(msg []byte, name string) []byte {
	var out []byte
	// msg was scanned by parseGraph already: it cannot fail here.
	_ = pbScan(msg, func(f pbField) error {
		if f.num == nodeOutput && f.wire == 2 {
			out = pbAppendBytes(out, nodeOutput, []byte(name))
			return nil
		}
		out = append(out, msg[f.start:f.end]...)
		return nil
	})
	return out
}

// makeNode is a NodeProto.
func makeNode(op string, inputs []string, output string, attrs ...[]byte) []byte {
	var b []byte
	for _, in := range inputs {
		b = pbAppendBytes(b, nodeInput, []byte(in))
	}
	b = pbAppendBytes(b, nodeOutput, []byte(output))
	b = pbAppendBytes(b, nodeName, []byte(output))
	b = pbAppendBytes(b, nodeOpType, []byte(op))
	for _, a := range attrs {
		b = pbAppendBytes(b, nodeAttribute, a)
	}
	return b
}

// intAttr is an INT AttributeProto.
func intAttr(name string, v int64) []byte {
	var a []byte
	a = pbAppendBytes(a, attrName, []byte(name))
	a = pbAppendVarint(a, attrInt, uint64(v))
	return pbAppendVarint(a, attrType, 2)
}

// intsAttr is an INTS AttributeProto.
func intsAttr(name string, vs ...int64) []byte {
	var a []byte
	a = pbAppendBytes(a, attrName, []byte(name))
	for _, v := range vs {
		a = pbAppendVarint(a, attrInts, uint64(v))
	}
	return pbAppendVarint(a, attrType, attrTypeInts)
}

// scalarTensor is a TensorProto holding one value (raw, little-endian):
// a scalar, or with vector a one-element vector.
func scalarTensor(name string, elem int, raw []byte, vector bool) []byte {
	var t []byte
	if vector {
		t = pbAppendVarint(t, tensorDims, 1)
	}
	t = pbAppendVarint(t, tensorDataType, uint64(elem))
	t = pbAppendBytes(t, tensorName, []byte(name))
	return pbAppendBytes(t, tensorRawData, raw)
}
