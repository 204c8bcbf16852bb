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
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// Commands the server executes (workspace/executeCommand).
const (
	CommandExplainFunction = "summarizer.explainFunction"
	CommandExplainFile     = "summarizer.explainFile"
	CommandClearCache      = "summarizer.clearCache"
	CommandStatus          = "summarizer.status"
)

func (s *Server) executeCommand(_ context.Context, params *protocol.ExecuteCommandParams) (func(context.Context) (any, error), error) {
	switch params.Command {
	case CommandExplainFunction:
		var u uri.URI
		var pos protocol.Position
		if err := commandArguments(params, &u, &pos); err != nil {
			return nil, err
		}
		snap := s.snapshot(u)
		if snap == nil {
			return nil, errInvalidParams("%s: %s: %v", CommandExplainFunction, u, errUnknownDocument)
		}
		return func(ctx context.Context) (any, error) { return s.explainFunction(ctx, snap, pos) }, nil
	case CommandExplainFile:
		var u uri.URI
		if err := commandArguments(params, &u); err != nil {
			return nil, err
		}
		snap := s.snapshot(u)
		if snap == nil {
			return nil, errInvalidParams("%s: %s: %v", CommandExplainFile, u, errUnknownDocument)
		}
		return func(ctx context.Context) (any, error) { return s.explainFile(ctx, snap, params.WorkDoneToken) }, nil
	case CommandExplainFolder:
		return s.prepareExplainFolder(params)
	case CommandClearCache:
		return s.clearCache, nil
	case CommandStatus:
		return func(context.Context) (any, error) { return s.currentStatus(), nil }, nil
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

// clearCache empties the local summary store (never a team's shared one).
func (s *Server) clearCache(ctx context.Context) (any, error) {
	if err := s.store.Clear(ctx); err != nil {
		return nil, requestError("clear cache", err)
	}
	s.logger.Info("cache cleared")
	s.goBackground(s.refreshCodeLenses)
	return nil, nil
}

// explainFunction returns the full explanation of the chunk at pos, waiting
// for the engine as long as a job may run.
func (s *Server) explainFunction(ctx context.Context, snap *version, pos protocol.Position) (any, error) {
	c, ok := snap.chunkAt(pos)
	if !ok {
		return nil, errInvalidParams("%s: no function at %d:%d", CommandExplainFunction, pos.Line+1, pos.Character+1)
	}
	cfg, _ := s.config()
	sum, err := s.svc.Get(ctx, snap.request(c), service.Wait{Priority: inference.Command, For: cfg.JobTimeout()})
	if err != nil {
		return nil, requestError(CommandExplainFunction, err)
	}
	if !cfg.ClientDisplaysResults {
		s.showMessage(protocol.MessageTypeInfo, "%s: %s", c.Name, sum.Summary)
	}
	return inference.RenderChunk(c, sum.Result, renderOptions(sum, cfg.SummaryLanguage)), nil
}

// explainFile summarizes every chunk of the document at command priority,
// with progress, and returns the file overview followed by the summaries.
// The markdown is also written to a file that the client is asked to show.
func (s *Server) explainFile(ctx context.Context, snap *version, token protocol.ProgressToken) (any, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	file := snap.file()
	delay := progressAfter
	if token != nil {
		delay = 0
	}
	name := uri.Basename(snap.uri)
	prog := s.startProgress(token, "Explaining "+name, len(service.Explainable(file)), delay, cancel)
	done := 0
	exp, err := s.svc.ExplainFile(ctx, file, func(int, service.Summary) { done++; prog.report(done) })
	if err != nil {
		prog.end("cancelled")
		return nil, requestError(CommandExplainFile, err)
	}
	prog.end("done")
	cfg, caps := s.config()
	md := exp.Markdown(inference.LabelsFor(cfg.SummaryLanguage).Explanation(name), cfg.SummaryLanguage)
	if !cfg.ClientDisplaysResults {
		s.presentFile(snap.uri, md, caps)
	}
	return md, nil
}

// presentFile writes an explanation next to the cache and asks the client to
// open it; clients that cannot are told where it is.
func (s *Server) presentFile(u uri.URI, md string, caps clientCaps) {
	dir := s.store.Dir()
	if dir == "" {
		dir = os.TempDir()
	}
	sum := sha256.Sum256([]byte(u))
	file := filepath.Join(dir, "explain", fmt.Sprintf("%s-%s.md", uri.Basename(u), hex.EncodeToString(sum[:4])))
	if err := writePrivate(file, []byte(md)); err != nil {
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

// writePrivate writes data to file readable by the user alone: an
// explanation says what the user's code does.
func writePrivate(file string, data []byte) error {
	dir := filepath.Dir(file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return err
	}
	return os.Chmod(file, 0o600)
}
