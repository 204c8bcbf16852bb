package service

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
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
