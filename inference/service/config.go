package service

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Config is every user setting, from flags, the language server's
// initializationOptions and workspace/didChangeConfiguration (either bare
// or under a "summarizer" key). JSON names are the setting names users
// write in their editors; flags are the same names in kebab case. One
// typed value, validated once by Merge or Validate.
type Config struct {
	Engine          string `json:"engine"`          // auto | heuristic | onnx | ollama | openai
	SummaryLanguage string `json:"summaryLanguage"` // BCP-47 tag summaries are written in: en (default), zh, …
	ModelPath       string `json:"modelPath"`       // Hugging Face layout model directory
	ModelVariant    string `json:"modelVariant"`    // q4 | quantized | fp16 | fp32 | "" (best present)
	Provider        string `json:"provider"`        // auto | cpu | coreml | cuda
	OnnxruntimeLib  string `json:"onnxruntimeLib"`  // explicit path to libonnxruntime

	// Remote engines (ollama, openai).
	Endpoint         string            `json:"endpoint"`         // server URL; default http://127.0.0.1:11434 for ollama
	RemoteModel      string            `json:"remoteModel"`      // the model's name on the server
	APIKeyEnv        string            `json:"apiKeyEnv"`        // name of the environment variable holding the API key
	Headers          map[string]string `json:"headers"`          // extra HTTP headers
	RequestTimeoutMs int               `json:"requestTimeoutMs"` // longest silence of a streamed answer
	KeepAlive        string            `json:"keepAlive"`        // ollama keep_alive ("5m", "-1")
	ContextTokens    int               `json:"contextTokens"`    // the model's context, when the server does not say (openai)

	Slots         int     `json:"slots"`         // scheduler slots, 1–100
	QueueSize     int     `json:"queueSize"`     // scheduler queue bound
	JobTimeoutMs  int     `json:"jobTimeoutMs"`  // per-job deadline
	HoverBudgetMs int     `json:"hoverBudgetMs"` // how long a hover waits for a pending summary
	MaxNewTokens  int     `json:"maxNewTokens"`
	Sampling      string  `json:"samplingStrategy"` // greedy | sample | beam
	Temperature   float64 `json:"temperature"`
	TopK          int     `json:"topK"`
	TopP          float64 `json:"topP"`
	Seed          int64   `json:"seed"`
	NumBeams      int     `json:"numBeams"`
	Prompt        string  `json:"prompt"` // overrides the built-in prompt template

	CacheDir            string `json:"cacheDir"`            // default $XDG_CACHE_HOME/summarizer-lsp
	CacheMaxEntries     int    `json:"cacheMaxEntries"`     // SQLite bound, LRU eviction beyond it
	CacheURL            string `json:"cacheUrl"`            // team cache: redis://, rediss:// or a comma-separated list of cluster seeds
	CachePasswordEnv    string `json:"cachePasswordEnv"`    // name of the environment variable holding the Redis password
	CachePrefix         string `json:"cachePrefix"`         // key prefix in the team cache
	CacheTTLSeconds     int    `json:"cacheTtlSeconds"`     // team cache entries expire after this (0: never)
	CacheReadTimeoutMs  int    `json:"cacheReadTimeoutMs"`  // how long hovers and lenses wait for the team cache
	CacheBatchTimeoutMs int    `json:"cacheBatchTimeoutMs"` // how long explain and background work wait for it
	Loc                 int    `json:"loc"`                 // line-window size for languages without a grammar

	BackgroundSummaries bool `json:"backgroundSummaries"` // summarize open documents at low priority
	CodeLens            bool `json:"codeLens"`
	// LensRepeatsDoc shows a documented function's own doc comment in its
	// lens, as earlier versions did; by default such a lens shows the
	// model's summary when it differs, or just "Explain".
	LensRepeatsDoc bool   `json:"lensRepeatsDocComment"`
	LogLevel       string `json:"logLevel"` // error | warn | info | debug
	// ClientDisplaysResults is set by editor plugins that show the markdown
	// returned by the explain commands themselves; otherwise the server
	// shows it (window/showMessage, window/showDocument).
	ClientDisplaysResults bool `json:"clientDisplaysResults"`
}

