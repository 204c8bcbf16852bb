//go:build e2evscode

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/hub/hubtest"
	"github.com/summarizer-lsp/summarizer-lsp/inference/remote/ollamatest"
)

// depsDir is where the setup scripts put downloaded tools.
func depsDir(t *testing.T) string {
	if testDeps != "" {
		return testDeps
	}
	return filepath.Join(repoRoot(t), ".cache", "deps")
}

func requireFile(t *testing.T, path, fix string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is missing: %s", path, fix)
	}
}

// outDir is where the screenshots go: $SUMMARIZER_E2E_OUT/vscode, else
// out/e2e/vscode in the repository.
func outDir(t *testing.T) string {
	base := os.Getenv("SUMMARIZER_E2E_OUT")
	if base == "" {
		base = filepath.Join(repoRoot(t), "out", "e2e")
	}
	d := filepath.Join(base, "vscode")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

type vscodeResult struct {
	Errors   []string `json:"errors"`
	Status   string   `json:"status"`
	Lenses   []string `json:"lenses"`
	Hover    string   `json:"hover"`
	Overview string   `json:"overview"`
	Tabs     []string `json:"tabs"`
	// The preview tab Explain Function opened, and every notification toast
	// seen in the 3 s after it.
	ExplainFunctionTab string   `json:"explainFunctionTab"`
	Toasts             []string `json:"toastsAfterExplainFunction"`
	ModelReady         string   `json:"modelReady"`
	ModelReadyShown    string   `json:"modelReadyShown"` // "toast" or "notification center"
	ModelErr           *struct {
		Text    string   `json:"text"`
		Buttons []string `json:"buttons"`
	} `json:"modelError"`
	Steps []struct {
		Name       string `json:"name"`
		Screenshot string `json:"screenshot"`
	} `json:"steps"`
}

// codeServer is code-server (VS Code 1.139) with the packaged extension
// installed in a private user-data and extensions directory.
type codeServer struct {
	node, entry          string
	userData, extensions string
	log                  bytes.Buffer
}

var (
	vsixOnce sync.Once
	vsixPath string
	vsixErr  error
)

// packagedExtension builds the .vsix with the built server inside, once
// per test process.
func packagedExtension(t *testing.T, ws workspace) string {
	t.Helper()
	server := serverBinary(t)
	vsixOnce.Do(func() {
		vsixPath = filepath.Join(buildDir, "summarizer-lsp.vsix")
		script := filepath.Join(repoRoot(t), "scripts", "editors", "build-vsix.sh")
		vsixErr = runTool(ws, "bash", script, "--with-server", server, "-o", vsixPath)
	})
	if vsixErr != nil {
		t.Fatal(vsixErr)
	}
	return vsixPath
}

// runTool runs a setup command with a deadline in the workspace's environment.
func runTool(ws workspace, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = ws.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// machineScoped are the extension's machine-overridable settings. A
// code-server window is a remote window: those apply from the remote
// machine's settings (user-data/Machine/settings.json), never from the
// user's, as in any remote window of VS Code.
var machineScoped = []string{"summarizer.serverPath", "summarizer.onnxruntimeLib", "summarizer.modelPath", "summarizer.cacheDir"}

// installCodeServer installs the packaged extension into a fresh code-server
// profile whose settings are the quiet defaults below plus settings, each
// in the user's or the machine's settings file by its scope.
func installCodeServer(t *testing.T, ws workspace, settings map[string]any) *codeServer {
	t.Helper()
	root := repoRoot(t)
	deps := depsDir(t)
	fix := "run scripts/editors/install-code-server.sh"
	tmp := t.TempDir()
	cs := &codeServer{
		node:       filepath.Join(deps, "node24", "bin", "node"),
		entry:      filepath.Join(deps, "code-server", "node_modules", "code-server", "out", "node", "entry.js"),
		userData:   filepath.Join(tmp, "user-data"),
		extensions: filepath.Join(tmp, "extensions"),
	}
	requireFile(t, cs.node, fix)
	requireFile(t, cs.entry, fix)
	requireFile(t, filepath.Join(root, "editors", "e2e", "vscode", "node_modules", "playwright-core"), fix)
	requireTool(t, "chromium")
	vsix := packagedExtension(t, ws)
	if err := runTool(ws, cs.node, cs.entry, "--user-data-dir", cs.userData, "--extensions-dir", cs.extensions, "--install-extension", vsix); err != nil {
		t.Fatal(err)
	}
	all := map[string]any{
		"summarizer.engine":                            "heuristic",
		"summarizer.cacheDir":                          filepath.Join(ws.cache, "summarizer-lsp"),
		"summarizer.offerModelDownload":                false,
		"workbench.startupEditor":                      "none",
		"workbench.tips.enabled":                       false,
		"workbench.enableExperiments":                  false,
		"telemetry.telemetryLevel":                     "off",
		"extensions.autoCheckUpdates":                  false,
		"extensions.ignoreRecommendations":             true,
		"update.mode":                                  "none",
		"editor.hover.delay":                           200,
		"window.commandCenter":                         false,
		"workbench.colorTheme":                         "Default Light Modern",
		"chat.disableAIFeatures":                       true,
		"workbench.secondarySideBar.defaultVisibility": "hidden",
	}
	for k, v := range settings {
		all[k] = v
	}
	machine := map[string]any{}
	for _, k := range machineScoped {
		if v, ok := all[k]; ok {
			machine[k] = v
			delete(all, k)
		}
	}
	for dir, values := range map[string]map[string]any{"User": all, "Machine": machine} {
		if err := os.MkdirAll(filepath.Join(cs.userData, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		writeJSON(t, filepath.Join(cs.userData, dir), "settings.json", values)
	}
	return cs
}

// settings are the settings of code-server's settings file dir ("User" or
// "Machine").
func (cs *codeServer) settings(t *testing.T, dir string) map[string]any {
	t.Helper()
	var settings map[string]any
	readJSON(t, filepath.Join(cs.userData, dir, "settings.json"), &settings, "")
	return settings
}

// start runs code-server on ws.dir with env added to the workspace's
// environment until ctx ends or the test does, and returns its URL once it
// answers.
func (cs *codeServer) start(t *testing.T, ctx context.Context, ws workspace, env []string, args ...string) string {
	t.Helper()
	port := freePort(t)
	args = append([]string{cs.entry, "--auth", "none", "--bind-addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--user-data-dir", cs.userData, "--extensions-dir", cs.extensions,
		"--disable-telemetry", "--disable-update-check"}, args...)
	cmd := exec.CommandContext(ctx, cs.node, append(args, ws.dir)...)
	cmd.Env = append(ws.env(), env...)
	cmd.Stdout, cmd.Stderr = &cs.log, &cs.log
	// code-server forks its own server process: run it in a process group
	// and kill the whole group, or the fork outlives the test.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/healthz", &cs.log)
	return base
}

// drive runs driver.mjs with spec (written to tmp; result goes to
// tmp/result.json) and decodes the result into res. On a failure the test
// logs what the editor side saw: the driver's steps, the extension's output
// channels and code-server's log.
func (cs *codeServer) drive(t *testing.T, ctx context.Context, ws workspace, tmp string, spec map[string]any, res any) {
	t.Helper()
	spec["result"] = filepath.Join(tmp, "result.json")
	specPath := writeJSON(t, tmp, "spec.json", spec)
	driver := exec.CommandContext(ctx, cs.node, filepath.Join(repoRoot(t), "editors", "e2e", "vscode", "driver.mjs"), specPath)
	driver.Env = ws.env()
	driverOut, err := driver.CombinedOutput()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("driver output:\n%s", driverOut)
			logExtensionChannels(t, filepath.Join(cs.userData, "logs"))
			t.Logf("code-server log:\n%s", cs.log.String())
		}
	})
	if err != nil {
		t.Fatalf("driver: %v", err)
	}
	readJSON(t, spec["result"].(string), res, string(driverOut))
}

// TestVSCode packages the extension with the built server inside, installs
// the .vsix into code-server (VS Code 1.139) and drives it from headless
// Chromium: lenses above each function, none repeating its function's doc
// comment, a hover with the summary, "Summarizer: Explain File" opening the
// overview in one preview and "Summarizer: Explain Function" opening its
// preview with no notification repeating it, with a screenshot of each.
func TestVSCode(t *testing.T) {
	ws := newWorkspace(t, "shapes.go")
	tmp := t.TempDir()
	// A model directory that does not exist: the built-in engine ignores it,
	// until the driver switches the engine to onnx.
	cs := installCodeServer(t, ws, map[string]any{
		"security.workspace.trust.enabled": false,
		"summarizer.modelPath":             filepath.Join(tmp, "no-such-model"),
	})
	settings := cs.settings(t, "User")
	broken := map[string]any{}
	for k, v := range settings {
		broken[k] = v
	}
	broken["summarizer.engine"] = "onnx"

	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	// The extension's model download goes to a fake hub serving a fixture model.
	fakeHub := hubtest.New(t)
	const modelName = "onnx-community/Qwen2.5-Coder-0.5B-Instruct"
	fakeHub.Repos[modelName] = hubtest.Model()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("fake hub downloads: %+v", fakeHub.Served())
		}
	})
	base := cs.start(t, ctx, ws, []string{"HF_ENDPOINT=" + fakeHub.URL}, "--disable-workspace-trust")

	out := outDir(t)
	shots := []string{"lenses", "hover", "explain-file", "explain-function", "model-error", "model-pull"}
	for _, name := range shots {
		os.Remove(filepath.Join(out, name+".png")) // never judge a previous run's screenshot
	}
	decls := declarations(t, ws.path("shapes.go"))
	fns := functions(decls)
	var names []string
	for _, f := range fns {
		names = append(names, f.Name)
	}
	spec := map[string]any{
		"url":       base + "/?folder=" + ws.dir,
		"file":      "shapes.go",
		"hover":     "CircleArea",
		"functions": names,
		"outDir":    out,
		// After the checks above, the driver saves these settings in the
		// settings editor: a model that cannot load.
		"brokenSettings": broken,
		"pullModel":      true,
	}
	var res vscodeResult
	cs.drive(t, ctx, ws, tmp, spec, &res)
	for _, e := range res.Errors {
		t.Errorf("vscode: %s", e)
	}

	if !strings.Contains(res.Status, "heuristic") {
		t.Errorf("status bar shows %q, want the engine (heuristic)", res.Status)
	}
	if len(res.Lenses) < len(fns) {
		t.Errorf("%d code lenses visible, want one per function (%d): %q", len(res.Lenses), len(fns), res.Lenses)
	}
	for _, l := range res.Lenses {
		if strings.TrimSpace(l) == "" {
			t.Errorf("an empty code lens among %q", res.Lenses)
		}
	}
	checkNoLensRepeatsDoc(t, ws.path("shapes.go"), decls, res.Lenses)
	checkHover(t, "shapes.go", "CircleArea", res.Hover)
	for _, f := range names {
		if !strings.Contains(res.Overview, f) {
			t.Errorf("overview does not mention %s:\n%s", f, res.Overview)
		}
	}
	previews := 0
	for _, tab := range res.Tabs {
		if strings.HasPrefix(tab, "Preview") {
			previews++
		}
	}
	if previews != 1 {
		t.Errorf("explain file opened %d previews, want 1; tabs: %q", previews, res.Tabs)
	}
	// The extension shows the markdown explainFile returns; the server opens
	// no file of its own (the extension sends clientDisplaysResults).
	for _, tab := range res.Tabs {
		if strings.Contains(tab, ".md") && !strings.Contains(tab, "Overview of shapes.go") {
			t.Errorf("explain file opened %q besides the extension's preview; tabs: %q", tab, res.Tabs)
		}
	}
	if !slices.ContainsFunc(res.Tabs, func(tab string) bool { return strings.Contains(tab, "Overview of shapes.go") }) {
		t.Errorf("no \"Overview of shapes.go\" preview among the tabs %q", res.Tabs)
	}
	if !strings.HasPrefix(res.ExplainFunctionTab, "Preview") {
		t.Errorf("explain function opened the tab %q, want its preview", res.ExplainFunctionTab)
	}
	for _, toast := range res.Toasts {
		if strings.Contains(toast, "CircleArea: ") || strings.Contains(toast, "explanation written to") {
			t.Errorf("explain function also showed the notification %q besides its preview", toast)
		}
	}
	if me := res.ModelErr; me == nil {
		t.Error("no model-failed notification")
	} else if !strings.Contains(me.Text, "model failed to load") || !slices.Contains(me.Buttons, "Download a Model") ||
		!slices.Contains(me.Buttons, "Use Built-in Engine") {
		t.Errorf("model-failed notification %q with buttons %q, want the server's message and the fixes", me.Text, me.Buttons)
	}
	// VS Code's toast spam protection may keep it in the notification center.
	t.Logf("the model download notice was found in the %s", res.ModelReadyShown)
	checkPulledModel(t, cs,
		filepath.Join(ws.cache, "summarizer-lsp", "models", "onnx-community--Qwen2.5-Coder-0.5B-Instruct"), res.ModelReady)
	for _, want := range shots {
		checkScreenshot(t, filepath.Join(out, want+".png"))
	}
}

