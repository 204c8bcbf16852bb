package analysis

import (
	"slices"
	"testing"
)

func TestQueriesCompile(t *testing.T) {
	for _, l := range Languages() {
		if _, err := specFor(l).compiledQuery(); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
}

func TestLanguageFor(t *testing.T) {
	paths := map[string]string{
		"a/b/main.go": "go", "x.py": "python", "X.PY": "python", "app.jsx": "javascript", "a.mjs": "javascript",
		"a.ts": "typescript", "a.tsx": "tsx", "lib.rs": "rust", "A.java": "java", "a.c": "c", "a.h": "c",
		"a.cc": "cpp", "a.hpp": "cpp", "a.cs": "csharp", "a.rb": "ruby", "Rakefile": "ruby", "index.php": "php",
		"README.md": "", "Makefile": "", "noext": "",
	}
	for p, want := range paths {
		if got := LanguageForPath(p); got != want {
			t.Errorf("LanguageForPath(%q) = %q, want %q", p, got, want)
		}
	}
	ids := map[string]string{
		"go": "go", "golang": "go", "typescriptreact": "tsx", "javascriptreact": "javascript", "c++": "cpp",
		"cpp": "cpp", "cs": "csharp", "csharp": "csharp", "python": "python", "markdown": "markdown", "Ruby": "ruby",
	}
	for id, want := range ids {
		if got := LanguageForID(id); got != want {
			t.Errorf("LanguageForID(%q) = %q, want %q", id, got, want)
		}
	}
	want := []string{"go", "python", "javascript", "typescript", "tsx", "rust", "java", "c", "cpp", "csharp", "ruby", "php"}
	if got := Languages(); !slices.Equal(got, want) {
		t.Errorf("Languages() = %v, want %v", got, want)
	}
}
