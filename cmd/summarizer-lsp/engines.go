package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/onnx"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// loadModelEngine returns the server's model loader: the ONNX engine for
// the model directory of a configuration.
func loadModelEngine(logger *slog.Logger) func(lsp.Config) (inference.Engine, error) {
	return func(cfg lsp.Config) (inference.Engine, error) {
		lib := cfg.OnnxruntimeLib
		if lib == "" {
			lib = os.Getenv("ONNXRUNTIME_LIB")
		}
		e, err := onnx.Load(onnx.Options{
			ModelDir:     cfg.ModelPath,
			Variant:      cfg.ModelVariant,
			Provider:     cfg.Provider,
			LibraryPath:  lib,
			MaxNewTokens: cfg.MaxNewTokens,
			Sampling:     cfg.Sampling,
			Temperature:  cfg.Temperature,
			TopK:         cfg.TopK,
			TopP:         cfg.TopP,
			Seed:         cfg.Seed,
			NumBeams:     cfg.NumBeams,
			Prompt:       cfg.Prompt,
			Slots:        cfg.Slots,
			Logger:       logger,
		})
		if err != nil {
			return nil, err
		}
		return e, nil
	}
}

// chooseEngine picks the engine for a batch run the way the server does:
// the model when one is asked for and loads, else the built-in engine. It
// says which is in use on stderr.
func chooseEngine(cfg lsp.Config, logger *slog.Logger) (inference.Engine, bool) {
	e, err := requireEngine(cfg, logger)
	switch {
	case err != nil:
		fmt.Fprintf(os.Stderr, "summarizer-lsp: model failed to load: %v\nsummarizer-lsp: using the built-in engine\n", err)
		return heuristic.New(), false
	case cfg.WantsModel():
		fmt.Fprintf(os.Stderr, "summarizer-lsp: using %s\n", e.Name())
		return e, true
	}
	return e, false
}

// requireEngine is the engine a measurement asks for (eval): the built-in
// one, or the model, which must load — measuring the fallback instead would
// report the wrong engine's figures.
func requireEngine(cfg lsp.Config, logger *slog.Logger) (inference.Engine, error) {
	if !cfg.WantsModel() {
		return heuristic.New(), nil
	}
	if cfg.ModelPath == "" {
		return nil, fmt.Errorf("engine %q needs --model", cfg.Engine)
	}
	return loadModelEngine(logger)(cfg)
}