// checkPulledModel asserts the extension's download put the q4 model in
// dir and set summarizer.modelPath (a machine setting) and modelVariant (a
// user setting) to it.
func checkPulledModel(t *testing.T, cs *codeServer, dir, notice string) {
	t.Helper()
	if !strings.Contains(notice, dir) {
		t.Errorf("download notice %q does not name %s", notice, dir)
	}
	for _, f := range []string{"config.json", "tokenizer.json", "onnx/model_q4.onnx", "onnx/model_q4.onnx_data"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("pulled model: %v", err)
		}
	}
	path, variant := cs.settings(t, "Machine")["summarizer.modelPath"], cs.settings(t, "User")["summarizer.modelVariant"]
	if path != dir || variant != "q4" {
		t.Errorf("settings after the download: modelPath %v, modelVariant %v; want %s, q4", path, variant, dir)
	}
}

// logExtensionChannels logs the Summarizer extension's output channels,
// which code-server writes under logs/<session>/exthost*/<extension id>/.
func logExtensionChannels(t *testing.T, logs string) {
	t.Helper()
	found := false
	filepath.WalkDir(logs, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(path, "summarizer-lsp.summarizer-lsp") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Logf("%s: %v", path, err)
			return nil
		}
		found = true
		t.Logf("extension log %s:\n%s", path, data)
		return nil
	})
	if !found {
		t.Logf("no Summarizer output channel log under %s", logs)
	}
}

