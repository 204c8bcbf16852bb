package onnx

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyFixture copies the tiny model to a temporary directory to break it.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(fixtureDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixtureDir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// editJSON rewrites a JSON file of dir through fn.
func editJSON(t *testing.T, path string, fn func(map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	fn(v)
	if b, err = json.Marshal(v); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindLibrary(t *testing.T) {
	lib := testLibrary(t)
	if got, err := FindLibrary(filepath.Dir(lib), nil); err != nil || got != lib {
		t.Errorf("FindLibrary(dir) = %q, %v; want %q", got, err, lib)
	}
	if got, err := FindLibrary("", []string{"/nonexistent/first", filepath.Dir(lib)}); err != nil || got != lib {
		t.Errorf("FindLibrary with search dirs = %q, %v; want %q", got, err, lib)
	}
	if _, err := FindLibrary("/nonexistent/explicit", []string{filepath.Dir(lib)}); err == nil || !strings.Contains(err.Error(), "/nonexistent/explicit") {
		t.Errorf("an explicit path without the library: %v, want an error naming it", err)
	}
}

// TestMissingLibrary: nothing found names every place looked and the setup script.
func TestMissingLibrary(t *testing.T) {
	_, err := FindLibrary("", []string{"/nonexistent/ort", "/nonexistent/deps/onnxruntime"})
	if err != nil {
		for _, want := range []string{"/nonexistent/ort", "/nonexistent/deps/onnxruntime", "scripts/fetch-onnxruntime.sh"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %s", err, want)
			}
		}
		if !errors.Is(err, ErrNoLibrary) {
			t.Errorf("error %v is not ErrNoLibrary", err)
		}
	} else if _, statErr := os.Stat("/usr/lib/libonnxruntime.so.1"); statErr != nil {
		t.Error("FindLibrary found a library although none is installed")
	}
	_, err = Load(Options{ModelDir: fixtureDir, LibraryPath: "/nonexistent/libonnxruntime.so.1", Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/libonnxruntime.so.1") {
		t.Errorf("Load with a missing library: %v", err)
	}
	// A file that is not ONNX Runtime is refused with its path.
	bogus := filepath.Join(t.TempDir(), "libonnxruntime.so.1")
	if err := os.WriteFile(bogus, []byte("not a shared library"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(Options{ModelDir: fixtureDir, LibraryPath: bogus, Logger: quietLogger()})
	if err == nil || !strings.Contains(err.Error(), bogus) {
		t.Errorf("Load with a bogus library: %v", err)
	}
}

// TestBadModels: each broken model directory gives an error naming the
// file or tensor and what was expected.
func TestBadModels(t *testing.T) {
	lib := testLibrary(t)
	tests := []struct {
		name    string
		variant string
		breakIt func(t *testing.T, dir string)
		want    []string
	}{
		{"no directory", "", func(t *testing.T, dir string) { os.RemoveAll(dir) }, []string{"not a directory"}},
		{"no model file", "", func(t *testing.T, dir string) {
			for _, name := range []string{"model.onnx", "model_q4.onnx", "model_quantized.onnx", "model_fp16.onnx"} {
				os.Remove(filepath.Join(dir, "onnx", name))
			}
		},
			[]string{"no ONNX model file", "model_q4.onnx", "model.onnx"}},
		{"missing variant", "q4f16", nil, []string{"model_q4f16.onnx not found",
			"present: onnx/model.onnx, onnx/model_fp16.onnx, onnx/model_q4.onnx, onnx/model_quantized.onnx"}},
		{"unknown variant", "int3", nil, []string{`variant "int3"`, "q4"}},
		{"no config", "", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "config.json")) },
			[]string{"config.json"}},
		{"corrupt model", "fp32", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "onnx", "model.onnx"), []byte("this is not a protobuf at all"), 0o644)
		}, []string{"model.onnx", "not an ONNX model"}},
		{"truncated model", "fp32", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "onnx", "model.onnx")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		}, []string{"model.onnx", "not an ONNX model"}},
		{"wrong KV heads", "", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "config.json"), func(v map[string]any) { v["num_key_value_heads"] = 4 })
		}, []string{"past_key_values.0.key", "2 KV heads", "num_key_value_heads gives 4"}},
		{"wrong layer count", "", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "config.json"), func(v map[string]any) { v["num_hidden_layers"] = 3 })
		}, []string{"2 layers", "num_hidden_layers is 3"}},
		{"wrong vocab", "", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "config.json"), func(v map[string]any) { v["vocab_size"] = 512 })
		}, []string{"logits has 1024", "vocab_size is 512"}},
		{"unexpected input", "fp32", func(t *testing.T, dir string) {
			writeModel(t, filepath.Join(dir, "onnx", "model.onnx"), "token_type_ids")
		}, []string{`unexpected input "token_type_ids"`}},
		{"tokenizer larger than model", "", func(t *testing.T, dir string) {
			editJSON(t, filepath.Join(dir, "tokenizer.json"), func(v map[string]any) {
				v["added_tokens"] = append(v["added_tokens"].([]any), map[string]any{
					"id": 1500, "content": "<|extra|>", "single_word": false, "lstrip": false,
					"rstrip": false, "normalized": false, "special": true})
			})
		}, []string{"tokenizer.json has", "1024", "do not match"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			if tt.breakIt != nil {
				tt.breakIt(t, dir)
			}
			e, err := Load(Options{ModelDir: dir, Variant: tt.variant, LibraryPath: lib, Logger: quietLogger()})
			if err == nil {
				e.Close()
				t.Fatal("Load succeeded")
			}
			t.Log(err)
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

// writeModel writes an ONNX model whose graph has the fixture's interface
// plus an extra input: only its inputs and outputs matter here.
func writeModel(t *testing.T, path, extra string) {
	t.Helper()
	valueInfo := func(name string, elem int, dims ...any) []byte {
		var shape []byte
		for _, d := range dims {
			var dm []byte
			switch d := d.(type) {
			case int:
				dm = pbVarint(1, uint64(d))
			case string:
				dm = pbBytes(2, []byte(d))
			}
			shape = append(shape, pbBytes(1, dm)...)
		}
		tensor := append(pbVarint(1, uint64(elem)), pbBytes(2, shape)...)
		return append(pbBytes(1, []byte(name)), pbBytes(2, pbBytes(1, tensor))...)
	}
	var graph []byte
	for _, n := range []string{"input_ids", "attention_mask", "position_ids", extra} {
		graph = append(graph, pbBytes(11, valueInfo(n, elemInt64, "batch_size", "sequence_length"))...)
	}
	graph = append(graph, pbBytes(12, valueInfo("logits", elemFloat, "batch_size", "sequence_length", 1024))...)
	model := append(pbVarint(1, 8), pbBytes(7, graph)...)
	if err := os.WriteFile(path, model, 0o644); err != nil {
		t.Fatal(err)
	}
}

func pbVarint(field int, v uint64) []byte {
	b := binary.AppendUvarint(nil, uint64(field)<<3)
	return binary.AppendUvarint(b, v)
}

func pbBytes(field int, data []byte) []byte {
	b := binary.AppendUvarint(nil, uint64(field)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}
