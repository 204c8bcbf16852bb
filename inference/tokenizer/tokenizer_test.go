package tokenizer

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func loadSmall(t testing.TB) *Tokenizer {
	t.Helper()
	tk, err := Load(filepath.Join("testdata", "small"))
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestQwen3Basics(t *testing.T) {
	tk := loadQwen(t)
	if got := tk.Encode("hello world", false); !slices.Equal(got, []int{14990, 1879}) {
		t.Errorf("Encode(hello world) = %v", got)
	}
	if got := tk.VocabSize(); got != 151669 {
		t.Errorf("VocabSize = %d, want 151669", got)
	}
	for tok, want := range map[string]int{"<|im_start|>": 151644, "<|im_end|>": 151645, "<|endoftext|>": 151643, "Ġworld": 1879} {
		if id, ok := tk.TokenID(tok); !ok || id != want {
			t.Errorf("TokenID(%q) = %d, %v; want %d", tok, id, ok, want)
		}
	}
	if _, ok := tk.TokenID("no such token"); ok {
		t.Error("TokenID of an unknown token reported ok")
	}
	if got := tk.EOSTokens(); !slices.Equal(got, []int{151645, 151643}) {
		t.Errorf("EOSTokens = %v", got)
	}
	prompt, err := tk.ApplyChatTemplate([]Message{{"system", "S"}, {"user", "U"}}, true)
	want := "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n"
	if err != nil || prompt != want {
		t.Errorf("ApplyChatTemplate = %q, %v", prompt, err)
	}
	if _, err := tk.ApplyChatTemplate([]Message{{"tool", "x"}}, true); !errors.Is(err, ErrUnsupported) {
		t.Errorf("tool role: err = %v, want ErrUnsupported", err)
	}
}

func TestSmallDefaultSystemPrompt(t *testing.T) {
	tk := loadSmall(t)
	got, err := tk.ApplyChatTemplate([]Message{{"user", "hi"}}, true)
	want := "<|im_start|>system\nYou are a tiny test model. Answer briefly.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
	if err != nil || got != want {
		t.Errorf("ApplyChatTemplate = %q, %v; want %q", got, err, want)
	}
	if got := tk.EOSTokens(); len(got) != 2 {
		t.Errorf("EOSTokens = %v, want <|im_end|> and <|endoftext|>", got)
	}
}

// TestChatTemplateFile loads a directory whose chat template is in
// chat_template.jinja rather than in tokenizer_config.json.
func TestChatTemplateFile(t *testing.T) {
	var cfg map[string]any
	if err := json.Unmarshal(variantConfig(t, variant{}), &cfg); err != nil {
		t.Fatal(err)
	}
	template := cfg["chat_template"].(string)
	delete(cfg, "chat_template")
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"tokenizer.json": smallJSON(t), "tokenizer_config.json": cfgJSON, "chat_template.jinja": []byte(template),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tk, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := loadSmall(t).ApplyChatTemplate([]Message{{"user", "hi"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tk.ApplyChatTemplate([]Message{{"user", "hi"}}, true); err != nil || got != want {
		t.Errorf("ApplyChatTemplate = %q, %v; want %q", got, err, want)
	}
}

func TestNoChatTemplate(t *testing.T) {
	tk, err := New(smallJSON(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tk.ApplyChatTemplate([]Message{{"user", "x"}}, true); !errors.Is(err, ErrNoChatTemplate) {
		t.Errorf("err = %v, want ErrNoChatTemplate", err)
	}
	if got := tk.EOSTokens(); len(got) != 0 {
		t.Errorf("EOSTokens without config = %v", got)
	}
}

func smallJSON(t testing.TB) []byte {
	t.Helper()
	return patchJSON(t, "tokenizer.json", nil, nil)
}

func TestUnsupported(t *testing.T) {
	tests := []struct {
		name       string
		top, model map[string]any
		mention    string
	}{
		{"model type", nil, map[string]any{"type": "WordPiece"}, `"WordPiece"`},
		{"byte fallback", nil, map[string]any{"byte_fallback": true}, "byte_fallback"},
		{"dropout", nil, map[string]any{"dropout": 0.1}, "dropout"},
		{"normalizer", map[string]any{"normalizer": map[string]any{"type": "Lowercase"}}, nil, `"Lowercase"`},
		{"regex normalizer", map[string]any{"normalizer": map[string]any{"type": "Replace", "pattern": map[string]any{"Regex": " +"}, "content": " "}}, nil, "regex"},
		{"pre-tokenizer", map[string]any{"pre_tokenizer": map[string]any{"type": "Metaspace"}}, nil, `"Metaspace"`},
		{"split regex", map[string]any{"pre_tokenizer": map[string]any{"type": "Sequence", "pretokenizers": []any{
			map[string]any{"type": "Split", "pattern": map[string]any{"Regex": `\d+`}, "behavior": "Isolated"},
			map[string]any{"type": "ByteLevel"}}}}, nil, `\\d+`},
		{"split behavior", map[string]any{"pre_tokenizer": map[string]any{"type": "Sequence", "pretokenizers": []any{
			map[string]any{"type": "Split", "pattern": map[string]any{"Regex": regexQwen2}, "behavior": "Removed"},
			map[string]any{"type": "ByteLevel"}}}}, nil, `"Removed"`},
		{"no byte level", map[string]any{"pre_tokenizer": map[string]any{"type": "Sequence", "pretokenizers": []any{}}}, nil, "ByteLevel"},
		{"decoder", map[string]any{"decoder": map[string]any{"type": "WordPiece"}}, nil, `"WordPiece"`},
		{"post-processor", map[string]any{"post_processor": map[string]any{"type": "RobertaProcessing"}}, nil, `"RobertaProcessing"`},
		{"single word", map[string]any{"added_tokens": []any{map[string]any{"id": 1761, "content": "<x>", "single_word": true}}}, nil, "single_word"},
	}
	for _, tt := range tests {
		_, err := New(patchJSON(t, "tokenizer.json", tt.top, tt.model), nil)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("%s: err = %v, want ErrUnsupported mentioning %s", tt.name, err, tt.mention)
		}
	}
}

func TestMalformed(t *testing.T) {
	for name, data := range map[string]string{
		"not json":      "{",
		"vocab id":      `{"model": {"type": "BPE", "vocab": {"a": "x"}}}`,
		"missing bytes": `{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}, "decoder": {"type": "ByteLevel"}}`,
	} {
		if _, err := New([]byte(data), nil); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty directory succeeded")
	}
}

// TestStreamDecoderSplitsRunes feeds bytes of multi-byte characters one
// token at a time: nothing may come out until a character is complete.
func TestStreamDecoderSplitsRunes(t *testing.T) {
	tk := loadSmall(t)
	byteToken := func(b byte) int { return int(tk.model.byteID[b]) }
	d := tk.NewStreamDecoder(false)
	euro := "€" // E2 82 AC
	for i := 0; i < len(euro)-1; i++ {
		if got := d.Push(byteToken(euro[i])); got != "" {
			t.Fatalf("after %d bytes of €: %q", i+1, got)
		}
	}
	if got := d.Push(byteToken(euro[2])); got != euro {
		t.Fatalf("last byte of €: %q", got)
	}
	// An incomplete character before an added token becomes U+FFFD.
	d.Push(byteToken(0xF0))
	im, _ := tk.TokenID("<|im_end|>")
	if got := d.Push(im); got != "\uFFFD<|im_end|>" {
		t.Errorf("incomplete then added token: %q", got)
	}
	// Skipped special tokens do not break a character.
	d = tk.NewStreamDecoder(true)
	out := d.Push(byteToken(0xC3)) + d.Push(im) + d.Push(byteToken(0xA9)) + d.Flush()
	if out != "é" {
		t.Errorf("split é around a skipped token: %q", out)
	}
	d.Push(byteToken(0xE2))
	if got := d.Flush(); got != "\uFFFD" {
		t.Errorf("Flush of an incomplete character: %q", got)
	}
}

func TestAppendLossy(t *testing.T) {
	// Each maximal invalid subsequence becomes one U+FFFD (WHATWG).
	tests := map[string]string{
		"a\xe2\x82b":         "a\uFFFDb",
		"\xe2\x82":           "\uFFFD",
		"\xff\xfe":           "\uFFFD\uFFFD",
		"\xed\xa0\x80":       "\uFFFD\uFFFD\uFFFD", // surrogate
		"\xf0\x9f\x98\x80x":  "😀x",
		"\xf4\x90\x80\x80":   "\uFFFD\uFFFD\uFFFD\uFFFD",
		"\xc0\xaf":           "\uFFFD\uFFFD",
		"\xe0\x80\x80":       "\uFFFD\uFFFD\uFFFD",
		"ok \xef\xbf\xbd ok": "ok \uFFFD ok",
	}
	for in, want := range tests {
		if got := string(appendLossy(nil, []byte(in))); got != want {
			t.Errorf("appendLossy(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConcurrentEncode(t *testing.T) {
	tk := loadSmall(t)
	texts := hardCases(t)
	want := make([][]int, len(texts))
	for i, s := range texts {
		want[i] = tk.Encode(s, false)
	}
	fresh := loadSmall(t) // empty merge cache: goroutines fill it together
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i, s := range texts {
				if got := fresh.Encode(s, false); !slices.Equal(got, want[i]) {
					t.Errorf("concurrent Encode(%q) = %v, want %v", s, got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

var fuzzQwen = sync.OnceValues(func() (*Tokenizer, error) { return Load(qwenDirPath()) })

func FuzzRoundTrip(f *testing.F) {
	for _, s := range hardCases(f) {
		f.Add(s)
	}
	f.Add("\xff\xfe invalid \xe2\x82")
	// [MASK] strips the whitespace around it, which a round trip cannot
	// restore: clear its flags.
	var m map[string]any
	if err := json.Unmarshal(smallJSON(f), &m); err != nil {
		f.Fatal(err)
	}
	for _, a := range m["added_tokens"].([]any) {
		a.(map[string]any)["lstrip"], a.(map[string]any)["rstrip"] = false, false
	}
	data, err := json.Marshal(m)
	if err != nil {
		f.Fatal(err)
	}
	small, err := New(data, variantConfig(f, variant{}))
	if err != nil {
		f.Fatal(err)
	}
	qwenDir(f) // fail early with setup instructions
	f.Fuzz(func(t *testing.T, s string) {
		qwen, err := fuzzQwen()
		if err != nil {
			t.Fatal(err)
		}
		want := string(appendLossy(nil, []byte(s)))
		if got := small.Decode(small.Encode(s, true), false); got != want {
			t.Errorf("small: decode(encode(%q)) = %q", s, got)
		}
		got := qwen.Decode(qwen.Encode(s, false), false)
		if utf8.ValidString(s) && got != norm.NFC.String(s) {
			t.Errorf("qwen: decode(encode(%q)) = %q, want its NFC form", s, got)
		}
	})
}