func waitHTTP(t *testing.T, url string, log *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("code-server did not answer %s; log:\n%s", url, log.String())
}

// checkScreenshot asserts path is a PNG written by this run.
func checkScreenshot(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || len(data) < 10_000 {
		t.Errorf("%s is not a real screenshot (%d bytes)", path, len(data))
	}
}

// checkNoLensRepeatsDoc asserts no lens says what the doc comment of any
// function in file already says (checkLensesAddToDocs, without the lens
// lines, which VS Code's DOM does not give): the fixture documents every
// function, so each lens must add information or just offer "Explain".
func checkNoLensRepeatsDoc(t *testing.T, file string, ds []decl, lenses []string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	documented := 0
	for _, d := range ds {
		doc := docAt(lines, d.Line)
		if doc == "" {
			continue
		}
		documented++
		byLine := make([]lens, len(lenses))
		for i, title := range lenses {
			byLine[i] = lens{Line: d.Line, Title: strings.TrimSuffix(title, "…")}
		}
		checkLensesAddToDocs(t, file, byLine)
	}
	if documented == 0 {
		t.Fatalf("%s: no documented declarations to compare the lenses with", file)
	}
}

type trustResult struct {
	Errors            []string `json:"errors"`
	IgnoredWarning    string   `json:"ignoredWarning"`
	UntrustedLenses   []string `json:"untrustedLenses"`
	MarkerBeforeTrust bool     `json:"markerBeforeTrust"`
	MarkerAfterTrust  bool     `json:"markerAfterTrust"`
	KeyReachedServer  bool     `json:"keyReachedServer"`
}

