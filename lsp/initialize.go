package lsp

import (
	"context"
	"encoding/json"
	"slices"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
)

// Commands the server executes (workspace/executeCommand).
const (
	CommandExplainFunction = "summarizer.explainFunction"
	CommandExplainFile     = "summarizer.explainFile"
	CommandClearCache      = "summarizer.clearCache"
	CommandStatus          = "summarizer.status"
)

func (s *Server) initialize(ctx context.Context, params *protocol.InitializeParams) (any, error) {
	caps := readClientCaps(&params.Capabilities)
	cfg, cfgErr := s.opts.Config.Merge(json.RawMessage(params.InitializationOptions))
	s.cfgMu.Lock()
	s.cfg, s.caps = cfg, caps
	s.cfgMu.Unlock()
	if cfgErr != nil {
		s.logger.Warn("ignoring initializationOptions", "err", cfgErr)
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: %v; using defaults", cfgErr)
	}

	c, err := s.opts.OpenCache(cfg)
	if err != nil {
		s.logger.Warn("cannot open the summary cache; summaries are kept in memory only", "err", err)
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: cannot open the summary cache (%v); summaries are kept in memory only", err)
		c = cache.OpenMemory(0)
	}
	s.cache = c
	if err := s.switchEngine(cfg); err != nil {
		return nil, requestError("initialize", err)
	}
	s.state.Store(int32(stateRunning))

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
				Commands: []string{CommandExplainFunction, CommandExplainFile, CommandClearCache, CommandStatus},
			},
		},
		ServerInfo: protocol.ServerInfo{Name: "summarizer-lsp", Version: protocol.NewOptional(s.opts.Version)},
	}
	if cfg.CodeLens {
		result.Capabilities.CodeLensProvider = &protocol.CodeLensOptions{ResolveProvider: &resolve}
	}
	return result, nil
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
	if engineSettingsChanged(old, cfg) {
		if err := s.switchEngine(cfg); err != nil {
			return err
		}
		s.goBackground(s.refreshCodeLenses)
	}
	return nil
}

// engineSettingsChanged reports whether a change needs a new pipeline.
func engineSettingsChanged(a, b Config) bool {
	a.HoverBudgetMs, b.HoverBudgetMs = 0, 0
	a.CacheDir, b.CacheDir = "", ""
	a.CacheMaxEntries, b.CacheMaxEntries = 0, 0
	a.Loc, b.Loc = 0, 0
	a.BackgroundSummaries, b.BackgroundSummaries = false, false
	a.CodeLens, b.CodeLens = false, false
	a.LogLevel, b.LogLevel = "", ""
	a.ClientDisplaysResults, b.ClientDisplaysResults = false, false
	return a != b
}

// switchEngine makes the built-in engine current at once and, when cfg asks
// for a model, loads it in the background and switches to it when it is
// ready. A model that fails to load is reported to the user and the built-in
// engine goes on serving; only an invalid slot count is an error.
func (s *Server) switchEngine(cfg Config) error {
	p, err := newPipeline(heuristic.New(), cfg, false, s.cache, s.logger)
	if err != nil {
		return err
	}
	s.installMu.Lock()
	s.engineGen.Add(1)
	s.install(p)
	s.installMu.Unlock()
	switch {
	case !cfg.WantsModel():
	case cfg.ModelPath == "":
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: engine \"onnx\" needs modelPath; using the built-in engine")
	case s.opts.LoadEngine == nil:
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: this build has no model engine; using the built-in engine")
	default:
		gen := s.engineGen.Load()
		s.goBackground(func() { s.loadModel(cfg, gen) })
	}
	return nil
}

// loadModel loads the model engine of cfg and makes it current.
// gen is the engine generation it was started for: a load that a newer
// configuration overtook is discarded.
func (s *Server) loadModel(cfg Config, gen int64) {
	engine, err := s.opts.LoadEngine(cfg)
	if err != nil {
		s.logger.Error("model failed to load", "model", cfg.ModelPath, "err", err)
		s.showMessage(protocol.MessageTypeError, "summarizer-lsp: model failed to load: %v. Using the built-in engine.", err)
		return
	}
	p, err := newPipeline(engine, cfg, true, s.cache, s.logger)
	if err != nil {
		s.logger.Error("model engine", "err", err)
		return
	}
	s.installMu.Lock()
	current := s.ctx.Err() == nil && s.engineGen.Load() == gen
	if current {
		s.install(p)
	}
	s.installMu.Unlock()
	if !current {
		p.close()
		return
	}
	s.showMessage(protocol.MessageTypeInfo, "summarizer-lsp: using %s", engine.Name())
	s.refreshCodeLenses()
}

// install makes p the current pipeline and closes the previous one.
func (s *Server) install(p *pipeline) {
	cfg, _ := s.config()
	s.logger.Info("engine ready", "engine", p.engine.Name(), "slots", cfg.Slots)
	if old := s.pipe.Swap(p); old != nil {
		old.close()
	}
	s.sendStatus()
}
