package ts

// #include "ts.h"
import "C"

// Actions of the facts walk, by symbol (FactWalk's act).
const (
	ActNone        = C.actNone
	ActCall        = C.actCall        // records the callee field with RoleCall
	ActErrCheck    = C.actErrCheck    // records the checked value of `if x != nil` with RoleErr
	ActWriteField  = C.actWriteField  // records obj.field targets of the left field with RoleWrite
	ActWriteChild  = C.actWriteChild  // the same for every named child
	ActImportNames = C.actImportNames // records the dotted names of the name fields with RoleImport
	ActImportFrom  = C.actImportFrom  // records the from field with RoleImport
)

// NoSymbol is a symbol or field id that matches nothing.
const NoSymbol = 0xffff

// FactTable holds the grammar symbol and field ids a facts walk tests and
// the roles it records (NoSymbol where a language has no such node).
type FactTable struct {
	Call                                       uint16 // ActCall: the callee field
	Cond, Bin, Left, Op, OpSym, Right, Nil     uint16 // ActErrCheck: cond: (bin left: op: "op" right: (nil))
	WriteLeft, WriteList, WriteTarget          uint16 // writes: left field, list node, obj.field node
	WriteObj, WriteObjSym, WriteAttr, WriteSym uint16 // fields and symbols of the target
	ImportName, Dotted, Alias, AliasName       uint16 // ActImportNames
	ImportFrom                                 uint16 // ActImportFrom
	RoleCall, RoleErr, RoleWrite, RoleImport   uint8
}

// FactWalk is a language's facts walk: by symbol, the role recorded for
// the node itself and the action. Immutable; safe for concurrent use.
type FactWalk struct {
	t         C.atsFactTable
	act, role []uint8
}

// NewFactWalk returns the walk of t with per-symbol actions and roles,
// which it keeps (both of the language's symbol count).
func NewFactWalk(t FactTable, act, role []uint8) *FactWalk {
	return &FactWalk{act: act, role: role, t: C.atsFactTable{
		nsym:   C.uint32_t(len(act)),
		f_call: C.uint16_t(t.Call),
		f_cond: C.uint16_t(t.Cond), s_bin: C.uint16_t(t.Bin), f_left: C.uint16_t(t.Left), f_op: C.uint16_t(t.Op),
		s_op: C.uint16_t(t.OpSym), f_right: C.uint16_t(t.Right), s_nil: C.uint16_t(t.Nil),
		f_wleft: C.uint16_t(t.WriteLeft), s_wlist: C.uint16_t(t.WriteList), s_wtarget: C.uint16_t(t.WriteTarget),
		f_wobj: C.uint16_t(t.WriteObj), s_wobj: C.uint16_t(t.WriteObjSym), f_wattr: C.uint16_t(t.WriteAttr), s_wattr: C.uint16_t(t.WriteSym),
		f_iname: C.uint16_t(t.ImportName), s_idotted: C.uint16_t(t.Dotted), s_ialias: C.uint16_t(t.Alias), f_ialias: C.uint16_t(t.AliasName),
		f_ifrom: C.uint16_t(t.ImportFrom),
		r_call:  C.uint8_t(t.RoleCall), r_err: C.uint8_t(t.RoleErr), r_write: C.uint8_t(t.RoleWrite), r_import: C.uint8_t(t.RoleImport),
	}}
}

// A Walker runs a FactWalk. Not safe for concurrent use; the caller must
// Close it.
type Walker struct {
	w   *FactWalk
	buf C.atsBuf
}

// NewWalker returns a walker of w.
func NewWalker(w *FactWalk) *Walker { return &Walker{w: w} }

// Close frees the walker's C memory.
func (k *Walker) Close() { C.ats_buf_free(&k.buf) }

// Fact is one fact of a walk: a role over [Start, End), with an auxiliary
// range (the object of a field write).
type Fact struct {
	Role                         uint8
	Start, End, AuxStart, AuxEnd int
}

// Facts calls fn for every fact in the subtree of n, in pre-order.
func (k *Walker) Facts(n Node, fn func(Fact)) error {
	k.buf.len = 0
	if C.ats_walk_facts(&k.w.t, bytesArg(k.w.act), bytesArg(k.w.role), n.c, &k.buf) == 0 {
		return ErrNoMemory
	}
	data := records(&k.buf)
	for i := 0; i+4 < len(data); i += 5 {
		fn(Fact{Role: uint8(data[i]), Start: int(data[i+1]), End: int(data[i+2]), AuxStart: int(data[i+3]), AuxEnd: int(data[i+4])})
	}
	return nil
}
