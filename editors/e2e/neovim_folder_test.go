package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeovimExplainFolder runs summarizer.explainFolder from a plain
// Neovim 0.7 on a workspace of a Go and a Python file: the command returns
// the folder's explanation, reports $/progress from begin to end, and the
// hover on the package clause then shows the package overview.
func TestNeovimExplainFolder(t *testing.T) {
	requireTool(t, "nvim")
	ws := newWorkspace(t, "shapes.go", "shapes.py")
	goFile := ws.path("shapes.go")
	spec := nvimSpec{Server: serverBinary(t), Root: ws.dir, Settings: ws.settings(),
		Files: []nvimFile{{Path: goFile, Hovers: []decl{{Name: "package", Line: packageLine(t, goFile), Character: 2}}}}}
	luaDir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	spec.Out = filepath.Join(out, "result.json")
	t.Setenv("E2E_SPEC", writeJSON(t, out, "spec.json", spec))
	t.Setenv("E2E_LUA_DIR", luaDir)
	output := runEditor(t, ws, "nvim", "--headless", "--noplugin", "-i", "NONE", "-n", "-u", filepath.Join(luaDir, "nvim_folder.lua"))
	var res struct {
		Errors []string `json:"errors"`
		Folder *struct {
			Markdown     string   `json:"markdown"`
			Progress     []string `json:"progress"`
			PackageHover string   `json:"package_hover"`
		} `json:"folder"`
	}
	readJSON(t, spec.Out, &res, output)
	for _, e := range res.Errors {
		t.Errorf("neovim: %s", e)
	}
	if res.Folder == nil {
		t.Fatalf("the script recorded no folder explanation; output:\n%s", output)
	}
	md := strings.ReplaceAll(res.Folder.Markdown, `\`, "")
	for _, want := range []string{"# Explain project", "Package shapes computes areas and perimeters of simple shapes.", "### `shapes.go`", "### `shapes.py`", "`Rect.Area`"} {
		if !strings.Contains(md, want) {
			t.Errorf("explain folder lacks %q:\n%s", want, md)
		}
	}
	if p := strings.Join(res.Folder.Progress, " "); !strings.HasPrefix(p, "begin") || !strings.HasSuffix(p, "end") {
		t.Errorf("progress kinds %q, want begin … end", p)
	}
	if h := strings.ReplaceAll(res.Folder.PackageHover, `\`, ""); !strings.Contains(h, "folder overview") || !strings.Contains(h, "Package shapes computes areas") {
		t.Errorf("hover on the package clause = %q, want the package overview", h)
	}
}

// packageLine is the zero-based line of the Go file's package clause.
func packageLine(t *testing.T, file string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "package ") {
			return i
		}
	}
	t.Fatalf("%s has no package clause", file)
	return 0
}
