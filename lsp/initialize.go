package lsp

import (
	"context"
	"encoding/json"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

func (s *Server) initialize(_ context.Context, params *protocol.InitializeParams) (func(context.Context) (*protocol.InitializeResult, error), error) {
	caps := readClientCaps(&params.Capabilities)
	cfg, cfgErr := s.opts.Config.Merge(json.RawMessage(params.InitializationOptions))
	s.cfgMu.Lock()
	s.cfg, s.caps = cfg, caps
	s.cfgMu.Unlock()
	if cfgErr != nil {
		s.logger.Warn("ignoring initializationOptions", "err", cfgErr)
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: %v; using defaults", cfgErr)
	}
	st, err := s.opts.OpenStore(cfg, s.logger)
	if err != nil {
		s.logger.Warn("summary cache", "err", err)
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: summary cache: %v", err)
	}
	s.store = st
	svc, err := service.New(service.Options{
		Store: st, InteractiveStoreWait: cfg.CacheReadTimeout(), BatchStoreWait: cfg.CacheBatchTimeout(), Logger: s.logger,
	}, service.Engines{Builtin: s.opts.Builtin(cfg)})
	if err != nil {
		return nil, requestError("initialize", err)
	}
	s.svc = svc
	s.applyEngines(cfg)
	s.state.Store(int32(stateRunning))
	result := initializeResult(cfg, caps, s.opts.Version)
	return func(context.Context) (*protocol.InitializeResult, error) { return result, nil }, nil
}

func initializeResult(cfg service.Config, caps clientCaps, version string) *protocol.InitializeResult {
	sync := protocol.TextDocumentSyncKindIncremental
	resolve := true
	result := &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: caps.encoding,
			TextDocumentSync: &protocol.TextDocumentSyncOptions{OpenClose: &resolve, Change: &sync},
			HoverProvider:    protocol.Boolean(true),
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindEmpty, protocol.CodeActionKindRefactorRewrite},
				ResolveProvider: &resolve,
			},
			ExecuteCommandProvider: protocol.ExecuteCommandOptions{
				Commands: []string{CommandExplainFunction, CommandExplainFile, CommandExplainFolder, CommandClearCache, CommandStatus},
			},
		},
		ServerInfo: protocol.ServerInfo{Name: "summarizer-lsp", Version: protocol.NewOptional(version)},
	}
	if cfg.CodeLens {
		result.Capabilities.CodeLensProvider = &protocol.CodeLensOptions{ResolveProvider: &resolve}
	}
	return result
}

// readClientCaps picks out the capabilities the server acts on.
func readClientCaps(c *protocol.ClientCapabilities) clientCaps {
	caps := clientCaps{encoding: encodingUTF16}
	if c.General != nil && slices.Contains(c.General.PositionEncodings, encodingUTF8) {
		caps.encoding = encodingUTF8
	}
	if w := c.Window; w != nil {
		caps.workDoneProgress = w.WorkDoneProgress != nil && *w.WorkDoneProgress
		caps.showDocument = w.ShowDocument != nil && w.ShowDocument.Support
	}
	if w := c.Workspace; w != nil && w.CodeLens != nil {
		caps.codeLensRefresh = w.CodeLens.RefreshSupport != nil && *w.CodeLens.RefreshSupport
	}
	if td := c.TextDocument; td != nil {
		if ca := td.CodeAction; ca != nil {
			caps.resolveEdit = slices.Contains(ca.ResolveSupport.Properties, "edit")
		}
		if h := td.Hover; h != nil {
			caps.markdown = slices.Contains(h.ContentFormat, protocol.MarkupKindMarkdown)
		}
	}
	return caps
}

func (s *Server) didChangeConfiguration(params *protocol.DidChangeConfigurationParams) error {
	old, _ := s.config()
	cfg, err := old.Merge(json.RawMessage(params.Settings))
	if err != nil {
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: %v; keeping the previous settings", err)
		return err
	}
	s.cfgMu.Lock()
	s.cfg = cfg
	s.cfgMu.Unlock()
	if !old.SameStore(cfg) {
		s.showMessage(protocol.MessageTypeInfo, "summarizer-lsp: the new cache settings take effect when the server restarts")
	}
	if !old.SameEngines(cfg) {
		s.applyEngines(cfg)
	}
	if !old.SameEngines(cfg) || old.CodeLens != cfg.CodeLens || old.LensRepeatsDoc != cfg.LensRepeatsDoc {
		s.goBackground(s.refreshCodeLenses)
	}
	return nil
}
