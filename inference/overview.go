package inference

import (
	"fmt"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// OverviewRevision names the overview prompt; it enters the keys of
// stored overviews. Change it whenever overviewPrompt changes its output.
const OverviewRevision = "overview-v1"

// Bounds on an overview prompt: MaxOverviewParts parts of at most
// maxPartSummary bytes each. Callers summarize larger folders in groups
// of MaxOverviewParts first.
const (
	MaxOverviewParts = 24
	maxPartSummary   = 240
)

// Overview asks for the description of a file, folder or repository from
// the summaries of its parts (functions, files, subfolders).
type Overview struct {
	// Level is "file", "folder", "repository" or "group" (a slice of a
	// large folder's parts).
	Level string
	// Name is its path ("net/http"), or the repository's name.
	Name string
	// Lang is the language most of it is written in.
	Lang  string
	Parts []Part
}

// Part is one part of an overview with its summary.
type Part struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// overviewPrompt renders the prompt of an overview request: the parts'
// summaries, one line each, bounded by MaxOverviewParts and maxPartSummary.
func overviewPrompt(ov Overview, o PromptOptions) Prompt {
	system := systemPrompt
	if name := summaryLanguageName(o.Language); name != "" {
		system += " Write the answer in " + name + "."
	}
	what := ov.Level
	if what == "group" {
		what = "part of a folder"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Describe the purpose of this %s %s `%s` in one or two sentences, from the summaries of what it holds:\n",
		analysis.LanguageOf(ov.Lang).Name, what, strings.ReplaceAll(ov.Name, "`", ""))
	for i, p := range ov.Parts {
		if i == MaxOverviewParts {
			fmt.Fprintf(&b, "- … and %d more\n", len(ov.Parts)-i)
			break
		}
		summary := strings.Join(strings.Fields(p.Summary), " ")
		if len(summary) > maxPartSummary {
			summary = strings.ToValidUTF8(summary[:maxPartSummary], "") + "…"
		}
		fmt.Fprintf(&b, "- `%s`: %s\n", strings.ReplaceAll(p.Name, "`", ""), summary)
	}
	return Prompt{System: system, User: strings.TrimSuffix(b.String(), "\n")}
}

// FolderOverviewer is implemented by engines that assemble folder
// overviews from their parts without a model (the built-in engine).
type FolderOverviewer interface {
	// FolderOverview is a short description of a folder: its purpose, main
	// types, entry points and what depends on what inside it.
	FolderOverview(f Folder) string
}

// Folder is what a folder overview is assembled from.
type Folder struct {
	// Path is the folder's path from the root of the tree ("" for the root).
	Path string
	// Root is set for the root of the tree (the repository).
	Root    bool
	Files   []FolderFile
	Folders []Part // subfolders with their overviews, by path
}

// FolderFile is one file of a folder as overviews see it.
type FolderFile struct {
	Path     string   `json:"path"`
	Lang     string   `json:"lang"`
	Package  string   `json:"package,omitempty"`
	Doc      string   `json:"doc,omitempty"` // the file's or package's doc comment
	Overview string   `json:"overview"`
	Imports  []string `json:"imports,omitempty"`
	// Calls are the callee texts of all its functions ("parse",
	// "s.validate"), deduplicated: which names of its folder it uses.
	Calls []string `json:"calls,omitempty"`
	// Decls are its declarations in document order, methods after their
	// containers (not stored: the same as its chunks).
	Decls []Decl `json:"-"`
}

// Decl is one declaration of a file with its summary.
type Decl struct {
	Name    string        `json:"name"`
	Kind    analysis.Kind `json:"kind"`
	Summary string        `json:"summary"`
}
