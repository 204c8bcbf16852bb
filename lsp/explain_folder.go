package lsp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/tree"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// CommandExplainFolder explains a folder (or a document's folder): every
// file under it and an overview per folder, built bottom-up.
const CommandExplainFolder = "summarizer.explainFolder"

// titleExplainFolder is the code action that runs CommandExplainFolder on
// the document's folder.
const titleExplainFolder = "Explain this package"

// prepareExplainFolder decodes the folder command's argument: a folder's
// URI, or a document's, meaning its folder.
func (s *Server) prepareExplainFolder(params *protocol.ExecuteCommandParams) (func(context.Context) (any, error), error) {
	var u uri.URI
	if err := commandArguments(params, &u); err != nil {
		return nil, err
	}
	dir := filename(u)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	return func(ctx context.Context) (any, error) { return s.explainFolder(ctx, dir, params.WorkDoneToken) }, nil
}

// explainFolder explains the folder dir with progress (cancellable), keeps
// the overviews for package hovers, and returns the explanation as
// markdown, which the client is asked to show unless it displays results
// itself.
func (s *Server) explainFolder(ctx context.Context, dir string, token protocol.ProgressToken) (any, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr, err := tree.Walk(dir, tree.Options{Accept: func(rel string) bool { return analysis.LanguageForPath(rel) != "" }})
	if err != nil {
		return nil, errInvalidParams("%s: %v", CommandExplainFolder, err)
	}
	delay := progressAfter
	if token != nil {
		delay = 0
	}
	name := filepath.Base(dir)
	prog := s.startProgress(token, "Explaining "+name, tr.Files, delay, cancel)
	cfg, caps := s.config()
	fe, counts, err := s.svc.ExplainTree(ctx, tr, service.TreeOptions{
		Read:     s.readForTree,
		Parse:    analysis.Options{WindowLines: cfg.Loc},
		Progress: func(p service.TreeProgress) { prog.report(p.Files) },
	})
	if err != nil {
		prog.end("cancelled")
		return nil, requestError(CommandExplainFolder, err)
	}
	prog.end(fmt.Sprintf("%d files, %d recomputed", counts.Files, counts.Files-counts.FilesCached))
	fe.Walk(func(d *service.FolderExplanation) {
		s.folderOverviews.Store(filepath.Join(dir, filepath.FromSlash(d.Path)), d.Overview)
	})
	var md bytes.Buffer
	if err := fe.WriteMarkdown(&md, inference.LabelsFor(cfg.SummaryLanguage).Explanation(name), cfg.SummaryLanguage); err != nil {
		return nil, requestError(CommandExplainFolder, err)
	}
	if !cfg.ClientDisplaysResults {
		s.presentFile(uri.File(dir), md.String(), caps)
	}
	return md.String(), nil
}

// readForTree reads a file of an explained folder: the open document's
// text when the editor has it open (unsaved changes included), else the
// file on disk.
func (s *Server) readForTree(f tree.File) ([]byte, error) {
	abs, err := filepath.Abs(f.Abs)
	if err != nil {
		return nil, err
	}
	if v := s.snapshot(uri.File(abs)); v != nil {
		return []byte(v.text), nil
	}
	return os.ReadFile(abs)
}

// explainFolderAction is the "Explain this package" action of a document.
func explainFolderAction(v *version) protocol.CodeAction {
	kind := protocol.CodeActionKindEmpty
	dir := uri.File(filepath.Dir(filename(v.uri)))
	return protocol.CodeAction{Title: titleExplainFolder, Kind: &kind,
		Command: protocol.Command{Title: titleExplainFolder, Command: CommandExplainFolder, Arguments: []protocol.LSPAny{mustJSON(dir)}}}
}

// packageDeclRE matches the lines that declare a package or module: Go's
// "package x", Java's, Kotlin's and Scala's, Rust's "mod x", C#'s and
// C++'s "namespace x", Ruby's "module X".
var packageDeclRE = regexp.MustCompile(`^\s*(package|mod|namespace|module)\s+[\w.:]+`)

// packageHover shows the overview of the document's folder when pos is on
// its package declaration (or, in Python, on the module docstring's first
// line) and an explain-folder command has computed it.
func (s *Server) packageHover(v *version, pos protocol.Position, markdown bool) *protocol.Hover {
	n := int(pos.Line)
	if n >= len(v.lines.starts) {
		return nil
	}
	line := v.lines.lineContent(n)
	onDecl := (packageDeclRE.MatchString(line) || (pos.Line == 0 && v.file().Lang == "python" && pythonDocstringRE.MatchString(line)))
	if !onDecl {
		return nil
	}
	dir := filepath.Dir(filename(v.uri))
	ov, ok := s.folderOverviews.Load(dir)
	if !ok || ov.(string) == "" {
		return nil
	}
	text := ov.(string)
	if !markdown {
		return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindPlainText, Value: filepath.Base(dir) + ": " + text}}
	}
	md := fmt.Sprintf("**%s** · folder overview\n\n%s\n", inference.CodeSpan(filepath.Base(dir)+"/"), inference.EscapeMarkdown(text))
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}}
}

var pythonDocstringRE = regexp.MustCompile(`^\s*[rRuU]?("""|''')`)