// DefaultConfig returns the settings used when the user sets nothing.
func DefaultConfig() Config {
	return Config{
		Engine:              "auto",
		SummaryLanguage:     "en",
		Provider:            "auto",
		RequestTimeoutMs:    120_000,
		CacheReadTimeoutMs:  50,
		CacheBatchTimeoutMs: 1000,
		CachePrefix:         "summarizer:v1:",
		Slots:               10,
		QueueSize:           1024,
		JobTimeoutMs:        60_000,
		HoverBudgetMs:       1500,
		MaxNewTokens:        64,
		Sampling:            "greedy",
		Temperature:         0.2,
		TopK:                50,
		TopP:                0.95,
		NumBeams:            4,
		CacheMaxEntries:     200_000,
		Loc:                 300,
		BackgroundSummaries: true,
		CodeLens:            true,
		LogLevel:            "info",
	}
}

// Merge overlays the settings present in raw (a JSON object, bare or with a
// "summarizer" key) onto c and returns the result, validated.
func (c Config) Merge(raw json.RawMessage) (Config, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return c, c.Validate()
	}
	var wrapped struct {
		Summarizer json.RawMessage `json:"summarizer"`
	}
	if err := json.Unmarshal(raw, &wrapped); err == nil && len(wrapped.Summarizer) > 0 && string(wrapped.Summarizer) != "null" {
		raw = wrapped.Summarizer
	}
	out := c
	out.Headers = nil // a map merges key by key: the client sends the whole setting
	if err := json.Unmarshal(raw, &out); err != nil {
		return c, fmt.Errorf("settings: %w", err)
	}
	if err := out.Validate(); err != nil {
		return c, err
	}
	return out, nil
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Slots < 1 || c.Slots > inference.MaxSlots:
		return fmt.Errorf("settings: slots must be between 1 and %d, got %d", inference.MaxSlots, c.Slots)
	case c.QueueSize < 1:
		return fmt.Errorf("settings: queueSize must be positive, got %d", c.QueueSize)
	case c.JobTimeoutMs < 1:
		return fmt.Errorf("settings: jobTimeoutMs must be positive, got %d", c.JobTimeoutMs)
	case c.HoverBudgetMs < 0:
		return fmt.Errorf("settings: hoverBudgetMs must not be negative, got %d", c.HoverBudgetMs)
	case c.MaxNewTokens < 1:
		return fmt.Errorf("settings: maxNewTokens must be positive, got %d", c.MaxNewTokens)
	case c.Temperature < 0:
		return fmt.Errorf("settings: temperature must not be negative, got %g", c.Temperature)
	case c.TopP <= 0 || c.TopP > 1:
		return fmt.Errorf("settings: topP must be in (0, 1], got %g", c.TopP)
	case c.NumBeams < 1:
		return fmt.Errorf("settings: numBeams must be positive, got %d", c.NumBeams)
	case c.Loc < 1:
		return fmt.Errorf("settings: loc must be positive, got %d", c.Loc)
	case c.CacheMaxEntries < 1:
		return fmt.Errorf("settings: cacheMaxEntries must be positive, got %d", c.CacheMaxEntries)
	}
	switch {
	case c.RequestTimeoutMs < 1:
		return fmt.Errorf("settings: requestTimeoutMs must be positive, got %d", c.RequestTimeoutMs)
	case c.ContextTokens < 0:
		return fmt.Errorf("settings: contextTokens must not be negative, got %d", c.ContextTokens)
	case c.CacheTTLSeconds < 0:
		return fmt.Errorf("settings: cacheTtlSeconds must not be negative, got %d", c.CacheTTLSeconds)
	case c.CacheReadTimeoutMs < 1 || c.CacheBatchTimeoutMs < 1:
		return fmt.Errorf("settings: cacheReadTimeoutMs and cacheBatchTimeoutMs must be positive, got %d and %d", c.CacheReadTimeoutMs, c.CacheBatchTimeoutMs)
	case c.Sampling == "beam" && c.NumBeams > c.Slots:
		return fmt.Errorf("settings: numBeams (%d) must not exceed slots (%d): each beam takes a slot", c.NumBeams, c.Slots)
	case c.Sampling == "beam" && c.IsRemote():
		return fmt.Errorf("settings: beam search is not available with the %s engine; use samplingStrategy greedy or sample", c.Engine)
	case c.SummaryLanguage == "":
		return fmt.Errorf("settings: summaryLanguage must be a language tag such as en or zh")
	}
	if !oneOf(c.Engine, "auto", "heuristic", "onnx", "ollama", "openai") {
		return fmt.Errorf("settings: engine must be auto, heuristic, onnx, ollama or openai, got %q", c.Engine)
	}
	if !oneOf(c.Provider, "auto", "cpu", "coreml", "cuda") {
		return fmt.Errorf("settings: provider must be auto, cpu, coreml or cuda, got %q", c.Provider)
	}
	if !oneOf(c.Sampling, "greedy", "sample", "beam") {
		return fmt.Errorf("settings: samplingStrategy must be greedy, sample or beam, got %q", c.Sampling)
	}
	if !oneOf(c.LogLevel, "error", "warn", "info", "debug") {
		return fmt.Errorf("settings: logLevel must be error, warn, info or debug, got %q", c.LogLevel)
	}
	return nil
}

