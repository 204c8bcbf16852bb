package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/hub/hubtest"
)

// runModels runs `models args...` under a root with the persistent
// --cache-dir flag, as main wires it, and returns stdout and stderr.
func runModels(t *testing.T, cacheDir string, args ...string) (string, string, error) {
	t.Helper()
	root := &cobra.Command{Use: "summarizer-lsp", SilenceUsage: true, SilenceErrors: true}
	root.PersistentFlags().String("cache-dir", "", "")
	root.AddCommand(newModelsCmd())
	var stdout, stderr bytes.Buffer
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	root.SetArgs(append([]string{"--cache-dir", cacheDir, "models"}, args...))
	err := root.ExecuteContext(context.Background())
	return stdout.String(), stderr.String(), err
}

func TestModelsPullListRm(t *testing.T) {
	h := hubtest.New(t)
	model := hubtest.Model()
	const name = "onnx-community/Tiny-Coder"
	h.Repos[name] = model
	h.CutAfter("onnx/model_q4.onnx_data", 100_000)
	cacheDir := t.TempDir()
	dir := filepath.Join(cacheDir, "models", "onnx-community--Tiny-Coder")

	_, stderr, err := runModels(t, cacheDir, "pull", name, "--variant", "q4", "--hub-url", h.URL)
	if err == nil || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("interrupted pull: err = %v, want a resumable interruption; stderr:\n%s", err, stderr)
	}
	out, _, err := runModels(t, cacheDir, "list")
	if err != nil || !strings.Contains(out, name) || !strings.Contains(out, "partial") {
		t.Fatalf("list after an interrupted pull = %q, %v; want %s partial", out, err, name)
	}

	out, stderr, err = runModels(t, cacheDir, "pull", name, "--variant", "q4", "--hub-url", h.URL)
	if err != nil {
		t.Fatalf("resumed pull: %v; stderr:\n%s", err, stderr)
	}
	if got := strings.TrimSpace(out); got != dir {
		t.Errorf("pull printed %q, want the model directory %s", got, dir)
	}
	if !strings.Contains(stderr, "100%") || !strings.Contains(stderr, "940") {
		t.Errorf("no finished progress bar with the 940 kB total on stderr:\n%s", stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "onnx", "model_q4.onnx_data"))
	if err != nil || !bytes.Equal(got, model["onnx/model_q4.onnx_data"]) {
		t.Fatalf("resumed file differs from the hub's (%v)", err)
	}

	out, _, err = runModels(t, cacheDir, "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "NAME") {
		t.Fatalf("list = %q, want a header and one model", out)
	}
	fields := strings.Fields(lines[1])
	// NAME VARIANT SIZE UNIT STATE DIRECTORY; the files add up to 940 KiB or so.
	if fields[0] != name || fields[1] != "q4" || fields[3] != "KiB" || fields[4] != "complete" || fields[5] != dir {
		t.Errorf("list row = %q", lines[1])
	}

	if _, _, err := runModels(t, cacheDir, "rm", name); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("rm left %s", dir)
	}
	if _, _, err := runModels(t, cacheDir, "rm", name); err == nil {
		t.Error("rm of a model that is not there succeeded")
	}
	if _, stderr, err := runModels(t, cacheDir, "list"); err != nil || !strings.Contains(stderr, "no models") {
		t.Errorf("list after rm: %v, stderr %q", err, stderr)
	}
}

func TestFormatSize(t *testing.T) {
	tests := map[int64]string{
		0:           "0 B",
		1023:        "1023 B",
		1024:        "1.0 KiB",
		1536:        "1.5 KiB",
		5 << 20:     "5.0 MiB",
		3 << 30:     "3.0 GiB",
		413_360_896: "394.2 MiB",
	}
	for n, want := range tests {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
