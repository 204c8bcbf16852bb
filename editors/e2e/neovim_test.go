package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nvimFile is one file of a Neovim script's spec.
type nvimFile struct {
	Path        string `json:"path"`
	Hovers      []decl `json:"hovers"`
	Append      string `json:"append,omitempty"`
	ExplainFile bool   `json:"explain_file,omitempty"`
	ExplainFunc *decl  `json:"explain_function,omitempty"`
}

type nvimSpec struct {
	Server   string         `json:"server"`
	Out      string         `json:"out"`
	Root     string         `json:"root"`
	Plugin   string         `json:"plugin,omitempty"`
	Settings map[string]any `json:"settings"`
	Files    []nvimFile     `json:"files"`
	// Edit is the line nvim_outdated.lua inserts into the hovered
	// function; it creates the file Release once it has looked.
	Edit    string `json:"edit,omitempty"`
	Release string `json:"release,omitempty"`
	// WaitMessage makes nvim_plain.lua wait for a window/showMessage
	// containing it before hovering (a model engine loads in the background).
	WaitMessage string `json:"wait_message,omitempty"`
}

type nvimResult struct {
	Errors []string `json:"errors"`
	Status string   `json:"status"`
	Health string   `json:"health"`
	// window/showMessage texts and window/showDocument URIs from the server
	// (recorded by nvim_plugin.lua only).
	Messages      []string `json:"messages"`
	ShowDocuments []string `json:"show_documents"`
	Files         []struct {
		Path   string `json:"path"`
		Hovers []struct {
			Name string `json:"name"`
			Text string `json:"text"`
		} `json:"hovers"`
		Lenses          []lens `json:"lenses"`
		LensesAfterEdit []lens `json:"lenses_after_edit"`
		Drawn           []struct {
			Line int    `json:"line"`
			Text string `json:"text"`
		} `json:"drawn"`
		Overview           *overview `json:"overview"`
		ExplainFileWindows int       `json:"explain_file_windows"`
		ExplainFunc        string    `json:"explain_function"`
	} `json:"files"`
}

// overview is the window :SummarizerExplainFile opened.
type overview struct {
	Name     string `json:"name"`
	Filetype string `json:"filetype"`
	Text     string `json:"text"`
}

// runNvim runs script (in testdata) with spec and returns what it recorded.
func runNvim(t *testing.T, ws workspace, script string, spec nvimSpec) nvimResult {
	t.Helper()
	requireTool(t, "nvim")
	luaDir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	spec.Out = filepath.Join(out, "result.json")
	specPath := writeJSON(t, out, "spec.json", spec)
	t.Setenv("E2E_SPEC", specPath)
	t.Setenv("E2E_LUA_DIR", luaDir)
	output := runEditor(t, ws, "nvim", "--headless", "--noplugin", "-i", "NONE", "-n",
		"-u", filepath.Join(luaDir, script))
	var res nvimResult
	readJSON(t, spec.Out, &res, output)
	if len(res.Files) != len(spec.Files) {
		t.Fatalf("the script recorded %d files, want %d; errors: %q; output:\n%s",
			len(res.Files), len(spec.Files), res.Errors, output)
	}
	for _, e := range res.Errors {
		t.Errorf("neovim: %s", e)
	}
	return res
}

// TestNeovimPlainClient is the core end-to-end test: Neovim 0.7 with a plain
// LSP configuration hovers each function of a Go and a Python file and gets
// one code lens per function.
func TestNeovimPlainClient(t *testing.T) {
	ws := newWorkspace(t, "shapes.go", "shapes.py")
	spec := nvimSpec{Server: serverBinary(t), Root: ws.dir, Settings: ws.settings()}
	decls := map[string][]decl{}
	for _, name := range []string{"shapes.go", "shapes.py"} {
		p := ws.path(name)
		decls[p] = declarations(t, p)
		spec.Files = append(spec.Files, nvimFile{Path: p, Hovers: functions(decls[p])})
	}
	res := runNvim(t, ws, "nvim_plain.lua", spec)
	for _, f := range res.Files {
		want := functions(decls[f.Path])
		if len(f.Hovers) != len(want) {
			t.Errorf("%s: %d hovers answered, want %d", f.Path, len(f.Hovers), len(want))
		}
		for _, h := range f.Hovers {
			if !strings.HasPrefix(h.Text, "**") {
				t.Errorf("%s: hover on %s does not start with the bold name: %q", f.Path, h.Name, h.Text)
			}
			checkHover(t, f.Path, h.Name, h.Text)
		}
		checkLenses(t, f.Path, decls[f.Path], f.Lenses)
		checkLensesAddToDocs(t, f.Path, f.Lenses)
	}
}

