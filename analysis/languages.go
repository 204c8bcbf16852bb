package analysis

import (
	"embed"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/c"
	"github.com/smacker/go-tree-sitter/cpp"
	"github.com/smacker/go-tree-sitter/csharp"
	"github.com/smacker/go-tree-sitter/golang"
	"github.com/smacker/go-tree-sitter/java"
	"github.com/smacker/go-tree-sitter/javascript"
	"github.com/smacker/go-tree-sitter/php"
	"github.com/smacker/go-tree-sitter/python"
	"github.com/smacker/go-tree-sitter/ruby"
	"github.com/smacker/go-tree-sitter/rust"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
)

//go:embed queries/*.scm
var queryFS embed.FS

// spec is what the extractor knows about one language besides its query.
// Per-language knowledge lives here and in queries/<name>.scm.
type spec struct {
	name    string
	grammar func() *sitter.Language
	queries []string // files under queries/, concatenated; default the name
	exts    []string // file name suffixes, with the dot
	files   []string // exact base names
	// wrappers are node types that wrap a declaration and belong to its
	// range: Python decorated_definition, JS export_statement, ...
	wrappers []string
	// selfVar is the implicit receiver variable of methods ("self", "this").
	selfVar string
	// constructors are method names that make a method a constructor.
	constructors []string
	// classNamedCtors: a method named like its class is a constructor.
	classNamedCtors bool
	// callFacts count calls of these callees as throws, catches or loops
	// too (Go panic/recover, Rust panic!, Ruby raise and each).
	callFacts map[string]role
	// splits are container node types whose member declarations are
	// chunked (and memoized) one by one on incremental re-chunking.
	splits []string
	// pkgDoc: the file's doc is the comment block directly above the
	// package clause (Go), not the first comment of the file.
	pkgDoc bool

	once    sync.Once
	splitOf []uint8 // by symbol: 1 for a type in splits
	wrapOf  []uint8 // by symbol: 1 for a type in wrappers
	query   *compiled
	walk    *factWalk // nil: the query finds the body facts
	err     error
	parsers chan *sitter.Parser // idle parsers
}

// maxIdleParsers bounds the parsers kept per language between parses.
const maxIdleParsers = 4

// parser returns an idle parser for the language or a new one. Safe for
// concurrent use; hand it back with release.
func (s *spec) parser() *sitter.Parser {
	select {
	case p := <-s.parsers:
		return p
	default:
		p := sitter.NewParser()
		p.SetLanguage(s.grammar())
		return p
	}
}

func (s *spec) release(p *sitter.Parser) {
	select {
	case s.parsers <- p:
	default:
		p.Close()
	}
}

func init() {
	for _, s := range specs {
		s.parsers = make(chan *sitter.Parser, maxIdleParsers)
	}
}

var specs = []*spec{
	{name: "go", grammar: golang.GetLanguage, exts: []string{".go"}, pkgDoc: true,
		wrappers:  []string{"type_declaration", "var_declaration"},
		callFacts: map[string]role{"panic": roleThrow, "log.Fatal": roleThrow, "log.Fatalf": roleThrow, "recover": roleCatch}},
	{name: "python", grammar: python.GetLanguage, exts: []string{".py", ".pyi", ".pyw"},
		wrappers: []string{"decorated_definition"}, constructors: []string{"__init__"},
		splits: []string{"class_definition"}},
	{name: "javascript", grammar: javascript.GetLanguage, queries: []string{"ecma", "javascript"}, exts: []string{".js", ".mjs", ".cjs", ".jsx"},
		wrappers: []string{"export_statement"}, selfVar: "this", constructors: []string{"constructor"},
		splits: []string{"class_declaration"}},
	{name: "typescript", grammar: typescript.GetLanguage, queries: []string{"ecma", "typescript"}, exts: []string{".ts", ".mts", ".cts"},
		wrappers: []string{"export_statement", "ambient_declaration", "expression_statement"}, selfVar: "this", constructors: []string{"constructor"},
		splits: []string{"class_declaration", "abstract_class_declaration", "internal_module"}},
	{name: "tsx", grammar: tsx.GetLanguage, queries: []string{"ecma", "typescript"}, exts: []string{".tsx"},
		wrappers: []string{"export_statement", "ambient_declaration", "expression_statement"}, selfVar: "this", constructors: []string{"constructor"},
		splits: []string{"class_declaration", "abstract_class_declaration", "internal_module"}},
	{name: "rust", grammar: rust.GetLanguage, exts: []string{".rs"},
		callFacts: map[string]role{"panic": roleThrow, "unreachable": roleThrow, "todo": roleThrow, "unimplemented": roleThrow},
		splits:    []string{"impl_item", "mod_item", "trait_item"}},
	{name: "java", grammar: java.GetLanguage, exts: []string{".java"}, selfVar: "this",
		splits: []string{"class_declaration", "interface_declaration", "enum_declaration", "record_declaration"}},
	{name: "c", grammar: c.GetLanguage, exts: []string{".c", ".h"}},
	{name: "cpp", grammar: cpp.GetLanguage, queries: []string{"c", "cpp"}, exts: []string{".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp"},
		wrappers: []string{"template_declaration"}, selfVar: "this", classNamedCtors: true,
		splits: []string{"namespace_definition", "class_specifier", "struct_specifier"}},
	{name: "csharp", grammar: csharp.GetLanguage, exts: []string{".cs"}, selfVar: "this",
		splits: []string{"namespace_declaration", "class_declaration", "struct_declaration", "interface_declaration", "record_declaration"}},
	{name: "ruby", grammar: ruby.GetLanguage, exts: []string{".rb", ".rake", ".gemspec"},
		files: []string{"Rakefile", "Gemfile"}, constructors: []string{"initialize"},
		callFacts: map[string]role{"raise": roleThrow, "fail": roleThrow, "each": roleLoop, "each_with_index": roleLoop,
			"each_pair": roleLoop, "map": roleLoop, "times": roleLoop, "upto": roleLoop, "select": roleLoop, "reject": roleLoop},
		splits: []string{"class", "module"}},
	{name: "php", grammar: php.GetLanguage, exts: []string{".php", ".phtml"}, selfVar: "$this",
		constructors: []string{"__construct"},
		splits:       []string{"namespace_definition", "class_declaration", "interface_declaration", "trait_declaration"}},
}

