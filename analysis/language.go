package analysis

// Language is what the rest of the program needs to know about a
// language, beside its chunks: how to name it, how its doc comments are
// written and how markdown fences its code. Every per-language table of
// the program is here or in spec (languages.go).
type Language struct {
	ID      string   // the id of Languages(), or the client's id for others
	Name    string   // display name: "C++"
	Fence   string   // markdown code fence tag (default the id)
	Doc     DocStyle // how a doc comment is written
	Unit    string   // what the language calls a unit of code: "package", "module", ...
	Exports Exports  // which members are public
}

// DocStyle is a language's doc comment convention.
type DocStyle uint8

const (
	DocNone      DocStyle = iota // no convention the program writes
	DocGo                        // "// Name does …" line comments
	DocSlashes                   // "/// …" line comments (Rust)
	DocHash                      // "# …" line comments (Ruby)
	DocBlock                     // "/** … */" (Javadoc, JSDoc, Doxygen, PHPDoc)
	DocXML                       // "/// <summary> … </summary>" (C#)
	DocDocstring                 // a string literal first in the body (Python)
)

// Exports says which members of a type or package are public.
type Exports uint8

const (
	ExportModifier Exports = iota // those marked "public"
	ExportAll                     // all but underscore-prefixed names
	ExportCapital                 // those whose name starts upper case (Go)
)

var languages = map[string]Language{
	"go":         {Name: "Go", Doc: DocGo, Unit: "package", Exports: ExportCapital},
	"python":     {Name: "Python", Doc: DocDocstring, Unit: "module", Exports: ExportAll},
	"javascript": {Name: "JavaScript", Doc: DocBlock, Unit: "module", Exports: ExportAll},
	"typescript": {Name: "TypeScript", Doc: DocBlock, Unit: "module", Exports: ExportAll},
	"tsx":        {Name: "TypeScript", Doc: DocBlock, Unit: "module", Exports: ExportAll},
	"rust":       {Name: "Rust", Doc: DocSlashes, Unit: "crate module"},
	"java":       {Name: "Java", Doc: DocBlock, Unit: "package"},
	"c":          {Name: "C", Doc: DocBlock, Unit: "module"},
	"cpp":        {Name: "C++", Doc: DocBlock, Unit: "namespace"},
	"csharp":     {Name: "C#", Fence: "cs", Doc: DocXML, Unit: "namespace"},
	"ruby":       {Name: "Ruby", Doc: DocHash, Unit: "module", Exports: ExportAll},
	"php":        {Name: "PHP", Doc: DocBlock, Unit: "package"},
	// Without a grammar (line windows): names for prompts and markdown.
	"kotlin": {Name: "Kotlin", Unit: "package"},
	"swift":  {Name: "Swift", Unit: "module"},
	"scala":  {Name: "Scala", Unit: "package"},
	"lua":    {Name: "Lua", Unit: "module"},
	"bash":   {Name: "shell", Unit: "script"},
	"shell":  {Name: "shell", Unit: "script"},
}

// LanguageOf returns the descriptor of a language id. An id it does not
// know names itself ("source" when empty) and has no doc convention.
func LanguageOf(id string) Language {
	l, ok := languages[id]
	if !ok {
		l = Language{Name: id, Unit: "module"}
		if id == "" {
			l.Name = "source"
		}
	}
	l.ID = id
	if l.Fence == "" {
		l.Fence = id
	}
	return l
}
