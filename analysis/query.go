package analysis

import (
	"fmt"
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// role is what a query capture means to the extractor. Capture names in
// queries/*.scm map onto roles; see captureRoles.
type role uint8

const (
	roleNone role = iota
	roleDef       // @def.<kind>: a chunk's declaration node
	roleName
	roleReceiver    // receiver type name (Go methods)
	roleReceiverVar // receiver variable (Go methods)
	roleBody
	roleParams
	roleResult
	roleParam
	roleParamName
	roleParamType
	roleDecorator
	roleModifier
	roleComment
	roleDocstring      // a docstring, owned by the @docstring.owner node of its match
	roleDocstringOwner // the declaration owning a @docstring
	roleUnitDoc        // a string statement that documents its container when it comes first
	roleCall
	roleLoop
	roleBranch
	roleReturn
	roleThrow
	roleCatch
	roleErrCheck // the checked value of an error check; counted when it names an error
	roleAwait
	roleYield
	roleSpawn
	roleWriteObj
	roleWriteField
	rolePackage
	roleImport
)

var captureRoles = map[string]role{
	"name":            roleName,
	"receiver":        roleReceiver,
	"receiver.var":    roleReceiverVar,
	"body":            roleBody,
	"params":          roleParams,
	"result":          roleResult,
	"param":           roleParam,
	"param.name":      roleParamName,
	"param.type":      roleParamType,
	"decorator":       roleDecorator,
	"modifier":        roleModifier,
	"comment":         roleComment,
	"docstring":       roleDocstring,
	"docstring.owner": roleDocstringOwner,
	"unitdoc":         roleUnitDoc,
	"call":            roleCall,
	"loop":            roleLoop,
	"branch":          roleBranch,
	"return":          roleReturn,
	"throw":           roleThrow,
	"catch":           roleCatch,
	"errcheck":        roleErrCheck,
	"await":           roleAwait,
	"yield":           roleYield,
	"spawn":           roleSpawn,
	"write.obj":       roleWriteObj,
	"write.field":     roleWriteField,
	"package":         rolePackage,
	"import":          roleImport,
}

var defKinds = map[string]Kind{
	"def.function":    KindFunction,
	"def.method":      KindMethod,
	"def.constructor": KindConstructor,
	"def.lambda":      KindLambda,
	"def.class":       KindClass,
	"def.struct":      KindStruct,
	"def.interface":   KindInterface,
	"def.impl":        KindImpl,
	"def.module":      KindModule,
}

// compiled is a language's query with its capture names resolved.
// Immutable after compile; safe for concurrent use.
type compiled struct {
	q     *sitter.Query
	roles []role        // by capture index
	kinds []Kind        // by capture index, for roleDef
	isDef []uint8       // by capture index: 1 for roleDef, as the matcher's C side reads it
	preds [][]predicate // by pattern index
}

// predicate is a text test on a capture: #eq?, #not-eq? or #match? with a
// literal string. go-tree-sitter leaves predicates to the caller.
type predicate struct {
	capture uint32
	eq      string
	re      *regexp.Regexp
	negate  bool
}

// accept reports whether a match satisfies its pattern's predicates.
func (c *compiled) accept(pattern uint16, caps []ts.Capture, src []byte) bool {
	for _, p := range c.preds[pattern] {
		for _, cp := range caps {
			if cp.Index != p.capture {
				continue
			}
			text := src[cp.Start:cp.End]
			ok := string(text) == p.eq
			if p.re != nil {
				ok = p.re.Match(text)
			}
			if ok == p.negate {
				return false
			}
		}
	}
	return true
}

func (c *compiled) compilePredicates() error {
	c.preds = make([][]predicate, c.q.PatternCount())
	for i := range c.preds {
		for _, steps := range c.q.PredicatesForPattern(uint32(i)) {
			if len(steps) != 4 || steps[1].Type != sitter.QueryPredicateStepTypeCapture || steps[2].Type != sitter.QueryPredicateStepTypeString {
				return fmt.Errorf("pattern %d: unsupported predicate", i)
			}
			op := c.q.StringValueForId(steps[0].ValueId)
			arg := c.q.StringValueForId(steps[2].ValueId)
			p := predicate{capture: steps[1].ValueId, eq: arg, negate: strings.HasPrefix(op, "not-")}
			switch strings.TrimPrefix(op, "not-") {
			case "eq?":
			case "match?":
				re, err := regexp.Compile(arg)
				if err != nil {
					return fmt.Errorf("pattern %d: %w", i, err)
				}
				p.re = re
			default:
				return fmt.Errorf("pattern %d: unsupported predicate #%s", i, op)
			}
			c.preds[i] = append(c.preds[i], p)
		}
	}
	return nil
}

func compile(lang *sitter.Language, src []byte) (*compiled, error) {
	q, err := sitter.NewQuery(src, lang)
	if err != nil {
		return nil, err
	}
	n := int(q.CaptureCount())
	c := &compiled{q: q, roles: make([]role, n), kinds: make([]Kind, n), isDef: make([]uint8, n)}
	for i := range n {
		name := q.CaptureNameForId(uint32(i))
		if k, ok := defKinds[name]; ok {
			c.roles[i], c.kinds[i], c.isDef[i] = roleDef, k, 1
			continue
		}
		r, ok := captureRoles[name]
		if !ok && !strings.HasPrefix(name, "_") {
			q.Close()
			return nil, fmt.Errorf("unknown capture @%s", name)
		}
		c.roles[i] = r
	}
	if err := c.compilePredicates(); err != nil {
		q.Close()
		return nil, err
	}
	return c, nil
}

func spanOf(c ts.Capture) span { return span{c.Start, c.End} }
