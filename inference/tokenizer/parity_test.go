package tokenizer

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// reference is what scripts/tokenizer/reference.mjs writes for one
// tokenizer: transformers.js's ids and decoded texts.
type reference struct {
	Cases []struct {
		Source      string  `json:"source"`
		IDs         []int   `json:"ids"`
		IDsSpecial  []int   `json:"ids_special"`
		Decoded     *string `json:"decoded"`
		DecodedSkip *string `json:"decoded_skip"`
	} `json:"cases"`
	RandomDecode []struct {
		IDs      []int  `json:"ids"`
		Text     string `json:"text"`
		TextSkip string `json:"text_skip"`
	} `json:"random_decode"`
	Chat []struct {
		Messages            []Message `json:"messages"`
		AddGenerationPrompt bool      `json:"add_generation_prompt"`
		Text                string    `json:"text"`
	} `json:"chat"`
}

func readReference(t testing.TB, name string) *reference {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reference", name+".json.gz"))
	if err != nil {
		t.Fatalf("%v (regenerate with: cd scripts/tokenizer && ONNXRUNTIME_NODE_INSTALL=skip npm ci && node reference.mjs)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.NewDecoder(zr).Decode(&ref); err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	return &ref
}

// sourceText returns the text a reference case names: "hard:N" is entry N of
// testdata/hardcases.json, "corpus:PATH" a file of testdata/corpus.
func sourceText(t testing.TB, source string) string {
	t.Helper()
	kind, arg, _ := strings.Cut(source, ":")
	switch kind {
	case "hard":
		i, err := strconv.Atoi(arg)
		if err != nil || i >= len(hardCases(t)) {
			t.Fatalf("bad source %q", source)
		}
		return hardCases(t)[i]
	case "corpus":
		b, err := os.ReadFile(filepath.Join("testdata", "corpus", filepath.FromSlash(arg)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("bad source %q", source)
	return ""
}

func hardCases(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hardcases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// qwenDir returns the directory scripts/fetch-qwen-tokenizer.sh fills.
func qwenDir(t testing.TB) string {
	t.Helper()
	dir := qwenDirPath()
	if _, err := os.Stat(filepath.Join(dir, "tokenizer.json")); err != nil {
		t.Fatalf("Qwen tokenizer missing (%v): run scripts/fetch-qwen-tokenizer.sh", err)
	}
	return dir
}

func qwenDirPath() string {
	deps := os.Getenv("SUMMARIZER_DEPS")
	if deps == "" {
		deps = filepath.Join("..", "..", ".cache", "deps")
	}
	return filepath.Join(deps, "qwen-tokenizer")
}

func loadQwen(t testing.TB) *Tokenizer {
	t.Helper()
	tk, err := Load(qwenDir(t))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// variant is an entry of testdata/variants.json: replacements applied to the
// small tokenizer's tokenizer.json (top level and "model") and config.
type variant struct {
	Name      string         `json:"name"`
	Tokenizer map[string]any `json:"tokenizer"`
	Model     map[string]any `json:"model"`
	Config    map[string]any `json:"config"`
}

func loadVariant(t testing.TB, v variant) *Tokenizer {
	t.Helper()
	tk, err := New(variantBytes(t, v), variantConfig(t, v))
	if err != nil {
		t.Fatalf("variant %s: %v", v.Name, err)
	}
	return tk
}

// variantBytes returns the variant's tokenizer.json.
func variantBytes(t testing.TB, v variant) []byte {
	t.Helper()
	return patchJSON(t, "tokenizer.json", v.Tokenizer, v.Model)
}

// variantConfig returns the variant's tokenizer_config.json.
func variantConfig(t testing.TB, v variant) []byte {
	t.Helper()
	return patchJSON(t, "tokenizer_config.json", v.Config, nil)
}

// patchJSON reads a file of the small tokenizer and replaces top-level and
// "model" fields.
func patchJSON(t testing.TB, file string, top, model map[string]any) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "small", file))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, val := range top {
		m[k] = val
	}
	if model != nil {
		mm := m["model"].(map[string]any)
		for k, val := range model {
			mm[k] = val
		}
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func variants(t testing.TB) []variant {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "variants.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []variant
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestParityQwen3(t *testing.T) {
	checkParity(t, loadQwen(t), readReference(t, "qwen3"))
}

func TestParitySmall(t *testing.T) {
	for _, v := range variants(t) {
		t.Run(v.Name, func(t *testing.T) {
			checkParity(t, loadVariant(t, v), readReference(t, "small-"+v.Name))
		})
	}
}

// checkParity compares encode, decode, stream decode and chat rendering with
// the reference.
func checkParity(t *testing.T, tk *Tokenizer, ref *reference) {
	if len(ref.Cases) == 0 {
		t.Fatal("empty reference")
	}
	for _, c := range ref.Cases {
		text := sourceText(t, c.Source)
		got := tk.Encode(text, false)
		if d := diffIDs(got, c.IDs); d != "" {
			t.Errorf("%s: encode: %s", c.Source, d)
			continue
		}
		want := c.IDs
		if c.IDsSpecial != nil {
			want = c.IDsSpecial
		}
		if d := diffIDs(tk.Encode(text, true), want); d != "" {
			t.Errorf("%s: encode with special tokens: %s", c.Source, d)
		}
		if len(c.IDs) == 0 {
			continue
		}
		decoded := text
		if c.Decoded != nil {
			decoded = *c.Decoded
		}
		skipped := decoded
		if c.DecodedSkip != nil {
			skipped = *c.DecodedSkip
		}
		if got := tk.Decode(c.IDs, false); got != decoded {
			t.Errorf("%s: decode = %.200q, want %.200q", c.Source, got, decoded)
		}
		if got := tk.Decode(c.IDs, true); got != skipped {
			t.Errorf("%s: decode skipping special = %.200q, want %.200q", c.Source, got, skipped)
		}
		checkStream(t, tk, c.Source, c.IDs, false, decoded)
	}
	for i, c := range ref.RandomDecode {
		if got := tk.Decode(c.IDs, false); got != c.Text {
			t.Errorf("random decode %d %v = %q, want %q", i, c.IDs, got, c.Text)
		}
		if got := tk.Decode(c.IDs, true); got != c.TextSkip {
			t.Errorf("random decode %d %v skipping special = %q, want %q", i, c.IDs, got, c.TextSkip)
		}
		checkStream(t, tk, fmt.Sprint("random ", i), c.IDs, true, c.TextSkip)
	}
	for _, c := range ref.Chat {
		got, err := tk.ApplyChatTemplate(c.Messages, c.AddGenerationPrompt)
		if err != nil || got != c.Text {
			t.Errorf("chat %v: got %q, %v; want %q", c.Messages, got, err, c.Text)
		}
	}
}

// checkStream decodes ids one by one: every piece must be valid UTF-8 and
// the pieces must add up to want (after the clean-up Decode applies).
func checkStream(t *testing.T, tk *Tokenizer, name string, ids []int, skipSpecial bool, want string) {
	t.Helper()
	d := tk.NewStreamDecoder(skipSpecial)
	var b strings.Builder
	for _, id := range ids {
		piece := d.Push(id)
		if !utf8.ValidString(piece) {
			t.Errorf("%s: stream piece %q is not valid UTF-8", name, piece)
		}
		b.WriteString(piece)
	}
	b.WriteString(d.Flush())
	got := b.String()
	if tk.cleanup {
		got = cleanUp(got)
	}
	if got != want {
		t.Errorf("%s: stream decode = %.200q, want %.200q", name, got, want)
	}
}

// diffIDs describes the first difference between got and want, or is "".
func diffIDs(got, want []int) string {
	if slices.Equal(got, want) {
		return ""
	}
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-3)
	return fmt.Sprintf("%d ids, want %d; first difference at %d: got %v, want %v",
		len(got), len(want), i, got[lo:min(len(got), i+5)], want[lo:min(len(want), i+5)])
}
