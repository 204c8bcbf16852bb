package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/onnx"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// builtinEngine is the built-in engine for a configuration, writing in its
// summary language.
func builtinEngine(cfg service.Config) inference.Engine {
	return heuristic.New(heuristic.Language(cfg.SummaryLanguage))
}

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
	lib, search := onnxLibrary(cfg)
	e, err := onnx.Load(onnx.Options{
		ModelDir:      cfg.ModelPath,
		Variant:       cfg.ModelVariant,
		Provider:      cfg.Provider,
		LibraryPath:   lib,
		LibrarySearch: search,
		MaxNewTokens:  cfg.MaxNewTokens,
		Sampling:      cfg.Sampling,
		Temperature:   cfg.Temperature,
		TopK:          cfg.TopK,
		TopP:          cfg.TopP,
		Seed:          cfg.Seed,
		NumBeams:      cfg.NumBeams,
		Prompt:        cfg.Prompt,
		Language:      cfg.SummaryLanguage,
		Slots:         cfg.Slots,
		Logger:        logger,
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

// onnxLibrary is where the ONNX Runtime library is: the explicit path the
// settings or $ONNXRUNTIME_LIB name (it must hold the library), and the
// places to search otherwise, in order: the running binary's directory, the
// setup cache ($SUMMARIZER_DEPS/onnxruntime, else .cache/deps/onnxruntime
// next to the binary's parent directory). Never the working directory:
// editors start the server in the project they opened, and a library found
// there would run that project's code (docs/security.md).
func onnxLibrary(cfg service.Config) (explicit string, search []string) {
	explicit = cfg.OnnxruntimeLib
	if explicit == "" {
		explicit = os.Getenv("ONNXRUNTIME_LIB")
	}
	exeDir := ""
	if exe, err := os.Executable(); err == nil {
		exeDir = filepath.Dir(exe)
		search = append(search, exeDir)
	}
	if deps := os.Getenv("SUMMARIZER_DEPS"); deps != "" {
		search = append(search, filepath.Join(deps, "onnxruntime"))
	}
	if exeDir != "" {
		search = append(search, filepath.Join(filepath.Dir(exeDir), ".cache", "deps", "onnxruntime"))
	}
	return explicit, search
}

// openStore opens the summary cache of a configuration: memory and
// SQLite, in front of the team's Redis when cacheUrl is set. A directory
// that cannot be used falls back to memory (still in front of Redis), and
// team-cache settings that cannot work leave Redis out; the error says so.
func openStore(cfg service.Config, logger *slog.Logger) (lsp.Store, error) {
	shared, sharedErr := openShared(cfg, logger)
	dir, err := cacheDir(cfg)
	opts := cache.Options{Dir: dir, MaxEntries: cfg.CacheMaxEntries, Logger: logger, Shared: shared}
	var c *cache.Cache
	if err == nil {
		c, err = cache.Open(opts)
	}
	if err != nil {
		opts.MemoryOnly = true
		c, _ = cache.Open(opts)
		return c, errors.Join(fmt.Errorf("%w; summaries are kept in memory only", err), sharedErr)
	}
	return c, sharedErr
}

// storeStats are the counters of a store openStore opened, for the
// language server's status.
func storeStats(st lsp.Store) any {
	if c, ok := st.(*cache.Cache); ok {
		return c.Stats()
	}
	return nil
}

// openShared opens the team cache cfg names (nil when none). The password
// is read here, from the variable cachePasswordEnv names, and goes no
// further than the client.
func openShared(cfg service.Config, logger *slog.Logger) (*cache.Redis, error) {
	if cfg.CacheURL == "" {
		return nil, nil
	}
	password := ""
	if cfg.CachePasswordEnv != "" {
		if password = os.Getenv(cfg.CachePasswordEnv); password == "" {
			return nil, fmt.Errorf("team cache not used: the environment variable %s (cachePasswordEnv) is empty or unset", cfg.CachePasswordEnv)
		}
	}
	r, err := cache.OpenRedis(cache.RedisOptions{
		URL: cfg.CacheURL, Password: password, Prefix: cfg.CachePrefix,
		TTL: time.Duration(cfg.CacheTTLSeconds) * time.Second, Wait: cfg.CacheReadTimeout(), Logger: logger,
	})
	if err != nil {
		return nil, fmt.Errorf("team cache not used: %w", err)
	}
	return r, nil
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

// cacheDir is the absolute summary cache directory of cfg: its cacheDir
// setting (relative to the working directory) or the default.
func cacheDir(cfg service.Config) (string, error) {
	if cfg.CacheDir == "" {
		return defaultCacheDir()
	}
	return filepath.Abs(cfg.CacheDir)
}

// defaultCacheDir returns $XDG_CACHE_HOME/summarizer-lsp when
// XDG_CACHE_HOME is an absolute path, else the summarizer-lsp directory in
// os.UserCacheDir.
func defaultCacheDir() (string, error) {
	if d := os.Getenv("XDG_CACHE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "summarizer-lsp"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("summary cache: default directory: %w", err)
	}
	return filepath.Join(d, "summarizer-lsp"), nil
}