// TestVSCodeWorkspaceTrust opens, with workspace trust on, a folder whose
// .vscode/settings.json points summarizer.serverPath at a script of its own
// (it records each start in a marker file, then runs the real server). In
// Restricted Mode the extension runs the user's server instead: lenses
// appear, the marker does not, and a warning names the ignored setting and
// says why. Trusting the folder from that warning applies the setting (the
// marker appears). Then "Summarizer: Set API Key" stores a key: the server
// restarts with it in $SUMMARIZER_API_KEY, and the key is in no settings
// file and no log.
func TestVSCodeWorkspaceTrust(t *testing.T) {
	ws := newWorkspace(t, "shapes.go")
	tmp := t.TempDir()
	marker := filepath.Join(tmp, "folder-server-ran")
	script := filepath.Join(ws.dir, "tools", "server.sh")
	const apiKey = "sk-e2e-4f1d2b9c"
	if err := os.MkdirAll(filepath.Dir(script), 0o755); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf("#!/bin/sh\necho \"started key=${SUMMARIZER_API_KEY:-none}\" >> %q\nexec %q \"$@\"\n", marker, serverBinary(t))
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	folderSettings := filepath.Join(ws.dir, ".vscode")
	if err := os.MkdirAll(folderSettings, 0o755); err != nil {
		t.Fatal(err)
	}
	// JSON with a comment and a trailing comma, as people write it.
	if err := os.WriteFile(filepath.Join(folderSettings, "settings.json"),
		[]byte(fmt.Sprintf("{\n  // the project's own build\n  \"summarizer.serverPath\": %q,\n}\n", script)), 0o644); err != nil {
		t.Fatal(err)
	}
	cs := installCodeServer(t, ws, map[string]any{"security.workspace.trust.startupPrompt": "never"})
	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	base := cs.start(t, ctx, ws, nil)
	out := outDir(t)
	for _, name := range []string{"untrusted", "trusted"} {
		os.Remove(filepath.Join(out, name+".png"))
	}
	var names []string
	for _, f := range functions(declarations(t, ws.path("shapes.go"))) {
		names = append(names, f.Name)
	}
	var res trustResult
	cs.drive(t, ctx, ws, tmp, map[string]any{
		"url": base + "/?folder=" + ws.dir, "file": "shapes.go", "functions": names, "outDir": out,
		"trust": true, "marker": marker, "apiKey": apiKey,
	}, &res)
	for _, e := range res.Errors {
		t.Errorf("vscode: %s", e)
	}
	if !strings.Contains(res.IgnoredWarning, "summarizer.serverPath") || !strings.Contains(res.IgnoredWarning, "not trusted") {
		t.Errorf("warning %q, want it to name summarizer.serverPath and say the folder is not trusted", res.IgnoredWarning)
	}
	if len(res.UntrustedLenses) < len(names) {
		t.Errorf("in Restricted Mode %d lenses, want %d from the user's server: %q", len(res.UntrustedLenses), len(names), res.UntrustedLenses)
	}
	if res.MarkerBeforeTrust {
		t.Error("the folder's serverPath ran before the folder was trusted")
	}
	if !res.MarkerAfterTrust {
		t.Error("trusting the folder did not apply its serverPath")
	}
	if !res.KeyReachedServer {
		t.Error("after Set API Key the server did not get the key in $SUMMARIZER_API_KEY")
	}
	checkKeyNowhere(t, apiKey, filepath.Join(cs.userData, "User"), filepath.Join(cs.userData, "Machine"),
		filepath.Join(folderSettings, "settings.json"), filepath.Join(cs.userData, "logs"))
	for _, name := range []string{"untrusted", "trusted"} {
		checkScreenshot(t, filepath.Join(out, name+".png"))
	}
}

