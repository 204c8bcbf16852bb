package lsp

import (
	"context"
	"errors"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// Back-off of the retries of a model server that is unavailable.
const (
	firstRetry = 5 * time.Second
	maxRetry   = 5 * time.Minute
)

// applyEngines makes cfg's built-in engine current at once and, when cfg
// asks for a model, loads it in the background and switches to it when it
// is ready. The load of a previous configuration is stopped. A model that
// fails to load is reported once; the built-in engine goes on serving.
func (s *Server) applyEngines(cfg service.Config) {
	builtin := s.opts.Builtin(cfg)
	s.loadMu.Lock()
	if s.loadCancel != nil {
		s.loadCancel()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.loadCancel = cancel
	err := s.svc.Use(service.Engines{Builtin: builtin})
	s.loadMu.Unlock()
	if err != nil {
		return // closed: the connection is ending
	}
	s.logger.Info("engine ready", "engine", builtin.Name())
	s.sendStatus()
	switch {
	case !cfg.WantsModel():
	case cfg.Engine == "onnx" && cfg.ModelPath == "":
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: engine \"onnx\" needs modelPath; using the built-in engine")
	case s.opts.LoadModel == nil:
		s.showMessage(protocol.MessageTypeWarning, "summarizer-lsp: this build has no model engine; using the built-in engine")
	default:
		s.goBackground(func() { s.loadModel(ctx, cfg, builtin) })
	}
}

// loadModel loads cfg's model and makes it current, unless ctx ended (a
// newer configuration). A model server that is unavailable is tried again
// with a growing back-off.
func (s *Server) loadModel(ctx context.Context, cfg service.Config, builtin inference.Engine) {
	retry := firstRetry
	for {
		engine, err := s.opts.LoadModel(ctx, cfg)
		if err == nil {
			s.installModel(ctx, cfg, builtin, engine)
			return
		}
		if ctx.Err() != nil {
			return
		}
		s.logger.Error("model failed to load", "engine", cfg.Engine, "err", err)
		s.showOnce("load:"+err.Error(), protocol.MessageTypeError, "summarizer-lsp: model failed to load: %v. Using the built-in engine.", err)
		if !errors.Is(err, inference.ErrUnavailable) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(retry):
		}
		retry = min(2*retry, maxRetry)
	}
}

// installModel makes engine current, unless a newer configuration came in
// while it loaded.
func (s *Server) installModel(ctx context.Context, cfg service.Config, builtin, engine inference.Engine) {
	s.loadMu.Lock()
	err := ctx.Err()
	if err == nil {
		err = s.svc.Use(service.Engines{Builtin: builtin, Model: engine, Slots: cfg.Slots, QueueSize: cfg.QueueSize, JobTimeout: cfg.JobTimeout()})
	}
	s.loadMu.Unlock()
	if err != nil {
		if c, ok := engine.(interface{ Close() error }); ok {
			_ = c.Close()
		}
		if ctx.Err() == nil {
			s.logger.Error("model engine", "err", err)
		}
		return
	}
	s.logger.Info("engine ready", "engine", engine.Name(), "slots", cfg.Slots)
	s.showMessage(protocol.MessageTypeInfo, "summarizer-lsp: using %s", engine.Name())
	s.sendStatus()
	s.refreshCodeLenses()
}
