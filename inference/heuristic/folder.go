package heuristic

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

var _ inference.FolderOverviewer = (*Engine)(nil)

// FolderOverview assembles a folder's description from its parts, in up
// to five plain-text sentences in the engine's language: its purpose (the package doc comment, else
// what it holds), its main types (those with the most methods), its entry
// points (functions no other file of the folder calls, exported ones
// first), what depends on what inside it (which files call into which),
// and the topics its imports suggest; tests count only for the purpose. It is deterministic and safe for
// concurrent use.
func (e *Engine) FolderOverview(f inference.Folder) string {
	p := prose{zh: e.zh}
	out := []string{folderPurpose(p, f)}
	code := f
	code.Files = slices.DeleteFunc(slices.Clone(f.Files), func(file inference.FolderFile) bool { return isTestFile(stem(file.Path)) })
	for _, s := range []string{mainTypes(p, code.Files), entryPoints(p, f.Files), insideDeps(p, code), importTopics(p, folderImports(code.Files))} {
		if s != "" {
			out = append(out, s)
		}
	}
	return p.join(out)
}

// folderPurpose is the first sentence of the package's doc comment, else
// a sentence saying what the folder holds.
func folderPurpose(p prose, f inference.Folder) string {
	docs := slices.Clone(f.Files)
	// doc.go and the file named after the folder hold the package doc by convention.
	slices.SortStableFunc(docs, func(a, b inference.FolderFile) int { return cmp.Compare(docRank(a, f.Path), docRank(b, f.Path)) })
	for _, file := range docs {
		if s := analysis.FirstSentence(file.Doc); s != "" && !analysis.IsLicense(s) && !isTestFile(stem(file.Path)) {
			return strings.TrimRight(s, ".!?") + "."
		}
	}
	var unitWord, pkg string
	if len(f.Files) > 0 {
		unitWord, pkg = analysis.LanguageOf(f.Files[0].Lang).Unit, f.Files[0].Package
	}
	names := make([]string, 0, maxListed)
	for _, sub := range f.Folders[:min(len(f.Folders), maxListed)] {
		names = append(names, path.Base(sub.Name))
	}
	return p.holds(p.folderSubject(f.Root, path.Base(f.Path), unitWord, pkg), len(f.Files), len(f.Folders), names)
}

// docRank orders files by how likely they hold the package doc comment.
func docRank(f inference.FolderFile, dir string) int {
	switch s := stem(f.Path); {
	case s == "doc":
		return 0
	case s == path.Base(dir) || indexFiles[s]:
		return 1
	}
	return 2
}

func stem(p string) string {
	base := path.Base(p)
	return strings.TrimSuffix(base, path.Ext(base))
}

// mainTypes names the types with the most methods; a type declared in
// several files (one per platform) counts once.
func mainTypes(p prose, files []inference.FolderFile) string {
	type typ struct {
		name    string
		methods int
	}
	var types []typ
	methods := map[string]int{}
	seen := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			if d.Kind.IsContainer() && !seen[d.Name] {
				seen[d.Name] = true
				types = append(types, typ{name: d.Name})
			}
			if i := strings.LastIndexByte(d.Name, '.'); i > 0 && !d.Kind.IsContainer() {
				methods[d.Name[:i]]++
			}
		}
	}
	for i := range types {
		types[i].methods = methods[types[i].name]
	}
	types = slices.DeleteFunc(types, func(t typ) bool { return strings.HasPrefix(t.name, "_") })
	slices.SortStableFunc(types, func(a, b typ) int {
		return cmp.Or(cmp.Compare(b.methods, a.methods), cmp.Compare(exportRank(a.name), exportRank(b.name)))
	})
	if len(types) == 0 {
		return ""
	}
	names := make([]string, 0, maxListed)
	for _, t := range types[:min(len(types), maxListed)] {
		names = append(names, t.name)
	}
	return p.mainTypes(names)
}

func exportRank(name string) int {
	if isExported(name) {
		return 0
	}
	return 1
}

// entryPoints names the functions no other file of the folder calls
// (tests aside):
// main first, then exported ones, then the rest, skipping tests.
func entryPoints(p prose, files []inference.FolderFile) string {
	callers := map[string]int{} // name → files calling it, tests aside
	for _, f := range files {
		if isTestFile(stem(f.Path)) {
			continue
		}
		for _, c := range f.Calls {
			callers[c]++
		}
	}
	isCalled := func(f inference.FolderFile, name string) bool {
		n := callers[name]
		if !isTestFile(stem(f.Path)) && slices.Contains(f.Calls, name) {
			n--
		}
		return n > 0
	}
	var entries []string
	for _, f := range files {
		if isTestFile(stem(f.Path)) {
			continue
		}
		for _, d := range f.Decls {
			if d.Kind != analysis.KindFunction || strings.HasPrefix(d.Name, "Test") || isCalled(f, d.Name) {
				continue
			}
			if d.Name == "main" || isExported(d.Name) {
				entries = append(entries, d.Name)
			}
		}
	}
	slices.SortStableFunc(entries, func(a, b string) int { return cmp.Compare(mainRank(a), mainRank(b)) })
	if len(entries) == 0 {
		return ""
	}
	return p.entryPoints(entries[:min(len(entries), maxListed)], len(entries))
}

func mainRank(name string) int {
	if name == "main" {
		return 0
	}
	return 1
}

// insideDeps says which files call into which other files of the folder,
// the files with the most such calls first, and which files import its
// subfolders.
func insideDeps(p prose, f inference.Folder) string {
	declaredIn := map[string]string{}
	for _, file := range f.Files {
		for _, d := range file.Decls {
			if _, dup := declaredIn[d.Name]; !dup {
				declaredIn[d.Name] = file.Path
			}
		}
	}
	type dep struct {
		from string
		to   []string
	}
	var deps []dep
	for _, file := range f.Files {
		var to []string
		for _, call := range file.Calls {
			if other, ok := declaredIn[call]; ok && other != file.Path && !slices.Contains(to, path.Base(other)) {
				to = append(to, path.Base(other))
			}
		}
		if len(to) > 0 {
			deps = append(deps, dep{from: path.Base(file.Path), to: to})
		}
	}
	slices.SortStableFunc(deps, func(a, b dep) int { return cmp.Compare(len(b.to), len(a.to)) })
	var parts []string
	for _, d := range deps[:min(len(deps), 3)] {
		parts = append(parts, p.uses(d.from, d.to[:min(len(d.to), 3)]))
	}
	if s := subfolderImports(p, f); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return p.inside(parts)
}

// subfolderImports names the subfolders its files import.
func subfolderImports(p prose, f inference.Folder) string {
	var used []string
	for _, sub := range f.Folders {
		name := path.Base(sub.Name)
		for _, imp := range folderImports(f.Files) {
			imp = strings.Trim(imp, `"'<>`)
			if strings.HasSuffix(imp, "/"+sub.Name) || strings.HasSuffix(imp, "/"+name) || imp == name {
				used = append(used, name)
				break
			}
		}
	}
	if len(used) == 0 {
		return ""
	}
	return p.importsSubfolders(used[:min(len(used), maxListed)])
}

// folderImports are the distinct imports of the files, in file order.
func folderImports(files []inference.FolderFile) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range files {
		for _, imp := range f.Imports {
			if !seen[imp] {
				seen[imp] = true
				out = append(out, imp)
			}
		}
	}
	return out
}