// WantsModel reports whether the settings ask for a model engine.
func (c Config) WantsModel() bool {
	return c.Engine == "onnx" || (c.Engine == "auto" && c.ModelPath != "") || c.IsRemote()
}

// IsRemote reports whether the model is served by a model server.
func (c Config) IsRemote() bool { return c.Engine == "ollama" || c.Engine == "openai" }

// SameEngines reports whether b runs the same engines as c, so a change
// from c to b needs no new model or scheduler.
func (c Config) SameEngines(b Config) bool {
	for _, cfg := range []*Config{&c, &b} {
		cfg.HoverBudgetMs = 0
		cfg.CacheDir, cfg.CacheMaxEntries, cfg.CacheURL, cfg.CachePasswordEnv, cfg.CachePrefix = "", 0, "", "", ""
		cfg.CacheTTLSeconds, cfg.CacheReadTimeoutMs, cfg.CacheBatchTimeoutMs = 0, 0, 0
		cfg.Loc = 0
		cfg.BackgroundSummaries, cfg.CodeLens, cfg.LensRepeatsDoc = false, false, false
		cfg.LogLevel = ""
		cfg.ClientDisplaysResults = false
	}
	return reflect.DeepEqual(c, b)
}

// SameStore reports whether b uses the same summary store as c.
func (c Config) SameStore(b Config) bool {
	return c.CacheDir == b.CacheDir && c.CacheMaxEntries == b.CacheMaxEntries && c.CacheURL == b.CacheURL &&
		c.CachePasswordEnv == b.CachePasswordEnv && c.CachePrefix == b.CachePrefix && c.CacheTTLSeconds == b.CacheTTLSeconds
}

// CacheReadTimeout is CacheReadTimeoutMs as a duration.
func (c Config) CacheReadTimeout() time.Duration {
	return time.Duration(c.CacheReadTimeoutMs) * time.Millisecond
}

// CacheBatchTimeout is CacheBatchTimeoutMs as a duration.
func (c Config) CacheBatchTimeout() time.Duration {
	return time.Duration(c.CacheBatchTimeoutMs) * time.Millisecond
}

// HoverBudget is HoverBudgetMs as a duration.
func (c Config) HoverBudget() time.Duration { return time.Duration(c.HoverBudgetMs) * time.Millisecond }

// JobTimeout is JobTimeoutMs as a duration.
func (c Config) JobTimeout() time.Duration { return time.Duration(c.JobTimeoutMs) * time.Millisecond }

func oneOf(s string, choices ...string) bool {
	for _, c := range choices {
		if s == c {
			return true
		}
	}
	return false
}
