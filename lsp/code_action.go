package lsp

import (
	"context"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Code action titles. Helix has no code lenses: these actions are how its
// users reach every feature.
const (
	titleExplainFunction = "Explain function"
	titleExplainFile     = "Explain file"
	titleInsertDoc       = "Insert summary as doc comment"
)

func (s *Server) codeAction(ctx context.Context, params *protocol.CodeActionParams) (any, error) {
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	only := params.Context.Only
	wanted := func(kind protocol.CodeActionKind) bool {
		if len(only) == 0 {
			return true
		}
		for _, o := range only {
			if o == kind || strings.HasPrefix(string(kind), string(o)+".") {
				return true
			}
		}
		return false
	}
	var actions []protocol.CodeAction
	empty, rewrite := protocol.CodeActionKindEmpty, protocol.CodeActionKindRefactorRewrite
	c, inChunk := snap.chunkAt(params.Range.Start)
	if inChunk && wanted(empty) {
		actions = append(actions, protocol.CodeAction{Title: titleExplainFunction, Kind: &empty,
			Command: protocol.Command{Title: titleExplainFunction, Command: CommandExplainFunction, Arguments: commandArgs(snap.uri, snap.ref(c).Position)}})
	}
	if wanted(empty) {
		actions = append(actions, protocol.CodeAction{Title: titleExplainFile, Kind: &empty,
			Command: protocol.Command{Title: titleExplainFile, Command: CommandExplainFile, Arguments: []protocol.LSPAny{mustJSON(snap.uri)}}})
	}
	if inChunk && c.Doc == "" && c.Kind != analysis.KindWindow && wanted(rewrite) {
		action := protocol.CodeAction{Title: titleInsertDoc, Kind: &rewrite, Data: mustJSON(snap.ref(c))}
		if _, caps := s.config(); !caps.resolveEdit {
			// Without codeAction/resolve the edit must be in the list: the
			// summary is what the cache or the hover budget gives.
			release(ctx)
			cfg, _ := s.config()
			edit, err := s.docEdit(ctx, snap, c, cfg.HoverBudget())
			if err != nil {
				return nil, err
			}
			if edit == nil {
				return actions, nil
			}
			action.Edit, action.Data = edit, nil
		}
		actions = append(actions, action)
	}
	return actions, nil
}

// codeActionResolve computes the edit of "insert doc comment", waiting for
// the summary as an explicit command would.
func (s *Server) codeActionResolve(ctx context.Context, action *protocol.CodeAction) (any, error) {
	ref, err := decodeRef(protocol.MethodCodeActionResolve, action.Data)
	if err != nil {
		return nil, err
	}
	snap, c, ok := s.lookup(ref)
	if !ok {
		return nil, protocol.ErrContentModified
	}
	release(ctx)
	cfg, _ := s.config()
	edit, err := s.docEdit(ctx, snap, c, cfg.JobTimeout())
	if err != nil {
		return nil, err
	}
	out := *action
	out.Edit = edit
	return &out, nil
}

// docEdit is the workspace edit inserting c's summary as a doc comment.
func (s *Server) docEdit(ctx context.Context, snap *snapshot, c analysis.Chunk, wait time.Duration) (*protocol.WorkspaceEdit, error) {
	sum, err := s.summarize(ctx, snap, c, inference.Command, wait)
	if err != nil {
		return nil, requestError("insert doc comment", err)
	}
	ins, ok := docComment(snap.text, c, sum.Summary)
	if !ok {
		return nil, nil
	}
	pos := snap.lines.position(ins.offset)
	edit := protocol.TextEdit{Range: protocol.Range{Start: pos, End: pos}, NewText: ins.text}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{snap.uri: {edit}}}, nil
}
