// Command summarizer-lsp is a language server that explains code, and the
// same engine as a batch CLI. main only parses flags and wires packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// version is set with -ldflags "-X main.version=..." by release builds.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := newRootCmd().ExecuteContext(ctx)
	stop()
	if err != nil {
		if !errors.Is(err, lsp.ErrExitWithoutShutdown) {
			fmt.Fprintln(os.Stderr, "summarizer-lsp:", err)
		}
		os.Exit(1)
	}
}

func newRootCmd() *cobra.Command {
	cfg := service.DefaultConfig()
	root := &cobra.Command{
		Use:   "summarizer-lsp",
		Short: "A language server that explains code, with a built-in engine or a local model",
		Long: "summarizer-lsp speaks the Language Server Protocol on stdio when run without a subcommand\n" +
			"(or with \"serve\"), and explains files in batch with \"explain\".",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, _ []string) error { return serve(cmd.Context(), cfg) },
	}
	bindConfigFlags(root.PersistentFlags(), &cfg)
	serveCmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the language server on stdio (the default)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return serve(cmd.Context(), cfg) },
	}
	serveCmd.Flags().IntVar(&cfg.HoverBudgetMs, "hover-budget-ms", cfg.HoverBudgetMs, "how long a hover waits for a pending summary")
	serveCmd.Flags().BoolVar(&cfg.BackgroundSummaries, "background", cfg.BackgroundSummaries, "summarize open documents in the background")
	root.AddCommand(serveCmd, newExplainCmd(&cfg), newVersionCmd(), newEvalCmd(&cfg), newTokenizeCmd(), newBenchCmd(&cfg), newModelsCmd(), newCacheCmd(&cfg))
	return root
}

// bindConfigFlags binds the settings shared by every subcommand to cfg.
func bindConfigFlags(fs *pflag.FlagSet, cfg *service.Config) {
	fs.StringVar(&cfg.Engine, "engine", cfg.Engine, "engine: auto, heuristic, onnx, ollama or openai")
	fs.StringVar(&cfg.SummaryLanguage, "summary-language", cfg.SummaryLanguage, "language summaries are written in: en, zh, or any BCP-47 tag for model engines")
	fs.StringVar(&cfg.Endpoint, "endpoint", cfg.Endpoint, "model server URL (ollama: default http://127.0.0.1:11434)")
	fs.StringVar(&cfg.RemoteModel, "remote-model", cfg.RemoteModel, "the model's name on the model server")
	fs.StringVar(&cfg.APIKeyEnv, "api-key-env", cfg.APIKeyEnv, "name of the environment variable holding the model server's API key")
	fs.StringToStringVar(&cfg.Headers, "header", cfg.Headers, "extra HTTP header for the model server, NAME=VALUE (repeatable)")
	fs.IntVar(&cfg.RequestTimeoutMs, "request-timeout-ms", cfg.RequestTimeoutMs, "longest silence of a model server's streamed answer")
	fs.StringVar(&cfg.KeepAlive, "keep-alive", cfg.KeepAlive, "ollama keep_alive: how long the server keeps the model loaded")
	fs.IntVar(&cfg.ContextTokens, "context-tokens", cfg.ContextTokens, "the model's context length, when the server does not report it")
	fs.StringVar(&cfg.ModelPath, "model", cfg.ModelPath, "model directory (Hugging Face layout with onnx/model*.onnx)")
	fs.StringVar(&cfg.ModelVariant, "model-variant", cfg.ModelVariant, "model file variant: q4, quantized, fp16, fp32 (default: best present)")
	fs.StringVar(&cfg.Provider, "provider", cfg.Provider, "execution provider: auto, cpu, coreml or cuda")
	fs.StringVar(&cfg.OnnxruntimeLib, "onnxruntime-lib", cfg.OnnxruntimeLib, "path to the ONNX Runtime shared library (default: $ONNXRUNTIME_LIB, then the usual places)")
	fs.IntVar(&cfg.Slots, "slots", cfg.Slots, "summaries computed at once, 1-100")
	fs.IntVar(&cfg.Slots, "agent-count", cfg.Slots, "same as --slots")
	fs.IntVar(&cfg.JobTimeoutMs, "job-timeout-ms", cfg.JobTimeoutMs, "deadline of one summary")
	fs.IntVar(&cfg.MaxNewTokens, "max-new-tokens", cfg.MaxNewTokens, "model engines: most tokens generated per summary")
	fs.StringVar(&cfg.Sampling, "sampling-strategy", cfg.Sampling, "model engines: greedy, sample or beam")
	fs.Float64Var(&cfg.Temperature, "temperature", cfg.Temperature, "model engines: sampling temperature")
	fs.IntVar(&cfg.TopK, "top-k", cfg.TopK, "model engines: top-k sampling")
	fs.Float64Var(&cfg.TopP, "top-p", cfg.TopP, "model engines: nucleus sampling")
	fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "model engines: sampling seed")
	fs.IntVar(&cfg.NumBeams, "num-beams", cfg.NumBeams, "model engines: beams for beam search")
	fs.StringVar(&cfg.Prompt, "prompt", cfg.Prompt, "model engines: prompt template overriding the built-in one")
	fs.StringVar(&cfg.CacheDir, "cache-dir", cfg.CacheDir, "summary cache directory (default $XDG_CACHE_HOME/summarizer-lsp)")
	fs.IntVar(&cfg.CacheMaxEntries, "cache-max-entries", cfg.CacheMaxEntries, "entries kept in the summary cache")
	fs.StringVar(&cfg.CacheURL, "cache-url", cfg.CacheURL, "team cache: redis://[user@]host:port/db, rediss:// for TLS, or comma-separated cluster seeds")
	fs.StringVar(&cfg.CachePasswordEnv, "cache-password-env", cfg.CachePasswordEnv, "name of the environment variable holding the team cache's password")
	fs.StringVar(&cfg.CachePrefix, "cache-prefix", cfg.CachePrefix, "key prefix in the team cache")
	fs.IntVar(&cfg.CacheTTLSeconds, "cache-ttl-seconds", cfg.CacheTTLSeconds, "team cache entries expire after this many seconds (0: never)")
	fs.IntVar(&cfg.CacheReadTimeoutMs, "cache-read-timeout-ms", cfg.CacheReadTimeoutMs, "how long hovers wait for the team cache")
	fs.IntVar(&cfg.CacheBatchTimeoutMs, "cache-batch-timeout-ms", cfg.CacheBatchTimeoutMs, "how long explain and background work wait for the team cache")
	fs.IntVar(&cfg.Loc, "loc", cfg.Loc, "lines per chunk for languages without a grammar")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: error, warn, info or debug")
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// serve runs the language server on stdin/stdout.
func serve(ctx context.Context, cfg service.Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := newLogger(cfg.LogLevel)
	srv := lsp.New(lsp.Options{
		Config:     cfg,
		Builtin:    builtinEngine,
		LoadModel:  modelLoader(logger),
		OpenStore:  openStore,
		StoreStats: storeStats,
		Logger:     logger,
		Version:    buildVersion(),
	})
	logger.Info("summarizer-lsp starting", "version", buildVersion())
	return srv.Serve(ctx, stdio{})
}

// stdio is the server's stream: stdin and stdout. stdout is the protocol;
// nothing else may write to it.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	return errors.Join(os.Stdin.Close(), os.Stdout.Close())
}

var _ io.ReadWriteCloser = stdio{}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintln(cmd.OutOrStdout(), "summarizer-lsp", buildVersion())
		},
	}
}

// buildVersion is the -X version or, failing that, the module version.
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}
