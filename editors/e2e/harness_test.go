// Package e2e drives the built summarizer-lsp server from real editors
// (headless Neovim, Emacs in batch mode with eglot, and, behind the
// e2evscode build tag, VS Code as code-server in headless Chromium).
//
// The editors come from scripts/editors/install-apt.sh; a test whose editor
// is missing fails and says so.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// testDeps is the deps cache the setup scripts fill ($SUMMARIZER_DEPS; ""
// means the repository's .cache/deps).
var testDeps = os.Getenv("SUMMARIZER_DEPS")

// editorTimeout bounds one editor run; the scripts inside wait at most 30 s
// per step, so this only catches a hung editor.
const editorTimeout = 4 * time.Minute

var (
	buildOnce sync.Once
	buildDir  string
	buildPath string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// serverBinary builds cmd/summarizer-lsp once per test process.
func serverBinary(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "summarizer-e2e-")
		if buildErr != nil {
			return
		}
		buildPath = filepath.Join(buildDir, "summarizer-lsp")
		cmd := exec.Command("go", "build", "-o", buildPath, "./cmd/summarizer-lsp")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/summarizer-lsp: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// requireTool fails the test when an editor is not installed.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: run scripts/editors/install-apt.sh (needs apt; see editors/README.md)", name)
	}
	return p
}

// workspace is a temporary project with the fixture files copied in, and
// an isolated HOME and cache directory for the editor and the server.
type workspace struct {
	dir   string // project root
	home  string
	cache string
}

func newWorkspace(t *testing.T, fixtures ...string) workspace {
	t.Helper()
	base := t.TempDir()
	ws := workspace{
		dir:   filepath.Join(base, "project"),
		home:  filepath.Join(base, "home"),
		cache: filepath.Join(base, "cache"),
	}
	for _, d := range []string{ws.dir, ws.home, ws.cache} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A root marker, so editors agree on the project root.
	if err := os.WriteFile(filepath.Join(ws.dir, "go.mod"), []byte("module example.com/shapes\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range fixtures {
		data, err := os.ReadFile(filepath.Join("testdata", "fixtures", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ws.dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

func (ws workspace) path(name string) string { return filepath.Join(ws.dir, name) }

// env is the environment for an editor process: isolated HOME and caches.
func (ws workspace) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+ws.home,
		"XDG_CACHE_HOME="+ws.cache,
		"XDG_CONFIG_HOME="+filepath.Join(ws.home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(ws.home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(ws.home, ".local", "state"),
	)
}

// settings are the server settings every e2e test uses: the built-in
// engine (deterministic, no model needed) and a private cache.
func (ws workspace) settings() map[string]any {
	return map[string]any{
		"engine":   "heuristic",
		"cacheDir": filepath.Join(ws.cache, "summarizer-lsp"),
		"logLevel": "debug",
	}
}

// runEditor runs an editor command with a deadline and returns its combined
// output; a non-zero exit or a timeout fails the test with that output.
func runEditor(t *testing.T, ws workspace, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = ws.dir
	cmd.Env = ws.env()
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%s timed out after %v; output:\n%s", name, editorTimeout, out)
	}
	if err != nil {
		t.Fatalf("%s %s: %v; output:\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// decl is a declaration found in a fixture: a function or method (which must
// get a hover and a lens) or a container (type/class, which may get a lens).
type decl struct {
	Name      string `json:"name"`
	Line      int    `json:"line"`      // 0-based
	Character int    `json:"character"` // 0-based, of the name; fixtures are ASCII
	Container bool   `json:"-"`
}

var declPatterns = map[string][]*regexp.Regexp{
	".go": {
		regexp.MustCompile(`^func (?:\([^)]*\) )?(\w+)`),
		regexp.MustCompile(`^type (\w+) `),
	},
	".js": {
		regexp.MustCompile(`^\s*function (\w+)`),
		regexp.MustCompile(`^\s*class (\w+)`),
	},
	".py": {
		regexp.MustCompile(`^\s*def (\w+)`),
		regexp.MustCompile(`^\s*class (\w+)`),
	},
}

// declarations lists the functions and containers of a fixture, by line.
func declarations(t *testing.T, path string) []decl {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pats := declPatterns[filepath.Ext(path)]
	if pats == nil {
		t.Fatalf("no declaration patterns for %s", path)
	}
	var out []decl
	for i, line := range strings.Split(string(data), "\n") {
		for k, re := range pats {
			if m := re.FindStringSubmatchIndex(line); m != nil {
				out = append(out, decl{Name: line[m[2]:m[3]], Line: i, Character: m[2], Container: k == 1})
				break
			}
		}
	}
	return out
}

func functions(ds []decl) []decl {
	var out []decl
	for _, d := range ds {
		if !d.Container {
			out = append(out, d)
		}
	}
	return out
}

// writeJSON writes v to dir/name and returns the path.
func writeJSON(t *testing.T, dir, name string, v any) string {
	t.Helper()
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readJSON(t *testing.T, path string, v any, editorOutput string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the editor wrote no result (%v); its output:\n%s", err, editorOutput)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("result %s: %v\n%s", path, err, data)
	}
}

// lens is a code lens as an editor saw it.
type lens struct {
	Line    int    `json:"line"`
	Title   string `json:"title"`
	Command string `json:"command"`
}

// checkLenses asserts one lens per function at its declaration line, and
// lenses elsewhere only on container declarations.
func checkLenses(t *testing.T, file string, ds []decl, lenses []lens) {
	t.Helper()
	perLine := map[int]int{}
	for _, l := range lenses {
		perLine[l.Line]++
		if strings.TrimSpace(l.Title) == "" {
			t.Errorf("%s: lens on line %d has an empty title", file, l.Line+1)
		}
	}
	allowed := map[int]bool{}
	for _, d := range ds {
		allowed[d.Line] = true
		if d.Container {
			continue
		}
		if n := perLine[d.Line]; n != 1 {
			t.Errorf("%s: function %s (line %d) has %d lenses, want 1", file, d.Name, d.Line+1, n)
		}
	}
	for line := range perLine {
		if !allowed[line] {
			t.Errorf("%s: lens on line %d, which declares no function or type", file, line+1)
		}
	}
}

// checkHover asserts the contract's hover shape: the function name first
// (a bold line in markdown; "Name: summary" in plain text, which clients
// without markdown support get), then a summary of a few words.
func checkHover(t *testing.T, file, name, text string) {
	t.Helper()
	first, rest, multiline := strings.Cut(strings.TrimSpace(text), "\n")
	if !multiline {
		first, rest, _ = strings.Cut(first, ": ")
	}
	if !strings.Contains(first, name) {
		t.Errorf("%s: hover on %s starts with %q, want the function name; hover:\n%s", file, name, first, text)
	}
	if len(strings.Fields(rest)) < 3 {
		t.Errorf("%s: hover on %s has no real summary below the name; hover:\n%s", file, name, text)
	}
}
