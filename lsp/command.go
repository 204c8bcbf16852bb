package lsp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
)

func (s *Server) executeCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (any, error) {
	switch params.Command {
	case CommandExplainFunction:
		var u uri.URI
		var pos protocol.Position
		if err := commandArguments(params, &u, &pos); err != nil {
			return nil, err
		}
		return s.explainFunction(ctx, u, pos)
	case CommandExplainFile:
		var u uri.URI
		if err := commandArguments(params, &u); err != nil {
			return nil, err
		}
		return s.explainFile(ctx, u, params.WorkDoneToken)
	case CommandClearCache:
		release(ctx)
		if err := s.cache.Clear(ctx); err != nil {
			return nil, requestError("clear cache", err)
		}
		s.logger.Info("cache cleared")
		s.goBackground(s.refreshCodeLenses)
		return nil, nil
	case CommandStatus:
		return s.currentStatus(), nil
	}
	return nil, errInvalidParams("unknown command %q", params.Command)
}

// commandArguments decodes the command's positional arguments into dst.
func commandArguments(params *protocol.ExecuteCommandParams, dst ...any) error {
	if len(params.Arguments) < len(dst) {
		return errInvalidParams("%s: want %d arguments, got %d", params.Command, len(dst), len(params.Arguments))
	}
	for i, d := range dst {
		if err := json.Unmarshal(params.Arguments[i], d); err != nil {
			return errInvalidParams("%s: argument %d: %v", params.Command, i+1, err)
		}
	}
	return nil
}

// explainFunction returns the full explanation of the chunk at pos, waiting
// for the engine as long as a job may run.
func (s *Server) explainFunction(ctx context.Context, u uri.URI, pos protocol.Position) (any, error) {
	snap, err := s.snapshot(u)
	if err != nil {
		return nil, errInvalidParams("%s: %v", CommandExplainFunction, err)
	}
	c, ok := snap.chunkAt(pos)
	if !ok {
		return nil, errInvalidParams("%s: no function at %d:%d", CommandExplainFunction, pos.Line+1, pos.Character+1)
	}
	release(ctx)
	cfg, _ := s.config()
	sum, err := s.summarize(ctx, snap, c, inference.Command, cfg.JobTimeout())
	if err != nil {
		return nil, requestError(CommandExplainFunction, err)
	}
	if !cfg.ClientDisplaysResults {
		s.showMessage(protocol.MessageTypeInfo, "%s: %s", c.Name, sum.Summary)
	}
	return inference.RenderChunk(c, sum.Result, inference.RenderOptions{
		Pending: sum.pending, Cached: sum.cached, Signature: true, Details: true,
	}), nil
}

// explainFile summarizes every chunk of the document at command priority,
// with progress, and returns the file overview followed by the summaries.
// The markdown is also written to a file that the client is asked to show.
func (s *Server) explainFile(ctx context.Context, u uri.URI, token protocol.ProgressToken) (any, error) {
	snap, err := s.snapshot(u)
	if err != nil {
		return nil, errInvalidParams("%s: %v", CommandExplainFile, err)
	}
	release(ctx)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := Explainable(snap.file)
	delay := progressAfter
	if token != nil {
		delay = 0
	}
	name := uri.Basename(u)
	prog := s.startProgress(token, "Explaining "+name, len(chunks), delay, cancel)
	entries, err := s.pipe.Load().summarizeAll(ctx, snap.file, chunks, func(done int, _ inference.FileEntry, _ bool) { prog.report(done) })
	if err != nil {
		prog.end("cancelled")
		return nil, requestError(CommandExplainFile, err)
	}
	prog.end("done")
	md := inference.RenderFile("Explain "+name, heuristic.Overview(snap.file), entries)
	cfg, caps := s.config()
	if !cfg.ClientDisplaysResults {
		s.presentFile(snap.uri, md, caps)
	}
	return md, nil
}

// presentFile writes an explanation next to the cache and asks the client to
// open it; clients that cannot are told where it is.
func (s *Server) presentFile(u uri.URI, md string, caps clientCaps) {
	dir := s.cache.Dir()
	if dir == "" {
		dir = os.TempDir()
	}
	sum := sha256.Sum256([]byte(u))
	file := filepath.Join(dir, "explain", fmt.Sprintf("%s-%s.md", uri.Basename(u), hex.EncodeToString(sum[:4])))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		s.logger.Warn("cannot write explanation", "err", err)
		return
	}
	if err := os.WriteFile(file, []byte(md), 0o644); err != nil {
		s.logger.Warn("cannot write explanation", "err", err)
		return
	}
	if !caps.showDocument {
		s.showMessage(protocol.MessageTypeInfo, "summarizer-lsp: explanation written to %s", file)
		return
	}
	s.goBackground(func() {
		ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
		defer cancel()
		takeFocus := true
		if _, err := s.client.ShowDocument(ctx, &protocol.ShowDocumentParams{URI: uri.File(file), TakeFocus: &takeFocus}); err != nil {
			s.logger.Debug("showDocument failed", "err", err)
		}
	})
}
