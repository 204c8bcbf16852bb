package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/onnx"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// benchRun is the result of one slot count.
type benchRun struct {
	Slots          int     `json:"slots"`
	PromptTokens   int     `json:"promptTokens"`
	NewTokens      int     `json:"newTokens"`
	TTFTMs         float64 `json:"timeToFirstTokenMs"` // mean over the streams
	PrefillTokS    float64 `json:"prefillTokensPerSec"`
	DecodeTokS     float64 `json:"decodeTokensPerSec"` // aggregate over the streams
	DecodePerSlot  float64 `json:"decodeTokensPerSecPerSlot"`
	WallMs         float64 `json:"wallMs"`
	PeakRSSBytes   int64   `json:"peakRssBytes"`
	WeightsBytes   int64   `json:"weightsBytes"`
	Model          string  `json:"model"`
	GoMaxProcs     int     `json:"gomaxprocs"`
	RuntimeVersion string  `json:"onnxruntime"`
}

func newBenchCmd(cfg *service.Config) *cobra.Command {
	var (
		slots        string
		promptTokens int
		newTokens    int
		threads      int
		asJSON       bool
	)
	cmd := &cobra.Command{
		Use:   "bench --model DIR",
		Short: "Measure a model's prefill and decode speed, time to first token and peak RSS",
		Long: "bench runs greedy generation on random prompt tokens (EOS ignored) with 1, then N concurrent\n" +
			"streams sharing the engine's batch, and prints, per slot count: prefill tokens/s, aggregate decode\n" +
			"tokens/s while all streams decode together, mean time to first token and the process's peak RSS.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			counts, err := parseSlots(slots)
			if err != nil {
				return err
			}
			if cfg.ModelPath == "" {
				return fmt.Errorf("bench: --model is required")
			}
			if promptTokens < 1 || newTokens < 2 {
				return fmt.Errorf("bench: want --prompt-tokens ≥ 1 and --new-tokens ≥ 2")
			}
			return bench(cmd.Context(), cmd.OutOrStdout(), *cfg, counts, promptTokens, newTokens, threads, asJSON)
		},
	}
	cmd.Flags().StringVar(&slots, "slots", "1,10", "comma-separated concurrent stream counts")
	cmd.Flags().IntVar(&promptTokens, "prompt-tokens", 256, "prompt length in tokens")
	cmd.Flags().IntVar(&newTokens, "new-tokens", 64, "tokens generated per stream")
	cmd.Flags().IntVar(&threads, "threads", 0, "ONNX Runtime intra-op threads (0: one per physical core)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON lines instead of a table")
	return cmd
}

func parseSlots(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > inference.MaxSlots {
			return nil, fmt.Errorf("bench: --slots: %q is not a count between 1 and %d", f, inference.MaxSlots)
		}
		out = append(out, n)
	}
	return out, nil
}

func bench(ctx context.Context, w io.Writer, cfg service.Config, counts []int, promptTokens, newTokens, threads int, asJSON bool) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	lib, search := onnxLibrary(cfg)
	e, err := onnx.Load(onnx.Options{
		ModelDir: cfg.ModelPath, Variant: cfg.ModelVariant, Provider: cfg.Provider, LibraryPath: lib, LibrarySearch: search,
		Slots: slices.Max(counts), Threads: threads, Logger: logger,
	})
	if err != nil {
		return err
	}
	defer e.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	prompt := func() []int {
		p := make([]int, promptTokens)
		for i := range p {
			p[i] = rng.IntN(e.VocabSize())
		}
		return p
	}
	// Warm up: the first Run of a session allocates and plans.
	if _, err := e.GenerateTokens(ctx, prompt()[:min(16, promptTokens)], 2); err != nil {
		return fmt.Errorf("bench: warm-up: %w", err)
	}
	var runs []benchRun
	for _, n := range counts {
		gens := make([]onnx.Generation, n)
		errs := make([]error, n)
		prompts := make([][]int, n)
		for i := range prompts {
			prompts[i] = prompt()
		}
		start := time.Now()
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				gens[i], errs[i] = e.GenerateTokens(ctx, prompts[i], newTokens)
			}()
		}
		wg.Wait()
		wall := time.Since(start)
		for _, err := range errs {
			if err != nil {
				return fmt.Errorf("bench: %d slots: %w", n, err)
			}
		}
		r := summarizeRun(gens, start, wall, promptTokens, newTokens)
		r.Slots, r.PeakRSSBytes, r.WeightsBytes, r.Model = n, peakRSS(), e.WeightsBytes(), e.Describe()
		r.GoMaxProcs, r.RuntimeVersion = runtime.GOMAXPROCS(0), onnx.RuntimeVersion
		runs = append(runs, r)
	}
	return printBench(w, runs, asJSON)
}

