package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestExplainBigFileWithModel explains a file of 2,000 functions with the
// tiny ONNX model and a queue of 4: explain waits for room instead of
// overflowing the queue. Every summary is the model's or the built-in one
// marked as a fallback, and the fallbacks are the same as with a queue
// that holds the whole file: those the model itself did not answer (the
// random-weight fixture's output for a few functions is unusable), none
// for want of room.
func TestExplainBigFileWithModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.go")
	if err := os.WriteFile(path, []byte(manyFunctions(2000)), 0o600); err != nil {
		t.Fatal(err)
	}
	small := explainFallbacks(t, path, 4)
	roomy := explainFallbacks(t, path, 4096)
	for _, name := range small {
		if !slices.Contains(roomy, name) {
			t.Fatalf("with a queue of 4, %d fallbacks %v\nwith room for the whole file, %d %v", len(small), small, len(roomy), roomy)
		}
	}
}

// explainFallbacks runs explain --json on path with the tiny model and
// the given queue size, checks that every record is the model's summary
// or a marked fallback, and returns the names of the fallbacks.
func explainFallbacks(t *testing.T, path string, queue int) []string {
	t.Helper()
	cfg := modelConfig(t) // a fresh cache
	cfg.Engine = "onnx"
	cfg.MaxNewTokens = 4
	cfg.QueueSize = queue
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true}, []string{path}, &out); err != nil {
		t.Fatal(err)
	}
	model, fallbacks := 0, map[string]bool{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r chunkRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		switch {
		case r.Engine == "onnx:tiny-qwen2" && !r.Fallback:
			model++
		case r.Fallback && r.Engine != "onnx:tiny-qwen2":
			fallbacks[r.Name] = true
		default:
			t.Fatalf("%s: engine %q, fallback %v: neither the model's summary nor a marked fallback", r.Name, r.Engine, r.Fallback)
		}
	}
	if model+len(fallbacks) != 2000 || model == 0 {
		t.Fatalf("queue %d: %d model summaries and %d marked fallbacks; want 2,000 records, from the model", queue, model, len(fallbacks))
	}
	return slices.Sorted(maps.Keys(fallbacks))
}