// TestNeovimPlugin drives editors/neovim: hover shows a summary in a floating
// window, the plugin brings up a lens per function on its own and again after
// an edit, and :SummarizerExplainFile opens the overview.
func TestNeovimPlugin(t *testing.T) {
	ws := newWorkspace(t, "shapes.go", "shapes.py")
	plugin := filepath.Join(repoRoot(t), "editors", "neovim")
	spec := nvimSpec{Server: serverBinary(t), Root: ws.dir, Plugin: plugin, Settings: ws.settings()}
	decls := map[string][]decl{}
	for _, name := range []string{"shapes.go", "shapes.py"} {
		p := ws.path(name)
		decls[p] = declarations(t, p)
		spec.Files = append(spec.Files, nvimFile{Path: p, Hovers: functions(decls[p])})
	}
	spec.Files[0].Append = "\n// Square returns a square of side s.\nfunc Square(s float64) Rect {\n\treturn Rect{W: s, H: s}\n}"
	spec.Files[0].ExplainFile = true
	largest := spec.Files[1].Hovers[len(spec.Files[1].Hovers)-1]
	largest.Line++ // a line inside the body
	spec.Files[1].ExplainFunc = &largest

	res := runNvim(t, ws, "nvim_plugin.lua", spec)
	var explained []string // functions run through :SummarizerExplainFunction
	for i, f := range res.Files {
		for _, h := range f.Hovers {
			checkHover(t, f.Path, h.Name, h.Text)
		}
		checkLenses(t, f.Path, decls[f.Path], f.Lenses)
		checkLensesAddToDocs(t, f.Path, f.Lenses)
		if len(f.Drawn) < len(functions(decls[f.Path])) {
			t.Errorf("%s: %d lenses drawn as virtual text, want at least %d: %+v",
				f.Path, len(f.Drawn), len(functions(decls[f.Path])), f.Drawn)
		}
		if spec.Files[i].Append != "" {
			checkEditedLenses(t, f.Path, spec.Files[i].Append, f.LensesAfterEdit)
		}
		if spec.Files[i].ExplainFile {
			checkOverview(t, f.Path, f.Overview, functions(decls[f.Path]))
			if f.ExplainFileWindows != 1 {
				t.Errorf("%s: :SummarizerExplainFile opened %d windows, want 1", f.Path, f.ExplainFileWindows)
			}
		}
		if fn := spec.Files[i].ExplainFunc; fn != nil {
			checkHover(t, f.Path, fn.Name, f.ExplainFunc)
			explained = append(explained, fn.Name)
		}
	}
	checkNoServerDisplay(t, "neovim", explained, res.Messages)
	// The plugin sends clientDisplaysResults: the server opens nothing itself.
	if len(res.ShowDocuments) != 0 {
		t.Errorf("the server sent window/showDocument %q; the plugin shows explanations itself", res.ShowDocuments)
	}
	// The summarizer/status notifications reached the plugin's statusline text.
	if !strings.HasPrefix(res.Status, "heuristic") {
		t.Errorf(`require("summarizer").status() = %q, want the engine (heuristic) first`, res.Status)
	}
	// :checkhealth summarizer finds the server, the running client and its cache counters.
	for _, want := range []string{"server found: " + spec.Server, "client 1 running", "cache: memory"} {
		if !strings.Contains(res.Health, want) {
			t.Errorf(":checkhealth summarizer lacks %q:\n%s", want, res.Health)
		}
	}
}

// checkEditedLenses asserts a lens appeared on the "func Square" line that
// the edit appended below the file's original lines.
func checkEditedLenses(t *testing.T, file, appended string, got []lens) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(string(data), "\n")
	for i, line := range strings.Split(appended, "\n") {
		if strings.HasPrefix(line, "func Square") {
			want += i
		}
	}
	for _, l := range got {
		if l.Line == want {
			return
		}
	}
	t.Errorf("%s: no lens on line %d for the function added by the edit; lenses after edit: %+v", file, want+1, got)
}

func checkOverview(t *testing.T, file string, ov *overview, fns []decl) {
	t.Helper()
	if ov == nil {
		t.Errorf("%s: no overview window", file)
		return
	}
	if ov.Filetype != "markdown" {
		t.Errorf("%s: overview buffer has filetype %q, want markdown", file, ov.Filetype)
	}
	for _, fn := range fns {
		if !strings.Contains(ov.Text, fn.Name) {
			t.Errorf("%s: overview does not mention %s:\n%s", file, fn.Name, ov.Text)
		}
	}
}

