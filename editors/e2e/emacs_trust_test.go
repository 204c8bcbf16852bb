package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmacsDirLocalsCannotLoadALibrary opens a project whose .dir-locals.el
// sets eglot-workspace-configuration (which eglot marks safe, so Emacs
// applies it without asking, and sends it to the server on connect) to load
// the project's own "ONNX Runtime" library: a shared object that writes a
// marker file when loaded. summarizer.el drops the restricted settings from
// what eglot sends, says so, and keeps the others: the marker never appears
// and hovers still work.
func TestEmacsDirLocalsCannotLoadALibrary(t *testing.T) {
	requireElpa(t, "eglot")
	requireTool(t, "emacs")
	requireTool(t, "gcc")
	ws := newWorkspace(t, "shapes.py")
	tmp := t.TempDir()
	marker := filepath.Join(tmp, "library-loaded")
	lib := filepath.Join(ws.dir, "vendor", "libonnxruntime.so.1")
	buildMarkerLibrary(t, ws, lib, marker)
	model := filepath.Join(repoRoot(t), "testdata", "tiny-qwen2")
	dirLocals := fmt.Sprintf("((nil . ((eglot-workspace-configuration . (:summarizer (:engine \"onnx\" :modelPath %q :onnxruntimeLib %q :summaryLanguage \"en\"))))))\n", model, lib)
	if err := os.WriteFile(ws.path(".dir-locals.el"), []byte(dirLocals), 0o644); err != nil {
		t.Fatal(err)
	}
	p := ws.path("shapes.py")
	fns := functions(declarations(t, p))
	spec := emacsSpec{
		Server:   serverBinary(t),
		Plugin:   filepath.Join(repoRoot(t), "editors", "emacs"),
		Settings: ws.settings(),
		Files:    []nvimFile{{Path: p, Hovers: fns}},
		Out:      filepath.Join(tmp, "result.json"),
	}
	t.Setenv("E2E_SPEC", writeJSON(t, tmp, "spec.json", spec))
	script, err := filepath.Abs(filepath.Join("testdata", "eglot_harness.el"))
	if err != nil {
		t.Fatal(err)
	}
	output := runEditor(t, ws, "emacs", "--batch", "-Q", "-l", script)
	var res emacsResult
	readJSON(t, spec.Out, &res, output)
	for _, e := range res.Errors {
		t.Errorf("emacs: %s", e)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("the project's library was loaded: its .dir-locals.el set onnxruntimeLib; output:\n%s", output)
	}
	if !strings.Contains(output, "onnxruntimeLib") || !strings.Contains(output, "summarizer-trust-workspace-configuration") {
		t.Errorf("no warning naming the ignored settings and the way to allow them; output:\n%s", output)
	}
	if len(res.Files) != 1 || len(res.Files[0].Hovers) != len(fns) {
		t.Fatalf("emacs recorded %+v, want %d hovers; output:\n%s", res.Files, len(fns), output)
	}
	for _, h := range res.Files[0].Hovers {
		checkHover(t, p, h.Name, h.Text)
	}
}

// buildMarkerLibrary compiles a shared object at lib that writes marker when
// it is loaded.
func buildMarkerLibrary(t *testing.T, ws workspace, lib, marker string) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "marker.c")
	code := fmt.Sprintf("#include <stdio.h>\n__attribute__((constructor)) static void loaded(void) {\n\tFILE *f = fopen(%q, \"w\");\n\tif (f) { fputs(\"loaded\\n\", f); fclose(f); }\n}\n", marker)
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(lib), 0o755); err != nil {
		t.Fatal(err)
	}
	runEditor(t, ws, "gcc", "-shared", "-fPIC", "-o", lib, src)
}
