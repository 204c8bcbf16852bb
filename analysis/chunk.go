// Package analysis turns source documents into function-sized chunks using
// tree-sitter, with a line-window fallback for languages without a grammar.
//
// It imports nothing else of this module.
package analysis

// Kind is the syntactic kind of a chunk.
type Kind string

// Chunk kinds. Container kinds (Class, Struct, Interface, Impl, Module) hold
// their methods as Children.
const (
	KindFunction    Kind = "function"
	KindMethod      Kind = "method"
	KindConstructor Kind = "constructor"
	KindLambda      Kind = "lambda" // an anonymous function bound to a name
	KindClass       Kind = "class"
	KindStruct      Kind = "struct"
	KindInterface   Kind = "interface"
	KindImpl        Kind = "impl"   // Rust impl block, Go has none
	KindModule      Kind = "module" // Ruby module, C++/C# namespace body when it is a container
	KindWindow      Kind = "window" // line-window chunk for languages without a grammar
)

// IsContainer reports whether chunks of this kind hold other chunks.
func (k Kind) IsContainer() bool {
	switch k {
	case KindClass, KindStruct, KindInterface, KindImpl, KindModule:
		return true
	}
	return false
}

// Point is a zero-based position: Line and Column, where Column counts bytes.
type Point struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Range is a half-open byte range [StartByte, EndByte) with its points.
type Range struct {
	StartByte int   `json:"startByte"`
	EndByte   int   `json:"endByte"`
	Start     Point `json:"start"`
	End       Point `json:"end"`
}

// Contains reports whether the byte offset lies in the range.
func (r Range) Contains(offset int) bool {
	return offset >= r.StartByte && offset < r.EndByte
}

// Param is one parameter of a function.
type Param struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
}

// Facts are syntactic observations about a chunk's body, gathered while the
// syntax tree is at hand, for engines that summarize without a model.
type Facts struct {
	Receiver       string   `json:"receiver,omitempty"`       // receiver/class name for methods
	ReceiverVar    string   `json:"receiverVar,omitempty"`    // "s" in Go "func (s *S)", "self", "this"
	Params         []Param  `json:"params,omitempty"`         // in declaration order, receiver/self excluded
	Results        []string `json:"results,omitempty"`        // declared return types, in order
	Decorators     []string `json:"decorators,omitempty"`     // decorator / annotation / attribute texts, without '@'
	Modifiers      []string `json:"modifiers,omitempty"`      // async, static, public, const, ...
	Calls          []string `json:"calls,omitempty"`          // callee texts ("os.Open", "self.save", "print"), first occurrence order, deduplicated
	Loops          int      `json:"loops,omitempty"`          // for/while/do/loop statements and comprehensions
	Branches       int      `json:"branches,omitempty"`       // if/else-if/switch cases/match arms/ternaries
	Returns        int      `json:"returns,omitempty"`        // return statements
	Throws         int      `json:"throws,omitempty"`         // raise/throw/panic
	Catches        int      `json:"catches,omitempty"`        // try/except/catch/rescue/recover
	ErrorChecks    int      `json:"errorChecks,omitempty"`    // "if err != nil" and similar error-value checks
	Awaits         int      `json:"awaits,omitempty"`         // await expressions
	Yields         int      `json:"yields,omitempty"`         // yield expressions/statements
	Spawns         int      `json:"spawns,omitempty"`         // go statements, thread/task spawns found syntactically
	ReceiverWrites []string `json:"receiverWrites,omitempty"` // fields of the receiver assigned ("count" for self.count = ...)
	Lines          int      `json:"lines"`                    // lines in the chunk text
}

// Chunk is one function-sized piece of a document. Chunks are values: once
// returned they are never mutated, so they may be shared between goroutines.
type Chunk struct {
	Kind Kind   `json:"kind"`
	Name string `json:"name"` // qualified with its receiver/class: "Server.Handle", "Outer.Inner.method"
	Lang string `json:"lang"` // language id as in Languages(): "go", "python", ...
	// Range covers the declaration (decorators included) but not the doc comment.
	Range Range `json:"range"`
	// DocRange covers the doc comment when Doc is not empty.
	DocRange  Range   `json:"docRange"`
	Signature string  `json:"signature"` // declaration head up to the body, whitespace collapsed
	Doc       string  `json:"doc,omitempty"`
	Text      string  `json:"-"` // source text of Range (no doc comment)
	Facts     Facts   `json:"facts"`
	Children  []Chunk `json:"children,omitempty"`
}

// FileInfo describes a whole document for file overviews.
type FileInfo struct {
	Path    string   `json:"path,omitempty"`
	Lang    string   `json:"lang"`
	Package string   `json:"package,omitempty"` // package / module / namespace name when declared
	Imports []string `json:"imports,omitempty"` // imported module paths, in order
	Doc     string   `json:"doc,omitempty"`     // file or package doc comment
	Lines   int      `json:"lines"`
	Chunks  []Chunk  `json:"chunks"`
	// Fallback says why a language with a grammar got line windows instead
	// of syntax chunks (the text is too large, or its parse ran out of
	// time); empty otherwise.
	Fallback string `json:"fallback,omitempty"`
}
