package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// helixLanguage is what the test knows of a Helix language: its name in
// Helix, the languageId Helix sends by default (its language-id key, else the
// name), and its default language servers (Helix 25.07 languages.toml).
type helixLanguage struct {
	name       string
	defaultID  string
	defaultLSP []string
}

// helixLanguages maps every languageId summarizer-lsp supports to Helix.
var helixLanguages = map[string]helixLanguage{
	"go":              {"go", "go", []string{"gopls", "golangci-lint-lsp"}},
	"python":          {"python", "python", []string{"ty", "ruff", "jedi", "pylsp", "zuban"}},
	"javascript":      {"javascript", "javascript", []string{"typescript-language-server"}},
	"typescript":      {"typescript", "typescript", []string{"typescript-language-server"}},
	"typescriptreact": {"tsx", "typescriptreact", []string{"typescript-language-server"}},
	"rust":            {"rust", "rust", []string{"rust-analyzer"}},
	"java":            {"java", "java", []string{"jdtls"}},
	"c":               {"c", "c", []string{"clangd"}},
	"cpp":             {"cpp", "cpp", []string{"clangd"}},
	"csharp":          {"c-sharp", "c-sharp", []string{"roslyn-language-server", "omnisharp", "csharp-ls"}},
	"ruby":            {"ruby", "ruby", []string{"ruby-lsp", "solargraph"}},
	"php":             {"php", "php", []string{"intelephense"}},
}

type helixConfig struct {
	LanguageServer map[string]struct {
		Command string         `toml:"command"`
		Args    []string       `toml:"args"`
		Config  map[string]any `toml:"config"`
	} `toml:"language-server"`
	Language []struct {
		Name            string `toml:"name"`
		LanguageID      string `toml:"language-id"`
		LanguageServers []any  `toml:"language-servers"` // a name, or {name = ...}
	} `toml:"language"`
}

func serverNames(entries []any) []string {
	var out []string
	for _, e := range entries {
		switch v := e.(type) {
		case string:
			out = append(out, v)
		case map[string]any:
			if n, ok := v["name"].(string); ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestHelixLanguagesToml checks editors/helix/languages.toml: it defines the
// summarizer-lsp server with a command that really starts the server, and
// every supported language lists it next to Helix's own default servers and
// sends a languageId the server knows.
func TestHelixLanguagesToml(t *testing.T) {
	var cfg helixConfig
	path := filepath.Join(repoRoot(t), "editors", "helix", "languages.toml")
	md, err := toml.DecodeFile(path, &cfg)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	if extra := md.Undecoded(); len(extra) > 0 {
		t.Errorf("%s: keys this test does not know (typo?): %v", path, extra)
	}
	ls, ok := cfg.LanguageServer["summarizer-lsp"]
	if !ok {
		t.Fatalf("%s: no [language-server.summarizer-lsp]", path)
	}
	if ls.Command != "summarizer-lsp" {
		t.Errorf("command = %q, want summarizer-lsp (the installed binary's name)", ls.Command)
	}

	byName := map[string]int{}
	for i, l := range cfg.Language {
		if _, dup := byName[l.Name]; dup {
			t.Errorf("language %q is listed twice", l.Name)
		}
		byName[l.Name] = i
	}
	for id, hl := range helixLanguages {
		i, ok := byName[hl.name]
		if !ok {
			t.Errorf("no [[language]] for %s (Helix name %q)", id, hl.name)
			continue
		}
		l := cfg.Language[i]
		sent := hl.defaultID
		if l.LanguageID != "" {
			sent = l.LanguageID
		}
		if sent != id {
			t.Errorf("Helix would send languageId %q for %s, want %q (set language-id)", sent, hl.name, id)
		}
		names := serverNames(l.LanguageServers)
		if !slices.Contains(names, "summarizer-lsp") {
			t.Errorf("%s: language-servers %v lacks summarizer-lsp", hl.name, names)
		}
		for _, d := range hl.defaultLSP {
			if !slices.Contains(names, d) {
				t.Errorf("%s: language-servers %v drops Helix's default %s", hl.name, names, d)
			}
		}
	}

	// The command line, as Helix would run it, serves LSP with the features
	// Helix users reach summaries through: hover and code actions.
	bin := serverBinary(t)
	caps := initialize(t, bin, ls.Args, ls.Config)
	for _, p := range []string{"hoverProvider", "codeActionProvider", "executeCommandProvider"} {
		if v, ok := caps[p]; !ok || v == nil || v == false {
			t.Errorf("server started as %s %v does not offer %s: %v", ls.Command, ls.Args, p, caps)
		}
	}
}

// initialize starts bin with args, sends an LSP initialize request with
// options as initializationOptions, and returns the server capabilities.
func initialize(t *testing.T, bin string, args []string, options map[string]any) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		if err := cmd.Wait(); err != nil && ctx.Err() == nil {
			t.Logf("server exit: %v", err)
		}
	}()
	opts := map[string]any{}
	for k, v := range options {
		opts[k] = v
	}
	opts["cacheDir"] = filepath.Join(t.TempDir(), "cache")
	send := func(msg map[string]any) {
		data, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Fprintf(stdin, "Content-Length: %d\r\n\r\n%s", len(data), data); err != nil {
			t.Fatalf("write to server: %v; stderr:\n%s", err, stderr.String())
		}
	}
	send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"processId": nil, "rootUri": nil, "capabilities": map[string]any{}, "initializationOptions": opts,
	}})
	r := bufio.NewReader(stdout)
	for {
		msg, err := readMessage(r)
		if err != nil {
			t.Fatalf("read from server: %v; stderr:\n%s", err, stderr.String())
		}
		var resp struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Error  json.RawMessage `json:"error"`
			Result struct {
				Capabilities map[string]any `json:"capabilities"`
			} `json:"result"`
		}
		if err := json.Unmarshal(msg, &resp); err != nil {
			t.Fatalf("bad message %s: %v", msg, err)
		}
		if resp.Method != "" || string(resp.ID) != "1" {
			continue // a notification or a server request
		}
		if len(resp.Error) > 0 && string(resp.Error) != "null" {
			t.Fatalf("initialize failed: %s", resp.Error)
		}
		send(map[string]any{"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
		send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
		return resp.Result.Capabilities
	}
}

// readMessage reads one Content-Length framed JSON-RPC message.
func readMessage(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if length, err = strconv.Atoi(v); err != nil {
				return nil, fmt.Errorf("bad header %q: %w", line, err)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("message without Content-Length")
	}
	buf := make([]byte, length)
	_, err := io.ReadFull(r, buf)
	return buf, err
}
