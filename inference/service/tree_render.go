package service

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// WriteMarkdown writes the whole explanation as one markdown document
// under title: the repository's overview, then each folder's overview
// followed by its files' overviews and summaries, folders in walk order;
// its fixed words in the summary language lang.
func (fe *FolderExplanation) WriteMarkdown(w io.Writer, title, lang string) error {
	l := inference.LabelsFor(lang)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", inference.EscapeMarkdown(title))
	if fe.Overview != "" {
		bw.WriteString(inference.EscapeMarkdown(fe.Overview) + "\n")
	}
	fe.Walk(func(d *FolderExplanation) {
		if d != fe {
			fmt.Fprintf(bw, "\n## %s\n\n%s\n", inference.CodeSpan(d.Path+"/"), inference.EscapeMarkdown(d.Overview))
		}
		for _, f := range d.Files {
			fmt.Fprintf(bw, "\n### %s\n\n%s\n", inference.CodeSpan(f.Path), inference.EscapeMarkdown(f.Overview))
			if len(f.Chunks) > 0 {
				bw.WriteString("\n")
			}
			for _, c := range f.Chunks {
				fmt.Fprintf(bw, "- %s — %s%s\n", inference.CodeSpan(c.Name), inference.EscapeMarkdown(c.Result.Summary), inference.FallbackNote(c.Fallback, l))
			}
		}
	})
	return bw.Flush()
}

// Walk calls fn for fe and every folder under it, parents first.
func (fe *FolderExplanation) Walk(fn func(*FolderExplanation)) {
	fn(fe)
	for _, sub := range fe.Folders {
		sub.Walk(fn)
	}
}

// IndexMarkdown is the folder's index.md in a tree of markdown files that
// mirrors the source tree: its overview and links to its subfolders'
// index.md and its files' pages (FileSummary.Markdown, named PageName),
// its fixed words in the summary language lang.
func (fe *FolderExplanation) IndexMarkdown(title, lang string) string {
	l := inference.LabelsFor(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", inference.EscapeMarkdown(title), inference.EscapeMarkdown(fe.Overview))
	if len(fe.Folders) > 0 {
		b.WriteString("\n## " + l.Folders + "\n\n")
		for _, sub := range fe.Folders {
			name := path.Base(sub.Path)
			fmt.Fprintf(&b, "- [%s](%s/index.md) — %s\n", inference.EscapeMarkdown(name+"/"), url.PathEscape(name), inference.EscapeMarkdown(firstSentence(sub.Overview)))
		}
	}
	if len(fe.Files) > 0 {
		b.WriteString("\n## " + l.Files + "\n\n")
		for _, f := range fe.Files {
			fmt.Fprintf(&b, "- [%s](%s) — %s\n", inference.EscapeMarkdown(path.Base(f.Path)), url.PathEscape(PageName(f.Path)), inference.EscapeMarkdown(firstSentence(f.Overview)))
		}
	}
	return b.String()
}

// PageName is the name of a file's page in a markdown tree: its base name
// with ".md" added.
func PageName(filePath string) string { return path.Base(filePath) + ".md" }

// Markdown renders the file's explanation as Explain file does, its fixed
// words in the summary language lang.
func (f *FileSummary) Markdown(lang string) string {
	entries := make([]inference.FileEntry, len(f.Chunks))
	for i, c := range f.Chunks {
		entries[i] = inference.FileEntry{Chunk: analysis.Chunk{Name: c.Name, Kind: c.Kind, Range: c.Range}, Result: c.Result, Fallback: c.Fallback}
	}
	return inference.RenderFile(f.Path, f.Overview, entries, lang)
}

// firstSentence is the text up to the first sentence end.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
