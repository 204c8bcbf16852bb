package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/hub"
)

// defaultModel is the model `models pull` fetches when given no name.
const defaultModel = "onnx-community/Qwen2.5-Coder-0.5B-Instruct"

// newModelsCmd is `summarizer-lsp models pull|list|rm`: model directories
// from the Hugging Face hub, kept under <cache dir>/models/<owner>--<name>.
// It reads --cache-dir from the root command's persistent flags when present.
func newModelsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "models",
		Short: "Download, list and remove local models (Hugging Face hub ONNX exports)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newModelsPullCmd(), newModelsListCmd(), newModelsRmCmd())
	return cmd
}

// modelsCacheDir is --cache-dir when set, else the server's default.
func modelsCacheDir(cmd *cobra.Command) (string, error) {
	if f := cmd.Flag("cache-dir"); f != nil && f.Value.String() != "" {
		return f.Value.String(), nil
	}
	return defaultCacheDir()
}

type pullFlags struct {
	variant  string
	revision string
	hubURL   string
}

func newModelsPullCmd() *cobra.Command {
	var f pullFlags
	cmd := &cobra.Command{
		Use:   "pull [NAME]",
		Short: "Download a model (default " + defaultModel + "); an interrupted download resumes",
		Long: "pull downloads the configuration, tokenizer and one onnx/model*.onnx variant of a\n" +
			"Hugging Face model repository, checks every file's size and hash, and prints the\n" +
			"model directory (use it as --model or the modelPath setting). Running it again\n" +
			"resumes an interrupted download and skips files already complete. HF_TOKEN, when\n" +
			"set, is sent for gated models; HF_ENDPOINT changes the default hub URL.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := defaultModel
			if len(args) == 1 {
				name = args[0]
			}
			return pullModel(cmd, name, f)
		},
	}
	hubURL := os.Getenv("HF_ENDPOINT")
	if hubURL == "" {
		hubURL = hub.DefaultBaseURL
	}
	cmd.Flags().StringVar(&f.variant, "variant", "quantized", "model file variant: quantized (int8, the fastest on CPUs), int8, uint8, q4, q4f16, bnb4, fp16, fp32")
	cmd.Flags().StringVar(&f.revision, "revision", "main", "branch, tag or commit")
	cmd.Flags().StringVar(&f.hubURL, "hub-url", hubURL, "hub base URL")
	return cmd
}

func pullModel(cmd *cobra.Command, name string, f pullFlags) error {
	cacheDir, err := modelsCacheDir(cmd)
	if err != nil {
		return err
	}
	dir, err := hub.Dir(cacheDir, name)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	var bar *progressbar.ProgressBar
	client := hub.NewClient(f.hubURL, os.Getenv("HF_TOKEN"), nil)
	files, err := client.Pull(cmd.Context(), name, dir, hub.PullOptions{
		Revision: f.revision,
		Variant:  f.variant,
		Progress: func(p hub.Progress) {
			if bar == nil {
				bar = newBytesBar(stderr, p.Total)
			}
			bar.Describe(p.File)
			if err := bar.Set64(p.Done); err != nil {
				bar = nil // a broken stderr: stop drawing, keep downloading
			}
		},
	})
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s (%s, %d files) is in %s\n", name, f.variant, len(files), dir)
	fmt.Fprintln(cmd.OutOrStdout(), dir)
	return nil
}

func newBytesBar(w io.Writer, total int64) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionFullWidth(),
	)
}

func newModelsListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List downloaded models with their sizes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cacheDir, err := modelsCacheDir(cmd)
			if err != nil {
				return err
			}
			models, err := hub.List(cacheDir)
			if err != nil {
				return err
			}
			if len(models) == 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "no models in %s (summarizer-lsp models pull)\n", hub.ModelsDir(cacheDir))
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVARIANT\tSIZE\tSTATE\tDIRECTORY")
			for _, m := range models {
				state := "complete"
				if !m.Complete {
					state = "partial (pull again to resume)"
				}
				variant := m.Variant
				if variant == "" {
					variant = "-"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Name, variant, formatSize(m.Size), state, m.Dir)
			}
			return tw.Flush()
		},
	}
}

func newModelsRmCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rm NAME...",
		Short: "Remove downloaded models",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cacheDir, err := modelsCacheDir(cmd)
			if err != nil {
				return err
			}
			var errs []error
			for _, name := range args {
				if err := hub.Remove(cacheDir, name); err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "removed %s\n", name)
			}
			return errors.Join(errs...)
		},
	}
}

// formatSize prints n bytes with a binary unit, e.g. "394.2 MiB".
func formatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
