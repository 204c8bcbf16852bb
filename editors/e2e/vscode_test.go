//go:build e2evscode

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp/hub/hubtest"
)

// depsDir is where the setup scripts put downloaded tools.
func depsDir(t *testing.T) string {
	if d := os.Getenv("SUMMARIZER_DEPS"); d != "" {
		return d
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

// TestVSCode packages the extension with the built server inside, installs
// the .vsix into code-server (VS Code 1.139) and drives it from headless
// Chromium: lenses above each function, a hover with the summary,
// "Summarizer: Explain File" opening the overview in one preview and
// "Summarizer: Explain Function" opening its preview with no notification
// repeating it, with a screenshot of each.
func TestVSCode(t *testing.T) {
	root := repoRoot(t)
	deps := depsDir(t)
	fix := "run scripts/editors/install-code-server.sh"
	node := filepath.Join(deps, "node24", "bin", "node")
	entry := filepath.Join(deps, "code-server", "node_modules", "code-server", "out", "node", "entry.js")
	requireFile(t, node, fix)
	requireFile(t, entry, fix)
	requireFile(t, filepath.Join(root, "editors", "e2e", "vscode", "node_modules", "playwright-core"), fix)
	requireTool(t, "chromium")

	ws := newWorkspace(t, "shapes.go")
	server := serverBinary(t)
	tmp := t.TempDir()
	vsix := filepath.Join(tmp, "summarizer-lsp.vsix")
	run := func(name string, args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Env = ws.env()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
	}
	run("bash", filepath.Join(root, "scripts", "editors", "build-vsix.sh"), "--with-server", server, "-o", vsix)

	userData := filepath.Join(tmp, "user-data")
	extensions := filepath.Join(tmp, "extensions")
	run(node, entry, "--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", vsix)
	settings := map[string]any{
		"summarizer.engine":                            "heuristic",
		"summarizer.cacheDir":                          filepath.Join(ws.cache, "summarizer-lsp"),
		"summarizer.offerModelDownload":                false,
		"security.workspace.trust.enabled":             false,
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
	if err := os.MkdirAll(filepath.Join(userData, "User"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeJSON(t, filepath.Join(userData, "User"), "settings.json", settings)
	broken := map[string]any{}
	for k, v := range settings {
		broken[k] = v
	}
	broken["summarizer.engine"] = "onnx"
	broken["summarizer.modelPath"] = filepath.Join(tmp, "no-such-model")

	port := freePort(t)
	ctx, cancel := context.WithTimeout(context.Background(), editorTimeout)
	defer cancel()
	cs := exec.CommandContext(ctx, node, entry, "--auth", "none", "--bind-addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--user-data-dir", userData, "--extensions-dir", extensions,
		"--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", ws.dir)
	// The extension's model download goes to a fake hub serving a fixture model.
	fakeHub := hubtest.New(t)
	const modelName = "onnx-community/Qwen2.5-Coder-0.5B-Instruct"
	fakeHub.Repos[modelName] = hubtest.Model()
	cs.Env = append(ws.env(), "HF_ENDPOINT="+fakeHub.URL)
	var csLog bytes.Buffer
	cs.Stdout, cs.Stderr = &csLog, &csLog
	// code-server forks its own server process: run it in a process group
	// and kill the whole group, or the fork outlives the test.
	cs.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cs.Cancel = func() error { return syscall.Kill(-cs.Process.Pid, syscall.SIGKILL) }
	if err := cs.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		syscall.Kill(-cs.Process.Pid, syscall.SIGKILL)
		cs.Wait()
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitHTTP(t, base+"/healthz", &csLog)

	out := outDir(t)
	shots := []string{"lenses", "hover", "explain-file", "explain-function", "model-error", "model-pull"}
	for _, name := range shots {
		os.Remove(filepath.Join(out, name+".png")) // never judge a previous run's screenshot
	}
	fns := functions(declarations(t, ws.path("shapes.go")))
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
		"result":    filepath.Join(tmp, "result.json"),
		// After the checks above, the driver saves these settings in the
		// settings editor: a model that cannot load.
		"brokenSettings": broken,
		"pullModel":      true,
	}
	specPath := writeJSON(t, tmp, "spec.json", spec)
	driver := exec.CommandContext(ctx, node, filepath.Join(root, "editors", "e2e", "vscode", "driver.mjs"), specPath)
	driver.Env = ws.env()
	driverOut, err := driver.CombinedOutput()
	// On any failure, show what the editor side saw: the driver's steps, the
	// extension's output channels (its log of the model download included),
	// code-server's log and the fake hub's requests.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("driver output:\n%s", driverOut)
			logExtensionChannels(t, filepath.Join(userData, "logs"))
			t.Logf("code-server log:\n%s", csLog.String())
			t.Logf("fake hub downloads: %+v", fakeHub.Served())
		}
	})
	if err != nil {
		t.Fatalf("driver: %v", err)
	}
	var res vscodeResult
	readJSON(t, filepath.Join(tmp, "result.json"), &res, string(driverOut))
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
	if res.ModelReadyShown == "toast" {
		t.Logf("the model download notice was found in the %s", res.ModelReadyShown)
	} else {
		// VS Code's toast spam protection kept it in the notification center:
		// show which notifications came in the same burst.
		t.Logf("the model download notice was found in the %s; driver output:\n%s", res.ModelReadyShown, driverOut)
	}
	checkPulledModel(t, filepath.Join(userData, "User", "settings.json"),
		filepath.Join(ws.cache, "summarizer-lsp", "models", "onnx-community--Qwen2.5-Coder-0.5B-Instruct"), res.ModelReady)
	for _, want := range shots {
		checkScreenshot(t, filepath.Join(out, want+".png"))
	}
}

// checkPulledModel asserts the extension's download put the q4 model in
// dir and set summarizer.modelPath and modelVariant to it.
func checkPulledModel(t *testing.T, settingsFile, dir, notice string) {
	t.Helper()
	if !strings.Contains(notice, dir) {
		t.Errorf("download notice %q does not name %s", notice, dir)
	}
	for _, f := range []string{"config.json", "tokenizer.json", "onnx/model_q4.onnx", "onnx/model_q4.onnx_data"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("pulled model: %v", err)
		}
	}
	data, err := os.ReadFile(settingsFile)
	if err != nil {
		t.Fatal(err)
	}
	var settings map[string]any
	if err := json.Unmarshal(data, &settings); err != nil {
		t.Fatalf("settings.json after the download: %v\n%s", err, data)
	}
	if settings["summarizer.modelPath"] != dir || settings["summarizer.modelVariant"] != "q4" {
		t.Errorf("settings after the download: modelPath %v, modelVariant %v; want %s, q4",
			settings["summarizer.modelPath"], settings["summarizer.modelVariant"], dir)
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
