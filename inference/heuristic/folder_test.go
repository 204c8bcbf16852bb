package heuristic

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func TestFolderOverview(t *testing.T) {
	files := []inference.FolderFile{
		{Path: "limits/bucket.go", Lang: "go", Package: "limits", Imports: []string{"sync", "time"},
			Calls: []string{"time.Now", "refill"},
			Decls: []inference.Decl{{Name: "Bucket", Kind: analysis.KindStruct}, {Name: "Bucket.Take", Kind: analysis.KindMethod},
				{Name: "Bucket.refill", Kind: analysis.KindMethod}, {Name: "refill", Kind: analysis.KindFunction}, {Name: "NewBucket", Kind: analysis.KindFunction}}},
		{Path: "limits/server.go", Lang: "go", Package: "limits", Imports: []string{"net/http", "example.com/x/limits/store"},
			Calls: []string{"NewBucket", "http.ListenAndServe"},
			Decls: []inference.Decl{{Name: "Limiter", Kind: analysis.KindStruct}, {Name: "Limiter.Middleware", Kind: analysis.KindMethod}, {Name: "Serve", Kind: analysis.KindFunction}}},
		{Path: "limits/server_test.go", Lang: "go", Package: "limits", Calls: []string{"Serve"}, Imports: []string{"testing"},
			Decls: []inference.Decl{{Name: "TestServe", Kind: analysis.KindFunction}, {Name: "fakeStore", Kind: analysis.KindStruct}}},
		{Path: "limits/bucket_windows.go", Lang: "go", Package: "limits",
			Decls: []inference.Decl{{Name: "Bucket", Kind: analysis.KindStruct}}},
	}
	folder := inference.Folder{Path: "limits", Files: files, Folders: []inference.Part{{Name: "limits/store", Summary: "Stores buckets."}}}
	got := FolderOverview(folder)
	for _, want := range []string{
		"The package limits holds 4 files and 1 folder (store).",
		"Its main types are Bucket and Limiter.",                                      // once each, tests left out
		"Its entry points include Serve.",                                             // NewBucket is called by server.go
		"Inside it, server.go uses bucket.go; its files import the subfolders store.", // tests left out
		"It deals with concurrency, time and HTTP.",                                   // not tests
	} {
		if !strings.Contains(got, want) {
			t.Errorf("overview lacks %q:\n%s", want, got)
		}
	}
	files[0].Doc = "Copyright 2026 The Authors."
	files[1].Doc = "Package limits rate-limits HTTP clients. More text."
	if got := FolderOverview(folder); !strings.HasPrefix(got, "Package limits rate-limits HTTP clients.") {
		t.Errorf("overview does not start with the package doc: %s", got)
	}
	if got, want := FolderOverview(inference.Folder{Root: true, Folders: folder.Folders}), "The repository holds 1 folder (store)."; got != want {
		t.Errorf("root overview = %q, want %q", got, want)
	}
	if FolderOverview(folder) != FolderOverview(folder) {
		t.Error("not deterministic")
	}
}
