package heuristic

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// topics maps import path fragments to what a file using them deals with,
// checked in order; the first matching fragment of each import wins.
var topics = []struct{ fragment, topic string }{
	{"net/http", "HTTP"}, {"http", "HTTP"}, {"express", "HTTP"}, {"flask", "HTTP"}, {"django", "web requests"},
	{"grpc", "RPC"}, {"socket", "networking"}, {"net", "networking"}, {"url", "URLs"},
	{"database/sql", "SQL databases"}, {"sql", "SQL databases"}, {"sqlite", "SQL databases"},
	{"json", "JSON"}, {"yaml", "YAML"}, {"toml", "TOML"}, {"xml", "XML"}, {"csv", "CSV"},
	{"regexp", "regular expressions"}, {"re", "regular expressions"},
	{"crypto", "cryptography"}, {"hash", "hashing"}, {"tls", "TLS"},
	{"testing", "tests"}, {"unittest", "tests"}, {"pytest", "tests"}, {"junit", "tests"}, {"jest", "tests"},
	{"os/exec", "subprocesses"}, {"subprocess", "subprocesses"}, {"child_process", "subprocesses"},
	{"sync", "concurrency"}, {"threading", "concurrency"}, {"asyncio", "concurrency"}, {"concurrent", "concurrency"},
	{"os", "the file system"}, {"io", "I/O"}, {"fs", "the file system"}, {"path", "file paths"}, {"shutil", "the file system"},
	{"time", "time"}, {"datetime", "time"}, {"log", "logging"}, {"slog", "logging"},
	{"math", "math"}, {"sort", "sorting"}, {"strings", "text"}, {"unicode", "text"}, {"bytes", "byte buffers"},
	{"reflect", "reflection"}, {"context", "cancellation"}, {"flag", "command-line flags"}, {"argparse", "command-line flags"},
	{"cobra", "command-line flags"}, {"template", "templates"}, {"image", "images"}, {"compress", "compression"},
	{"zip", "compression"}, {"gzip", "compression"}, {"react", "UI components"}, {"vue", "UI components"},
	{"stdio", "I/O"}, {"stdlib", "memory and process utilities"}, {"string.h", "text"},
}

// topicOf returns the topic of one import path, or "".
func topicOf(imp string) string {
	imp = strings.ToLower(strings.Trim(imp, `"'<>`))
	segs := strings.FieldsFunc(imp, func(r rune) bool { return r == '/' || r == '.' || r == ':' || r == '@' })
	for _, t := range topics {
		if strings.Contains(t.fragment, "/") {
			if strings.HasPrefix(imp, t.fragment) {
				return t.topic
			}
			continue
		}
		for _, s := range segs {
			if s == t.fragment {
				return t.topic
			}
		}
	}
	return ""
}

// maxListed bounds the names and topics an overview lists.
const maxListed = 4

// Overview describes a whole file in one to three plain-text sentences, in
// the engine's language: its purpose (from its doc comment, else guessed
// from its package or module name and file name), the declarations it
// holds, and the topics its imports suggest. It is deterministic.
func (e *Engine) Overview(file analysis.FileInfo) string {
	p := prose{zh: e.zh}
	var out []string
	if s := analysis.FirstSentence(file.Doc); s != "" && !analysis.IsLicense(s) {
		if !strings.ContainsAny(s[len(s)-1:], ".!?") {
			s += "."
		}
		out = append(out, s)
	} else {
		out = append(out, purpose(p, file))
	}
	if s := declarations(p, file.Chunks); s != "" {
		out = append(out, s)
	}
	if s := importTopics(p, file.Imports); s != "" {
		out = append(out, s)
	}
	return p.join(out)
}

// purpose guesses what a file is for from its path and package names.
func purpose(p prose, file analysis.FileInfo) string {
	slashed := strings.ReplaceAll(file.Path, `\`, "/")
	base := path.Base(slashed)
	stem := strings.TrimSuffix(base, path.Ext(base))
	tests := isTestFile(stem)
	if tests {
		for _, affix := range []string{"test_", "_test", ".test", ".spec", "Test"} {
			stem = strings.TrimPrefix(strings.TrimSuffix(stem, affix), affix)
		}
	}
	if indexFiles[stem] {
		stem = path.Base(path.Dir(slashed))
	}
	words := SplitName(stem)
	if len(words) == 0 || file.Path == "" {
		words = SplitName(file.Package)
	}
	return p.filePurpose(analysis.LanguageOf(file.Lang).Unit, file.Package, tests, phrase(words))
}

// indexFiles are file stems that stand for their directory.
var indexFiles = setOf("index __init__ mod main lib")

func isTestFile(stem string) bool {
	return strings.HasSuffix(stem, "_test") || strings.HasPrefix(stem, "test_") ||
		strings.HasSuffix(stem, ".test") || strings.HasSuffix(stem, ".spec") || strings.HasSuffix(stem, "Test")
}

// declarations summarizes the chunk counts and names the most prominent
// declarations: types first, then exported functions, in source order.
func declarations(p prose, chunks []analysis.Chunk) string {
	var funcs, types int
	var typeNames, exported, members, others []string
	for _, c := range chunks {
		switch {
		case c.Kind.IsContainer():
			types++
			funcs += len(c.Children)
			if strings.HasPrefix(c.Name, "_") {
				others = append(others, c.Name)
			} else {
				typeNames = append(typeNames, c.Name)
			}
			for _, m := range c.Children {
				if isPublicMember(m) && !slices.Contains(members, m.Name) {
					members = append(members, m.Name)
				}
			}
		case isExported(c.Name):
			funcs++
			exported = append(exported, c.Name)
		default:
			funcs++
			others = append(others, c.Name)
		}
	}
	if funcs+types == 0 {
		return ""
	}
	var counts []string
	if types > 0 {
		counts = append(counts, p.count(types, "type"))
	}
	if funcs > 0 {
		counts = append(counts, p.count(funcs, "function"))
	}
	names := slices.Concat(typeNames, exported, members, others)
	return p.declares(counts, names[:min(len(names), maxListed)])
}

// isPublicMember reports whether a method is part of its class's public
// face: not underscore-prefixed, not a constructor, and public where the
// language says so.
func isPublicMember(c analysis.Chunk) bool {
	name := lastComponent(c.Name)
	if strings.HasPrefix(name, "_") || c.Kind == analysis.KindConstructor || name == lastComponent(strings.TrimSuffix(c.Name, "."+name)) {
		return false
	}
	switch analysis.LanguageOf(c.Lang).Exports {
	case analysis.ExportAll:
		return true
	case analysis.ExportCapital:
		return isExported(name)
	}
	return slices.Contains(c.Facts.Modifiers, "public")
}

// isExported reports whether a name's last component starts with a capital.
func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(lastComponent(name))
	return unicode.IsUpper(r)
}

// importTopics names the distinct topics of the imports, in import order.
func importTopics(p prose, imports []string) string {
	var ts []string
	seen := map[string]bool{}
	for _, imp := range imports {
		t := topicOf(imp)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		ts = append(ts, t)
	}
	if len(ts) == 0 {
		return ""
	}
	if len(ts) > maxListed {
		ts = ts[:maxListed]
	}
	return p.dealsWith(ts)
}

// list joins items as English: "a", "a and b", "a, b and c".
func list(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
