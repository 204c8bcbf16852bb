package service

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestConfigMerge(t *testing.T) {
	base := DefaultConfig()
	tests := []struct {
		name    string
		raw     string
		check   func(Config) bool
		wantErr string
	}{
		{"null keeps defaults", `null`, func(c Config) bool { return reflect.DeepEqual(c, base) }, ""},
		{"flat", `{"slots": 3, "engine": "heuristic"}`, func(c Config) bool { return c.Slots == 3 && c.Engine == "heuristic" }, ""},
		{"under summarizer", `{"summarizer": {"hoverBudgetMs": 10}}`, func(c Config) bool { return c.HoverBudgetMs == 10 && c.Slots == 10 }, ""},
		{"unknown keys ignored", `{"somethingElse": 1}`, func(c Config) bool { return reflect.DeepEqual(c, base) }, ""},
		{"slots out of range", `{"slots": 101}`, nil, "slots must be between 1 and 100"},
		{"bad engine", `{"engine": "gpt"}`, nil, "engine must be auto, heuristic, onnx, ollama or openai"},
		{"headers replace", `{"headers": {"X-A": "1"}}`, func(c Config) bool { return c.Headers["X-A"] == "1" && len(c.Headers) == 1 }, ""},
		{"more beams than slots", `{"samplingStrategy": "beam", "numBeams": 4, "slots": 2}`, nil, "numBeams (4) must not exceed slots (2)"},
		{"beam on a server", `{"samplingStrategy": "beam", "engine": "ollama"}`, nil, "beam search is not available with the ollama engine"},
		{"wrong type", `{"slots": "ten"}`, nil, "settings:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := base.Merge(json.RawMessage(tt.raw))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if !reflect.DeepEqual(got, base) {
					t.Errorf("a refused merge changed the configuration: %+v", got)
				}
				return
			}
			if err != nil || !tt.check(got) {
				t.Fatalf("Merge(%s) = %+v, %v", tt.raw, got, err)
			}
		})
	}
}

func TestSameEngines(t *testing.T) {
	base := DefaultConfig()
	tests := []struct {
		name   string
		change func(*Config)
		want   bool
	}{
		{"hover budget", func(c *Config) { c.HoverBudgetMs = 1 }, false},
		{"log level", func(c *Config) { c.LogLevel = "debug" }, false},
		{"lenses", func(c *Config) { c.CodeLens = false }, false},
		{"client displays results", func(c *Config) { c.ClientDisplaysResults = true }, false},
		{"slots", func(c *Config) { c.Slots = 2 }, true},
		{"model", func(c *Config) { c.ModelPath = "/m" }, true},
		{"temperature", func(c *Config) { c.Temperature = 0.9 }, true},
		{"prompt", func(c *Config) { c.Prompt = "x" }, true},
		{"summary language", func(c *Config) { c.SummaryLanguage = "zh" }, true},
		{"headers", func(c *Config) { c.Headers = map[string]string{"X": "y"} }, true},
		{"team cache", func(c *Config) { c.CacheURL = "redis://h" }, false},
		{"lens doc", func(c *Config) { c.LensRepeatsDoc = true }, false},
	}
	for _, tt := range tests {
		changed := base
		tt.change(&changed)
		if got := !base.SameEngines(changed); got != tt.want {
			t.Errorf("%s: engines changed = %v, want %v", tt.name, got, tt.want)
		}
	}
}
