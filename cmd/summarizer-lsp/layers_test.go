package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is the import path of this module.
const module = "github.com/summarizer-lsp/summarizer-lsp"

// listedPackage is what `go list -json` says of a package.
type listedPackage struct {
	ImportPath string
	Imports    []string
	CgoFiles   []string
}

// ourPackages lists the module's packages (without tests) with go list.
func ourPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Imports,CgoFiles", module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		p.ImportPath = strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	return pkgs
}

// under reports whether package path p is dir or below it.
func under(p, dir string) bool { return p == dir || strings.HasPrefix(p, dir+"/") }

// TestLayers checks the import invariants docs/design.md states.
func TestLayers(t *testing.T) {
	rules := []struct {
		invariant string
		applies   func(pkg string) bool
		forbidden func(pkg, imp string) bool
	}{
		{"only lsp imports go.lsp.dev",
			func(p string) bool { return !under(p, "lsp") },
			func(_, imp string) bool { return strings.HasPrefix(imp, "go.lsp.dev/") }},
		{"analysis imports nothing of ours but its own packages",
			func(p string) bool { return under(p, "analysis") },
			func(_, imp string) bool { return under(imp, module) && !under(imp, module+"/analysis") }},
		{"cache imports nothing of ours but the leaf packages under internal",
			func(p string) bool { return under(p, "cache") },
			func(_, imp string) bool { return under(imp, module) && !under(imp, module+"/internal") }},
		{"the packages under internal import nothing of ours",
			func(p string) bool { return under(p, "internal") },
			func(_, imp string) bool { return under(imp, module) }},
		{"inference never imports cache, lsp or cmd",
			func(p string) bool { return under(p, "inference") },
			func(_, imp string) bool {
				return under(imp, module+"/cache") || under(imp, module+"/lsp") || under(imp, module+"/cmd")
			}},
		{"lsp takes its engines from cmd: it never imports an engine",
			func(p string) bool { return p == "lsp" },
			func(_, imp string) bool {
				return under(imp, module+"/inference/onnx") || under(imp, module+"/inference/heuristic") || under(imp, module+"/inference/remote")
			}},
	}
	for _, p := range ourPackages(t) {
		for _, r := range rules {
			if !r.applies(p.ImportPath) {
				continue
			}
			for _, imp := range p.Imports {
				if r.forbidden(p.ImportPath, imp) {
					t.Errorf("%s imports %s, but %s", p.ImportPath, imp, r.invariant)
				}
			}
		}
	}
}

// TestCgoFence checks that tree-sitter's C API is called from one package
// only: analysis/internal/ts (its layout tests live beside it).
func TestCgoFence(t *testing.T) {
	var cgo []string
	for _, p := range ourPackages(t) {
		if len(p.CgoFiles) > 0 {
			cgo = append(cgo, p.ImportPath)
		}
	}
	if !slices.Equal(cgo, []string{"analysis/internal/ts"}) {
		t.Errorf("packages with cgo files: %v, want only analysis/internal/ts", cgo)
	}
}

// TestNoGlobalStateBelowCmd checks, in the source of every package but
// cmd (test files excepted; test-helper packages such as lsptest are not),
// that nothing reads environment variables or the working directory, and
// that analysis and cache never log to the global logger: settings are
// read in cmd (or a test) and passed down.
func TestNoGlobalStateBelowCmd(t *testing.T) {
	envOrCwd := []string{"os.Getenv", "os.LookupEnv", "os.Environ", "os.Getwd", "os.UserCacheDir", "os.UserHomeDir", "os.UserConfigDir", "os.ExpandEnv"}
	globalLog := []string{"slog.Debug", "slog.Info", "slog.Warn", "slog.Error", "slog.Default", "log.Print", "log.Printf", "log.Println", "log.Fatal", "log.Fatalf"}
	fset := token.NewFileSet()
	for _, p := range ourPackages(t) {
		if under(p.ImportPath, "cmd") || under(p.ImportPath, "editors") {
			continue
		}
		dir := filepath.Join("../..", p.ImportPath)
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				name := x.Name + "." + sel.Sel.Name
				if slices.Contains(envOrCwd, name) {
					t.Errorf("%s: %s reads the environment or the working directory; read it in cmd and pass it down", fset.Position(sel.Pos()), name)
				}
				if slices.Contains(globalLog, name) && (under(p.ImportPath, "analysis") || under(p.ImportPath, "cache")) {
					t.Errorf("%s: %s logs to the global logger; use the logger passed in", fset.Position(sel.Pos()), name)
				}
				return true
			})
		}
	}
}