// summarizeRun computes the figures of one slot count. Decode speed is
// measured while every stream decodes: from the last stream's first token
// to the first stream's last token, counting the tokens chosen in between.
// When the streams never all decode at once (a model so fast that the first
// ends before the last starts) it is all tokens after the first ones over
// the time from the earliest first token to the latest last one.
func summarizeRun(gens []onnx.Generation, start time.Time, wall time.Duration, promptTokens, newTokens int) benchRun {
	var ttft time.Duration
	lastFirst, firstLast := start, time.Time{}
	for _, g := range gens {
		first, last := g.TokenTimes[0], g.TokenTimes[len(g.TokenTimes)-1]
		ttft += first.Sub(g.Start)
		if first.After(lastFirst) {
			lastFirst = first
		}
		if firstLast.IsZero() || last.Before(firstLast) {
			firstLast = last
		}
	}
	tokens := 0
	for _, g := range gens {
		for _, t := range g.TokenTimes {
			if t.After(lastFirst) && !t.After(firstLast) {
				tokens++
			}
		}
	}
	n := len(gens)
	r := benchRun{
		PromptTokens: promptTokens, NewTokens: newTokens,
		TTFTMs:      float64(ttft.Microseconds()) / 1000 / float64(n),
		PrefillTokS: float64(n*promptTokens) / lastFirst.Sub(start).Seconds(),
		WallMs:      float64(wall.Microseconds()) / 1000,
	}
	span := firstLast.Sub(lastFirst).Seconds()
	if span <= 0 {
		firstFirst, lastLast := gens[0].TokenTimes[0], gens[0].TokenTimes[0]
		tokens = 0
		for _, g := range gens {
			tokens += len(g.TokenTimes) - 1
			if t := g.TokenTimes[0]; t.Before(firstFirst) {
				firstFirst = t
			}
			if t := g.TokenTimes[len(g.TokenTimes)-1]; t.After(lastLast) {
				lastLast = t
			}
		}
		span = lastLast.Sub(firstFirst).Seconds()
	}
	if span > 0 {
		r.DecodeTokS = float64(tokens) / span
		r.DecodePerSlot = r.DecodeTokS / float64(n)
	}
	return r
}

// peakRSS is the process's peak resident set size in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes on macOS
	}
	return ru.Maxrss * 1024 // KiB on Linux
}

func printBench(w io.Writer, runs []benchRun, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, r := range runs {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(runs) > 0 {
		fmt.Fprintf(w, "model %s, weights %.0f MiB, ONNX Runtime %s, GOMAXPROCS %d\n",
			runs[0].Model, float64(runs[0].WeightsBytes)/(1<<20), runs[0].RuntimeVersion, runs[0].GoMaxProcs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "slots\tprompt\tnew\tTTFT ms\tprefill tok/s\tdecode tok/s\tper slot\tpeak RSS MiB\t")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%.0f\t%.1f\t%.2f\t%.2f\t%.0f\t\n", r.Slots, r.PromptTokens, r.NewTokens,
			r.TTFTMs, r.PrefillTokS, r.DecodeTokS, r.DecodePerSlot, float64(r.PeakRSSBytes)/(1<<20))
	}
	return tw.Flush()
}