// Languages returns the ids of the languages with a grammar, in a fixed order.
func Languages() []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.name
	}
	return out
}

func specFor(lang string) *spec {
	for _, s := range specs {
		if s.name == lang {
			return s
		}
	}
	return nil
}

// LanguageForPath returns the language id for a file path, judged by its
// extension or base name, or "" when unknown.
func LanguageForPath(path string) string {
	base := filepath.Base(path)
	ext := strings.ToLower(filepath.Ext(base))
	for _, s := range specs {
		if slices.Contains(s.files, base) || (ext != "" && slices.Contains(s.exts, ext)) {
			return s.name
		}
	}
	return ""
}

var languageIDs = map[string]string{
	"golang":          "go",
	"py":              "python",
	"python3":         "python",
	"js":              "javascript",
	"javascriptreact": "javascript",
	"jsx":             "javascript",
	"ts":              "typescript",
	"typescriptreact": "tsx",
	"rs":              "rust",
	"c++":             "cpp",
	"cxx":             "cpp",
	"cs":              "csharp",
	"c#":              "csharp",
	"rb":              "ruby",
}

// LanguageForID maps an LSP languageId to a language id of Languages().
// Ids it does not know are returned unchanged; they get window chunks.
func LanguageForID(languageID string) string {
	id := strings.ToLower(languageID)
	if l, ok := languageIDs[id]; ok {
		return l
	}
	if specFor(id) != nil {
		return id
	}
	return languageID
}

// compiledQuery returns the language's compiled chunk query, compiling it on
// first use. Safe for concurrent use.
func (s *spec) compiledQuery() (*compiled, error) {
	s.once.Do(func() {
		files := s.queries
		if len(files) == 0 {
			files = []string{s.name}
		}
		var src []byte
		for _, f := range files {
			b, err := queryFS.ReadFile("queries/" + f + ".scm")
			if err != nil {
				s.err = fmt.Errorf("query for %s: %w", s.name, err)
				return
			}
			src = append(append(src, b...), '\n')
		}
		lang := s.grammar()
		s.splitOf, s.wrapOf = symbolSet(lang, s.splits), symbolSet(lang, s.wrappers)
		s.query, s.err = compile(lang, src)
		if s.err != nil {
			s.err = fmt.Errorf("query for %s: %w", s.name, s.err)
			return
		}
		if r := factRulesOf[s.name]; r != nil {
			head, ok := declQuery(src)
			if !ok {
				s.err = fmt.Errorf("query for %s: no %q line", s.name, factsMarker)
				return
			}
			decl, err := compile(lang, head)
			if err != nil {
				s.err = fmt.Errorf("declaration query for %s: %w", s.name, err)
				return
			}
			s.walk = newFactWalk(lang, r, decl)
		}
	})
	return s.query, s.err
}

// symbolSet flags (1) the symbols of lang named in types, as the C side
// of the matcher reads them.
func symbolSet(lang *sitter.Language, types []string) []uint8 {
	set := make([]uint8, lang.SymbolCount())
	for i := range set {
		if slices.Contains(types, lang.SymbolName(sitter.Symbol(i))) {
			set[i] = 1
		}
	}
	return set
}
