package lsp

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Config is every user setting, from flags, initializationOptions and
// workspace/didChangeConfiguration (either bare or under a "summarizer" key).
// JSON names are the setting names users write in their editors.
type Config struct {
	Engine         string `json:"engine"`         // auto | heuristic | onnx
	ModelPath      string `json:"modelPath"`      // Hugging Face layout model directory
	ModelVariant   string `json:"modelVariant"`   // q4 | quantized | fp16 | fp32 | "" (best present)
	Provider       string `json:"provider"`       // auto | cpu | coreml | cuda
	OnnxruntimeLib string `json:"onnxruntimeLib"` // explicit path to libonnxruntime

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

	CacheDir        string `json:"cacheDir"`        // default $XDG_CACHE_HOME/summarizer-lsp
	CacheMaxEntries int    `json:"cacheMaxEntries"` // SQLite bound, LRU eviction beyond it
	Loc             int    `json:"loc"`             // line-window size for languages without a grammar

	BackgroundSummaries bool   `json:"backgroundSummaries"` // summarize open documents at low priority
	CodeLens            bool   `json:"codeLens"`
	LogLevel            string `json:"logLevel"` // error | warn | info | debug
	// ClientDisplaysResults is set by editor plugins that show the markdown
	// returned by the explain commands themselves; otherwise the server
	// shows it (window/showMessage, window/showDocument).
	ClientDisplaysResults bool `json:"clientDisplaysResults"`
}

// DefaultConfig returns the settings used when the user sets nothing.
func DefaultConfig() Config {
	return Config{
		Engine:              "auto",
		Provider:            "auto",
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
	if !oneOf(c.Engine, "auto", "heuristic", "onnx") {
		return fmt.Errorf("settings: engine must be auto, heuristic or onnx, got %q", c.Engine)
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
	return c.Engine == "onnx" || (c.Engine == "auto" && c.ModelPath != "")
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
