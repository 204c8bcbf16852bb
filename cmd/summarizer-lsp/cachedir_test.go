package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/xdg/cache")
	if d, err := defaultCacheDir(); err != nil || d != "/xdg/cache/summarizer-lsp" {
		t.Errorf("with XDG_CACHE_HOME: defaultCacheDir = %q, %v", d, err)
	}
	// Unset, the platform's cache directory is used ($HOME/.cache on Linux).
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", "/home/u")
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if d, err := defaultCacheDir(); err != nil || d != filepath.Join(base, "summarizer-lsp") {
		t.Errorf("without XDG_CACHE_HOME: defaultCacheDir = %q, %v; want it in %q", d, err, base)
	}
}
