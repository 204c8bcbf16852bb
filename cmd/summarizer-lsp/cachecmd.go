package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

func newCacheCmd(cfg *service.Config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect the summary cache",
	}
	var asJSON bool
	stats := &cobra.Command{
		Use:   "stats",
		Short: "Hits and misses per tier, the team cache's circuit and dropped writes, per server process",
		Long: "stats shows the counters each process using the cache directory recorded (servers write\n" +
			"them every few seconds and when they stop; kept for a day), and whether the team cache\n" +
			"named by --cache-url answers now.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cacheStats(cmd.Context(), *cfg, asJSON, cmd.OutOrStdout())
		},
	}
	stats.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.AddCommand(stats)
	return cmd
}

// cacheReport is the output of `cache stats`.
type cacheReport struct {
	Dir       string               `json:"dir"`
	Shared    *sharedProbe         `json:"shared,omitempty"`
	Processes []cache.ProcessStats `json:"processes"`
}

// sharedProbe says whether the team cache answered a PING just now.
type sharedProbe struct {
	Target  string `json:"target"`
	Answers bool   `json:"answers"`
	Error   string `json:"error,omitempty"`
}

func cacheStats(ctx context.Context, cfg service.Config, asJSON bool, out io.Writer) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	dir, err := cacheDir(cfg)
	if err != nil {
		return err
	}
	procs, err := cache.ReadStats(dir)
	if err != nil {
		return err
	}
	rep := cacheReport{Dir: dir, Processes: procs}
	if cfg.CacheURL != "" {
		rep.Shared = probeShared(ctx, cfg)
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printCacheReport(out, rep)
	return nil
}

// probeShared pings the team cache cfg names.
func probeShared(ctx context.Context, cfg service.Config) *sharedProbe {
	r, err := openShared(cfg, newLogger("error"))
	if err != nil {
		return &sharedProbe{Target: "(not used)", Error: err.Error()}
	}
	defer r.Close()
	p := &sharedProbe{Target: r.Target(), Answers: true}
	if err := r.Ping(ctx, max(cfg.CacheBatchTimeout(), time.Second)); err != nil {
		p.Answers, p.Error = false, err.Error()
	}
	return p
}

func printCacheReport(out io.Writer, rep cacheReport) {
	fmt.Fprintf(out, "Local cache: %s\n", rep.Dir)
	if sh := rep.Shared; sh != nil {
		if sh.Answers {
			fmt.Fprintf(out, "Team cache: %s (answers)\n", sh.Target)
		} else {
			fmt.Fprintf(out, "Team cache: %s (does not answer: %s)\n", sh.Target, sh.Error)
		}
	}
	if len(rep.Processes) == 0 {
		fmt.Fprintln(out, "No server has recorded counters in the last day.")
		return
	}
	for _, p := range rep.Processes {
		state := "running"
		if p.Closed {
			state = "ended"
		}
		fmt.Fprintf(out, "\nProcess %d (%s; updated %s ago)\n", p.Pid, state, time.Since(p.Updated).Round(time.Second))
		fmt.Fprintf(out, "  memory  %d hits, %d misses\n", p.Memory.Hits, p.Memory.Misses)
		fmt.Fprintf(out, "  file    %d hits, %d misses\n", p.File.Hits, p.File.Misses)
		fmt.Fprintf(out, "  local values refused by the server's check: %d\n", p.Rejected)
		if sh := p.Shared; sh != nil {
			fmt.Fprintf(out, "  team    %d hits, %d misses, %d refused, %d errors, %d skipped; circuit %s\n",
				sh.Hits, sh.Misses, sh.Rejected, sh.Errors, sh.Skipped, sh.Circuit)
			fmt.Fprintf(out, "  writes  %d written, %d dropped, %d refused by the server, %d queued\n",
				sh.Written, sh.Dropped, sh.WriteErrors, sh.Queued)
		}
	}
}