// checkKeyNowhere asserts that no file at or under paths contains key.
func checkKeyNowhere(t *testing.T, key string, paths ...string) {
	t.Helper()
	for _, p := range paths {
		filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if data, err := os.ReadFile(path); err == nil && bytes.Contains(data, []byte(key)) {
				t.Errorf("%s contains the API key", path)
			}
			return nil
		})
	}
}

// TestVSCodeWithOllama runs VS Code against a real `ollama serve` (the
// tiny random-weight model): the status bar names the Ollama engine and
// the hover shows the model's summary, not the built-in one.
func TestVSCodeWithOllama(t *testing.T) {
	srv := ollamatest.Start(t, ollamatest.Options{Deps: testDeps})
	ws := newWorkspace(t, "shapes.go")
	tmp := t.TempDir()
	cs := installCodeServer(t, ws, map[string]any{
		"security.workspace.trust.enabled": false,
		"summarizer.engine":                "ollama",
		"summarizer.endpoint":              srv.URL,
		"summarizer.remoteModel":           ollamatest.Model,
		"summarizer.maxNewTokens":          8,
		"summarizer.hoverBudgetMs":         60000,
		"summarizer.backgroundSummaries":   false,
	})
	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	base := cs.start(t, ctx, ws, nil, "--disable-workspace-trust")
	var names []string
	for _, f := range functions(declarations(t, ws.path("shapes.go"))) {
		names = append(names, f.Name)
	}
	spec := map[string]any{
		"url":       base + "/?folder=" + ws.dir,
		"file":      "shapes.go",
		"hover":     "CircleArea",
		"functions": names,
		"outDir":    t.TempDir(),
	}
	var res vscodeResult
	cs.drive(t, ctx, ws, tmp, spec, &res)
	for _, e := range res.Errors {
		t.Errorf("vscode: %s", e)
	}
	if !strings.Contains(res.Status, "ollama") {
		t.Errorf("status bar shows %q, want the Ollama engine named", res.Status)
	}
	if !strings.Contains(res.Hover, "ollama:"+ollamatest.Model) || strings.Contains(res.Hover, "pending") {
		t.Errorf("the hover should show the Ollama model's summary:\n%s\nserver log:\n%s", res.Hover, srv.Log())
	}
}
