package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

type emacsSpec struct {
	Server   string         `json:"server"`
	Out      string         `json:"out"`
	Plugin   string         `json:"plugin"`
	Settings map[string]any `json:"settings"`
	Files    []nvimFile     `json:"files"`
}

type emacsResult struct {
	Errors   []string `json:"errors"`
	Messages []string `json:"messages"` // window/showMessage texts from the server
	Files    []struct {
		Path        string `json:"path"`
		ServerClass string `json:"server_class"`
		LanguageID  string `json:"language_id"`
		Hovers      []struct {
			Name string `json:"name"`
			Text string `json:"text"`
		} `json:"hovers"`
		Actions []struct {
			Name    string `json:"name"`
			Title   string `json:"title"`
			Command string `json:"command"`
			HasEdit bool   `json:"has_edit"`
		} `json:"actions"`
		OverviewBuffer string `json:"overview_buffer"`
		// The function whose "Explain function" action ran, and the buffer
		// summarizer.el showed its explanation in.
		Explained             string `json:"explained"`
		ExplainFunctionBuffer string `json:"explain_function_buffer"`
	} `json:"files"`
}

// TestEmacsEglot runs Emacs in batch mode with eglot and editors/emacs:
// eglot picks the server from summarizer-eglot-setup with the right
// languageId, hover returns the summary, the code actions (explain file
// among them) are offered, running explain file shows the overview and
// explain function the explanation, each in a buffer and nowhere else (no
// window/showMessage from the server).
func TestEmacsEglot(t *testing.T) {
	requireElpa(t, "eglot")
	testEmacs(t, "eglot_harness.el", "summarizer-eglot-server")
}

// TestEmacsLspMode is the same through lsp-mode, where summarizer-lsp runs
// as an add-on server registered by summarizer-lsp-mode-setup.
func TestEmacsLspMode(t *testing.T) {
	requireElpa(t, "lsp-mode")
	testEmacs(t, "lspmode_harness.el", "summarizer-lsp")
}

// requireElpa fails the test when Debian's elpa-<pkg> is not installed
// (the harnesses load packages from /usr/share/emacs/site-lisp/elpa).
func requireElpa(t *testing.T, pkg string) {
	t.Helper()
	if m, _ := filepath.Glob("/usr/share/emacs/site-lisp/elpa/" + pkg + "-*"); len(m) == 0 {
		t.Fatalf("Emacs package %s is not installed: run scripts/editors/install-apt.sh (apt elpa-%s)", pkg, pkg)
	}
}

// testEmacs runs harness (in testdata) on a Python and a JavaScript file;
// wantServer is how the harness names the server it found.
func testEmacs(t *testing.T, harness, wantServer string) {
	requireTool(t, "emacs")
	ws := newWorkspace(t, "shapes.py", "shapes.js")
	spec := emacsSpec{
		Server:   serverBinary(t),
		Plugin:   filepath.Join(repoRoot(t), "editors", "emacs"),
		Settings: ws.settings(),
	}
	wantLang := map[string]string{}
	decls := map[string][]decl{}
	for name, lang := range map[string]string{"shapes.py": "python", "shapes.js": "javascript"} {
		p := ws.path(name)
		wantLang[p] = lang
		decls[p] = functions(declarations(t, p))
		spec.Files = append(spec.Files, nvimFile{Path: p, Hovers: decls[p]})
	}
	out := t.TempDir()
	spec.Out = filepath.Join(out, "result.json")
	t.Setenv("E2E_SPEC", writeJSON(t, out, "spec.json", spec))
	script, err := filepath.Abs(filepath.Join("testdata", harness))
	if err != nil {
		t.Fatal(err)
	}
	output := runEditor(t, ws, "emacs", "--batch", "-Q", "-l", script)
	var res emacsResult
	readJSON(t, spec.Out, &res, output)
	for _, e := range res.Errors {
		t.Errorf("emacs: %s", e)
	}
	if len(res.Files) != len(spec.Files) {
		t.Fatalf("emacs recorded %d files, want %d; output:\n%s", len(res.Files), len(spec.Files), output)
	}
	var explained []string
	for _, f := range res.Files {
		if f.ServerClass != wantServer {
			t.Errorf("%s: the client started %q, want %s", f.Path, f.ServerClass, wantServer)
		}
		if f.LanguageID != wantLang[f.Path] {
			t.Errorf("%s: the client sends languageId %q, want %q", f.Path, f.LanguageID, wantLang[f.Path])
		}
		if len(f.Hovers) != len(decls[f.Path]) {
			t.Errorf("%s: %d hovers, want %d", f.Path, len(f.Hovers), len(decls[f.Path]))
		}
		for _, h := range f.Hovers {
			checkHover(t, f.Path, h.Name, h.Text)
		}
		for _, fn := range decls[f.Path] {
			titles := map[string]string{}
			for _, a := range f.Actions {
				if a.Name == fn.Name {
					titles[a.Title] = a.Command
				}
			}
			if titles["Explain file"] != "summarizer.explainFile" {
				t.Errorf("%s: at %s the code actions are %v, want \"Explain file\" running summarizer.explainFile",
					f.Path, fn.Name, titles)
			}
			if titles["Explain function"] != "summarizer.explainFunction" {
				t.Errorf("%s: at %s the code actions are %v, want \"Explain function\" running summarizer.explainFunction",
					f.Path, fn.Name, titles)
			}
		}
		for _, fn := range decls[f.Path] {
			if !strings.Contains(f.OverviewBuffer, fn.Name) {
				t.Errorf("%s: the explain-file buffer does not mention %s:\n%s", f.Path, fn.Name, f.OverviewBuffer)
			}
		}
		if f.Explained == "" {
			t.Errorf("%s: no \"Explain function\" action was run", f.Path)
		} else {
			checkHover(t, f.Path, f.Explained, f.ExplainFunctionBuffer)
			explained = append(explained, f.Explained)
		}
	}
	// summarizer.el sends clientDisplaysResults: the buffers are the only display.
	checkNoServerDisplay(t, "emacs", explained, res.Messages)
}