// checkNoServerDisplay asserts that the server showed no explanation itself:
// no window/showMessage "Name: summary" for the functions in explained, and
// no "explanation written to ..." for a file. The plugins send
// clientDisplaysResults and display the commands' results, so such a message
// would show each explanation twice.
func checkNoServerDisplay(t *testing.T, editor string, explained []string, messages []string) {
	t.Helper()
	for _, m := range messages {
		if strings.Contains(m, "explanation written to") {
			t.Errorf("%s: the server showed %q besides the client's own display of the file explanation", editor, m)
		}
		head, _, _ := strings.Cut(m, ": ") // "Name: summary", methods as "Type.name"
		for _, fn := range explained {
			if head == fn || strings.HasSuffix(head, "."+fn) {
				t.Errorf("%s: the server showed %q besides the client's own display of %s's explanation", editor, m, fn)
			}
		}
	}
}

// checkLensesAddToDocs asserts that no lens repeats the doc comment of its
// function (the comment lines right above a Go declaration, or the
// docstring right below a Python def): a documented function's lens says
// something else, or "Explain".
func checkLensesAddToDocs(t *testing.T, file string, lenses []lens) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	norm := func(s string) string {
		s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "⟳ "), " …")
		return strings.ToLower(strings.Join(strings.Fields(s), " "))
	}
	for _, l := range lenses {
		doc := norm(docAt(lines, l.Line))
		title := norm(l.Title)
		if doc != "" && title != "" && strings.HasPrefix(doc, title) {
			t.Errorf("%s: lens on line %d repeats its doc comment: %q", file, l.Line+1, l.Title)
		}
	}
}

// docAt returns the doc comment of the declaration on line i: the "//"
// lines above it, or a docstring on the line below.
func docAt(lines []string, i int) string {
	var doc []string
	for j := i - 1; j >= 0 && strings.HasPrefix(strings.TrimSpace(lines[j]), "//"); j-- {
		doc = append([]string{strings.TrimPrefix(strings.TrimSpace(lines[j]), "//")}, doc...)
	}
	if len(doc) == 0 && i+1 < len(lines) {
		if s := strings.TrimSpace(lines[i+1]); strings.HasPrefix(s, `"""`) {
			doc = append(doc, strings.Trim(s, `"`))
		}
	}
	return strings.Join(doc, " ")
}

// TestNeovimShowsOutdatedWhileUpdating runs a model server that holds the
// summary of the edited function until the script has looked (hovers do
// not wait for the model): once the model's summary of a function has
// landed, an edit of the function's body makes the hover and the lens show
// that previous summary marked "⟳ updating" until the new one lands.
func TestNeovimShowsOutdatedWhileUpdating(t *testing.T) {
	ws := newWorkspace(t, "shapes.go")
	const edit = "_ = 0"
	g := startGated(t, edit)
	settings := ws.settings()
	settings["engine"], settings["endpoint"], settings["remoteModel"] = "openai", g.URL, g.Model
	settings["hoverBudgetMs"], settings["backgroundSummaries"] = 0, false
	p := ws.path("shapes.go")
	fns := functions(declarations(t, p))
	spec := nvimSpec{Server: serverBinary(t), Root: ws.dir, Settings: settings,
		Files: []nvimFile{{Path: p, Hovers: fns[:1]}}, Edit: "\t" + edit, Release: g.Release}
	res := runNvim(t, ws, "nvim_outdated.lua", spec)
	f := res.Files[0]
	if len(f.Hovers) != 3 {
		t.Fatalf("recorded %d hovers, want 3: %+v", len(f.Hovers), f.Hovers)
	}
	before, after, landed := f.Hovers[0].Text, f.Hovers[1].Text, f.Hovers[2].Text
	summary := summaryLine(before)
	if !strings.Contains(before, g.Model) || summary == "" {
		t.Fatalf("the model's summary never landed before the edit:\n%s", before)
	}
	if !strings.Contains(after, summary) || !strings.Contains(after, "⟳ updating") {
		t.Errorf("hover right after the edit should show the previous summary marked updating:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	marked := false
	for _, l := range f.Lenses {
		if l.Line == fns[0].Line && strings.HasPrefix(l.Title, "⟳ ") {
			marked = true
		}
	}
	if !marked {
		t.Errorf("no lens on line %d marked outdated after the edit: %+v", fns[0].Line+1, f.Lenses)
	}
	if strings.Contains(landed, "updating") || !strings.Contains(landed, g.Model) || strings.Contains(landed, summary) {
		t.Errorf("the new summary did not land, or is still marked:\n%s", landed)
	}
}

// summaryLine is the summary of a markdown hover: the line after the
// bold name.
func summaryLine(md string) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "**") && i+2 < len(lines) {
			return strings.TrimSpace(lines[i+2])
		}
	}
	return ""
}
