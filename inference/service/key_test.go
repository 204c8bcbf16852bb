package service

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func TestNewKeyLayout(t *testing.T) {
	// Each field is preceded by its length as a uvarint; 27 = len(keyDomain).
	want := sha256.Sum256([]byte("\x1bsummarizer-lsp/cache/key/v1" + "\x03fp1" + "\x02r2" + "\x02go" + "\x0bfunc f() {}"))
	got := newKey("fp1", "r2", "go", "func f() {}")
	if got != Key(want) {
		t.Fatalf("newKey = %s, want %s", got, hex.EncodeToString(want[:]))
	}
	if got.String() != hex.EncodeToString(want[:]) {
		t.Fatalf("String = %q, want %q", got.String(), hex.EncodeToString(want[:]))
	}
}

func TestNewKeyDistinct(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
	}{
		{"boundary fingerprint/revision", []string{"ab", "c", "go", "x"}, []string{"a", "bc", "go", "x"}},
		{"boundary language/text", []string{"f", "r", "go", "x"}, []string{"f", "r", "g", "ox"}},
		{"empty field moved", []string{"", "r", "go", "x"}, []string{"r", "", "go", "x"}},
		{"fingerprint", []string{"m1", "r", "go", "x"}, []string{"m2", "r", "go", "x"}},
		{"revision", []string{"m", "r1", "go", "x"}, []string{"m", "r2", "go", "x"}},
		{"language", []string{"m", "r", "go", "x"}, []string{"m", "r", "rust", "x"}},
		{"text", []string{"m", "r", "go", "x"}, []string{"m", "r", "go", "x "}},
		{"one field more", []string{"m", "r", "go", "x"}, []string{"m", "r", "go", "x", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := newKey(tt.a...), newKey(tt.b...)
			if ka == kb {
				t.Fatalf("keys of %q and %q collide: %s", tt.a, tt.b, ka)
			}
			if again := newKey(tt.a...); again != ka {
				t.Fatalf("newKey(%q) not deterministic: %s then %s", tt.a, ka, again)
			}
		})
	}
}

// TestRequestKeyCoversPromptInputs perturbs every field a request carries,
// one at a time, and fails when the model prompt changes but the key does
// not: a new field that an engine reads must be keyed.
func TestRequestKeyCoversPromptInputs(t *testing.T) {
	base := inference.Request{
		Chunk: analysis.Chunk{
			Kind: analysis.KindMethod, Name: "Box.take", Lang: "python", Signature: "def take(self):",
			Doc: "Take one.", Text: "def take(self):\n    return self.items.pop()",
			Facts:    analysis.Facts{Receiver: "Box", Params: []analysis.Param{{Name: "n"}}, Calls: []string{"pop"}},
			Children: []analysis.Chunk{{Name: "inner"}},
		},
		File:    analysis.FileInfo{Path: "box.py", Lang: "python", Package: "box", Imports: []string{"os"}},
		Callees: []inference.Callee{{Name: "pop", Summary: "Removes the last item."}},
	}
	prompt := func(r inference.Request) string {
		p := inference.BuildPrompt(r, inference.PromptOptions{})
		return p.System + "\x00" + p.User
	}
	baseKey, basePrompt := requestKey("fp", base), prompt(base)
	fields := 0
	perturbFields(reflect.ValueOf(&base).Elem(), "Request", func(path string, undo func()) {
		fields++
		changedPrompt := prompt(base) != basePrompt
		changedKey := requestKey("fp", base) != baseKey
		undo()
		if changedPrompt && !changedKey {
			t.Errorf("%s changes the model prompt but not the cache key", path)
		}
	})
	if fields < 20 {
		t.Fatalf("only %d fields perturbed: the walk is broken", fields)
	}
	// The example: a renamed class must not share its method's summary.
	crate := base
	crate.Chunk.Name = "Crate.take"
	if requestKey("fp", crate) == baseKey {
		t.Error("Box.take and Crate.take share a key")
	}
}

// perturbFields changes each leaf of v in turn (strings, numbers, booleans,
// and slices by one more element), calling visit with the field's path and
// a function that restores it.
func perturbFields(v reflect.Value, path string, visit func(path string, undo func())) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			perturbFields(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
		}
	case reflect.Slice:
		old := v.Interface()
		grown := reflect.Append(v, reflect.New(v.Type().Elem()).Elem())
		if e := grown.Index(grown.Len() - 1); e.Kind() == reflect.String {
			e.SetString("extra")
		} else if e.Kind() == reflect.Struct && e.Field(0).Kind() == reflect.String {
			e.Field(0).SetString("extra")
		}
		v.Set(grown)
		visit(path+"[+]", func() { v.Set(reflect.ValueOf(old)) })
		for i := range v.Len() {
			perturbFields(v.Index(i), fmt.Sprintf("%s[%d]", path, i), visit)
		}
	case reflect.String:
		old := v.String()
		v.SetString(old + "x")
		visit(path, func() { v.SetString(old) })
	case reflect.Int:
		old := v.Int()
		v.SetInt(old + 1)
		visit(path, func() { v.SetInt(old) })
	case reflect.Bool:
		old := v.Bool()
		v.SetBool(!old)
		visit(path, func() { v.SetBool(old) })
	}
}
