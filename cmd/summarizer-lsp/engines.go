package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/onnx"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// builtinEngine is the built-in engine for a configuration.
func builtinEngine(service.Config) inference.Engine { return heuristic.New() }

// modelLoader returns the model loader: the engine a configuration's
// engine setting names.
func modelLoader(logger *slog.Logger) func(context.Context, service.Config) (inference.Engine, error) {
	return func(ctx context.Context, cfg service.Config) (inference.Engine, error) {
		if cfg.IsRemote() {
			return loadRemote(ctx, cfg, logger)
		}
		return loadONNX(cfg, logger)
	}
}

// loadONNX loads the ONNX model of cfg.
func loadONNX(cfg service.Config, logger *slog.Logger) (inference.Engine, error) {
	e, err := onnx.Load(onnx.Options{
		ModelDir:     cfg.ModelPath,
		Variant:      cfg.ModelVariant,
		Provider:     cfg.Provider,
		LibraryPath:  onnxLibrary(cfg),
		MaxNewTokens: cfg.MaxNewTokens,
		Sampling:     cfg.Sampling,
		Temperature:  cfg.Temperature,
		TopK:         cfg.TopK,
		TopP:         cfg.TopP,
		Seed:         cfg.Seed,
		NumBeams:     cfg.NumBeams,
		Prompt:       cfg.Prompt,
		Language:     cfg.SummaryLanguage,
		Slots:        cfg.Slots,
		Logger:       logger,
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// loadRemote connects to the model server of cfg. The API key is read
// here from the environment variable cfg.APIKeyEnv names; it never enters
// settings or logs. Errors that may pass (server down, model not pulled)
// wrap inference.ErrUnavailable, so the language server retries them.
func loadRemote(ctx context.Context, cfg service.Config, logger *slog.Logger) (inference.Engine, error) {
	key := ""
	if cfg.APIKeyEnv != "" {
		if key = os.Getenv(cfg.APIKeyEnv); key == "" {
			return nil, fmt.Errorf("apiKeyEnv names %s, but that environment variable is empty or not set", cfg.APIKeyEnv)
		}
	}
	return remote.New(ctx, remote.Options{
		Protocol:       remote.Protocol(cfg.Engine),
		Endpoint:       cfg.Endpoint,
		Model:          cfg.RemoteModel,
		APIKey:         key,
		Headers:        cfg.Headers,
		RequestTimeout: time.Duration(cfg.RequestTimeoutMs) * time.Millisecond,
		KeepAlive:      cfg.KeepAlive,
		ContextTokens:  cfg.ContextTokens,
		MaxNewTokens:   cfg.MaxNewTokens,
		Sampling:       cfg.Sampling,
		Temperature:    cfg.Temperature,
		TopK:           cfg.TopK,
		TopP:           cfg.TopP,
		Seed:           cfg.Seed,
		Prompt:         cfg.Prompt,
		Language:       cfg.SummaryLanguage,
		Slots:          cfg.Slots,
		Logger:         logger,
	})
}

// onnxLibrary is the ONNX Runtime library the settings or the environment
// name ("" lets the engine look in the usual places).
func onnxLibrary(cfg service.Config) string {
	if cfg.OnnxruntimeLib != "" {
		return cfg.OnnxruntimeLib
	}
	return os.Getenv("ONNXRUNTIME_LIB")
}

// storeOpener opens the summary cache of a configuration, falling back to
// memory with the reason when the directory cannot be used.
func storeOpener(logger *slog.Logger) func(service.Config) (lsp.Store, error) {
	return func(cfg service.Config) (lsp.Store, error) {
		c, err := cache.Open(cache.Options{Dir: cfg.CacheDir, MaxEntries: cfg.CacheMaxEntries, Logger: logger})
		if err != nil {
			return cache.OpenMemory(0), err
		}
		return c, nil
	}
}

// newService starts the service a batch command runs on: the built-in
// engine and, when cfg asks for one and it loads, the model. With
// require, a model that fails to load is an error (a measurement of the
// fallback would report the wrong engine); otherwise the failure is said on
// stderr and the built-in engine serves. Caller must Close the service and
// then the store.
func newService(ctx context.Context, cfg service.Config, st lsp.Store, require bool, logger *slog.Logger) (*service.Summarizer, error) {
	engines := service.Engines{Builtin: builtinEngine(cfg), Slots: cfg.Slots, QueueSize: cfg.QueueSize, JobTimeout: cfg.JobTimeout()}
	if cfg.WantsModel() {
		m, err := loadModel(ctx, cfg, logger)
		switch {
		case err != nil && require:
			return nil, err
		case err != nil:
			fmt.Fprintf(os.Stderr, "summarizer-lsp: model failed to load: %v\nsummarizer-lsp: using the built-in engine\n", err)
		default:
			fmt.Fprintf(os.Stderr, "summarizer-lsp: using %s\n", m.Name())
			engines.Model = m
		}
	}
	svc, err := service.New(service.Options{
		Store: st, InteractiveStoreWait: cfg.CacheReadTimeout(), BatchStoreWait: cfg.CacheBatchTimeout(), Logger: logger,
	}, engines)
	if err != nil {
		if c, ok := engines.Model.(io.Closer); ok {
			_ = c.Close()
		}
		return nil, err
	}
	return svc, nil
}

// loadModel loads cfg's model, which cfg must ask for.
func loadModel(ctx context.Context, cfg service.Config, logger *slog.Logger) (inference.Engine, error) {
	if cfg.Engine == "onnx" && cfg.ModelPath == "" || cfg.Engine == "auto" && cfg.ModelPath == "" {
		return nil, fmt.Errorf("engine %q needs --model", cfg.Engine)
	}
	return modelLoader(logger)(ctx, cfg)
}
