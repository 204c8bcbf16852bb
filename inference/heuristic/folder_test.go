package heuristic

import (
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// limitsFolder is a Go package of four files (one a test) and a subfolder.
func limitsFolder() inference.Folder {
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
	return inference.Folder{Path: "limits", Files: files, Folders: []inference.Part{{Name: "limits/store", Summary: "Stores buckets."}}}
}

func TestFolderOverview(t *testing.T) {
	folder := limitsFolder()
	files := folder.Files
	got := New().FolderOverview(folder)
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
	if got := New().FolderOverview(folder); !strings.HasPrefix(got, "Package limits rate-limits HTTP clients.") {
		t.Errorf("overview does not start with the package doc: %s", got)
	}
	if got, want := New().FolderOverview(inference.Folder{Root: true, Folders: folder.Folders}), "The repository holds 1 folder (store)."; got != want {
		t.Errorf("root overview = %q, want %q", got, want)
	}
	if New().FolderOverview(folder) != New().FolderOverview(folder) {
		t.Error("not deterministic")
	}
}

// TestChineseOverviews: with summaryLanguage zh the file and folder
// overviews are Chinese sentences around the identifiers.
func TestChineseOverviews(t *testing.T) {
	e := New(Language("zh"))
	got := e.FolderOverview(limitsFolder())
	for _, want := range []string{
		"包 limits 包含 4 个文件和 1 个文件夹（store）。",
		"其主要类型为 Bucket 和 Limiter。",
		"其入口包括 Serve。",
		"其中，server.go 使用 bucket.go；其文件导入了子文件夹 store。",
		"它涉及并发、时间和 HTTP。",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("zh folder overview lacks %q:\n%s", want, got)
		}
	}
	if got, want := e.FolderOverview(inference.Folder{Root: true}), "该仓库为空。"; got != want {
		t.Errorf("empty zh repository overview = %q, want %q", got, want)
	}
	file := analysis.FileInfo{Path: "pkg/config/loader_test.go", Lang: "go", Package: "config", Imports: []string{"encoding/json", "os"},
		Chunks: []analysis.Chunk{{Kind: analysis.KindFunction, Name: "TestLoad"}, {Kind: analysis.KindFunction, Name: "helper"}}}
	want := "包 config 中的此文件测试 loader。它声明了 2 个函数，包括 TestLoad 和 helper。它涉及 JSON 和文件系统。"
	if got := e.Overview(file); got != want {
		t.Errorf("zh file overview:\n got %q\nwant %q", got, want)
	}
	file.Doc = "Package config loads settings."
	if got := e.Overview(file); !strings.HasPrefix(got, "Package config loads settings. 它声明了") {
		t.Errorf("zh overview after an English doc sentence = %q", got)
	}
}
