package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestNewKeyLayout(t *testing.T) {
	// Each field is preceded by its length as a uvarint; 27 = len(keyDomain).
	want := sha256.Sum256([]byte("\x1bsummarizer-lsp/cache/key/v1" + "\x03fp1" + "\x02r2" + "\x02go" + "\x0bfunc f() {}"))
	got := NewKey("fp1", "r2", "go", "func f() {}")
	if got != Key(want) {
		t.Fatalf("NewKey = %s, want %s", got, hex.EncodeToString(want[:]))
	}
	if got.String() != hex.EncodeToString(want[:]) {
		t.Fatalf("String = %q, want %q", got.String(), hex.EncodeToString(want[:]))
	}
}

func TestNewKeyDistinct(t *testing.T) {
	tests := []struct {
		name string
		a, b [4]string
	}{
		{"boundary fingerprint/revision", [4]string{"ab", "c", "go", "x"}, [4]string{"a", "bc", "go", "x"}},
		{"boundary language/text", [4]string{"f", "r", "go", "x"}, [4]string{"f", "r", "g", "ox"}},
		{"empty field moved", [4]string{"", "r", "go", "x"}, [4]string{"r", "", "go", "x"}},
		{"fingerprint", [4]string{"m1", "r", "go", "x"}, [4]string{"m2", "r", "go", "x"}},
		{"revision", [4]string{"m", "r1", "go", "x"}, [4]string{"m", "r2", "go", "x"}},
		{"language", [4]string{"m", "r", "go", "x"}, [4]string{"m", "r", "rust", "x"}},
		{"text", [4]string{"m", "r", "go", "x"}, [4]string{"m", "r", "go", "x "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka := NewKey(tt.a[0], tt.a[1], tt.a[2], tt.a[3])
			kb := NewKey(tt.b[0], tt.b[1], tt.b[2], tt.b[3])
			if ka == kb {
				t.Fatalf("keys of %q and %q collide: %s", tt.a, tt.b, ka)
			}
			if again := NewKey(tt.a[0], tt.a[1], tt.a[2], tt.a[3]); again != ka {
				t.Fatalf("NewKey(%q) not deterministic: %s then %s", tt.a, ka, again)
			}
		})
	}
}
