package lsp

import (
	"context"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// Code action titles. Helix has no code lenses: these actions are how its
// users reach every feature.
const (
	titleExplainFunction = "Explain function"
	titleExplainFile     = "Explain file"
	titleInsertDoc       = "Insert summary as doc comment"
)

func (s *Server) codeAction(_ context.Context, params *protocol.CodeActionParams) (func(context.Context) ([]protocol.CodeAction, error), error) {
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	return func(ctx context.Context) ([]protocol.CodeAction, error) {
		s.prefetch(snap, params.Range.Start)
		return s.actionsAt(ctx, snap, params.Range.Start, params.Context.Only)
	}, nil
}

// prefetch moves the summary of the function at pos (clients ask for code
// actions wherever the cursor goes) ahead of the file's background work,
// without waiting for it.
func (s *Server) prefetch(snap *version, pos protocol.Position) {
	c, ok := snap.chunkAt(pos)
	if !ok || !s.svc.Status().Model {
		return
	}
	if _, err := s.svc.Get(s.ctx, snap.request(c), service.Wait{Priority: inference.Visible, Detach: true}); err != nil {
		s.logger.Debug("prefetch", "name", c.Name, "err", err)
	}
}

// actionsAt lists the actions at pos of the kinds in only (all when empty).
func (s *Server) actionsAt(ctx context.Context, snap *version, pos protocol.Position, only []protocol.CodeActionKind) ([]protocol.CodeAction, error) {
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
	c, inChunk := snap.chunkAt(pos)
	if inChunk && wanted(empty) {
		actions = append(actions, protocol.CodeAction{Title: titleExplainFunction, Kind: &empty,
			Command: protocol.Command{Title: titleExplainFunction, Command: CommandExplainFunction, Arguments: commandArgs(snap.uri, snap.ref(c).Position)}})
	}
	if wanted(empty) {
		actions = append(actions, protocol.CodeAction{Title: titleExplainFile, Kind: &empty,
			Command: protocol.Command{Title: titleExplainFile, Command: CommandExplainFile, Arguments: []protocol.LSPAny{mustJSON(snap.uri)}}},
			explainFolderAction(snap))
	}
	if !inChunk || c.Doc != "" || c.Kind == analysis.KindWindow || !wanted(rewrite) {
		return actions, nil
	}
	action := protocol.CodeAction{Title: titleInsertDoc, Kind: &rewrite, Data: mustJSON(snap.ref(c))}
	if cfg, caps := s.config(); !caps.resolveEdit {
		// Without codeAction/resolve the edit must be in the list: the
		// summary is what the store or the hover budget gives.
		edit, err := s.docEdit(ctx, snap, c, cfg.HoverBudget())
		if err != nil || edit == nil {
			return actions, err
		}
		action.Edit, action.Data = edit, nil
	}
	return append(actions, action), nil
}

// codeActionResolve computes the edit of "insert doc comment", waiting for
// the summary as an explicit command would.
func (s *Server) codeActionResolve(_ context.Context, action *protocol.CodeAction) (func(context.Context) (*protocol.CodeAction, error), error) {
	ref, err := decodeRef(protocol.MethodCodeActionResolve, action.Data)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*protocol.CodeAction, error) {
		v, c, ok := s.lookup(ref)
		if !ok {
			return nil, protocol.ErrContentModified
		}
		cfg, _ := s.config()
		edit, err := s.docEdit(ctx, v, c, cfg.JobTimeout())
		if err != nil {
			return nil, err
		}
		out := *action
		out.Edit = edit
		return &out, nil
	}, nil
}

// docEdit is the workspace edit inserting c's summary as a doc comment.
func (s *Server) docEdit(ctx context.Context, v *version, c analysis.Chunk, wait time.Duration) (*protocol.WorkspaceEdit, error) {
	sum, err := s.svc.Get(ctx, v.request(c), service.Wait{Priority: inference.Command, For: wait, Detach: true})
	if err != nil {
		return nil, requestError("insert doc comment", err)
	}
	ins, ok := docComment(v.text, c, sum.Summary)
	if !ok {
		return nil, nil
	}
	pos := v.lines.position(ins.offset)
	edit := protocol.TextEdit{Range: protocol.Range{Start: pos, End: pos}, NewText: ins.text}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{v.uri: {edit}}}, nil
}
