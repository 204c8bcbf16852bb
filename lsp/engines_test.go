package lsp_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// tenFunctions is a Go file with functions F0…F9 on lines 2, 4, …, 20.
func tenFunctions() string {
	var b strings.Builder
	b.WriteString("package p\n\n")
	for i := range 10 {
		fmt.Fprintf(&b, "func F%d() {}\n\n", i)
	}
	return b.String()
}

// TestConfigurationChangeDuringSummaries changes the engine settings while
// ten model summaries run (the model never answers them): a hover right
// after the change is answered at once by the new engines, and the ten
// requests do not fail because the settings changed.
func TestConfigurationChangeDuringSummaries(t *testing.T) {
	m := newFakeModel()
	env := modelEnv(t, m, func(c *service.Config) { c.HoverBudgetMs = 0 })
	u := env.Open("ten.go", "go", tenFunctions())
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- env.Execute(lsp.CommandExplainFunction, nil, u, lsptest.Pos(uint32(2+2*i), 5))
		}()
	}
	for range 10 {
		<-m.started
	}
	mark := env.Client.Mark()
	env.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"temperature": 0.7}})
	md, err := env.Hover(u, lsptest.Pos(2, 5))
	if err != nil || !strings.Contains(md, "F0") {
		t.Fatalf("hover during the change = %q, %v", md, err)
	}
	env.Client.WaitSince(t, mark, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using fake-model")
	}, 30*time.Second)
	close(m.gate) // the ten requests, moved to the new engines, finish now
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a summary running during the change failed: %v", err)
		}
	}
}

// TestHoversDuringConfigurationChanges interleaves 100 configuration
// changes with 300 hovers, with a model whose scheduler each change
// replaces: none fails because the engines changed under it.
func TestHoversDuringConfigurationChanges(t *testing.T) {
	m := newFakeModel()
	close(m.gate)
	env := modelEnv(t, m, nil)
	u := env.Open("shapes.go", "go", goSource)
	var wg sync.WaitGroup
	errs := make(chan error, 300)
	for i := range 300 {
		if i%3 == 0 {
			env.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{
				"settings": map[string]any{"slots": 1 + i%7, "temperature": float64(i%10) / 10},
			})
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			md, err := env.Hover(u, lsptest.Pos(5, 6))
			if err == nil && !strings.Contains(md, "`Area`") {
				err = fmt.Errorf("hover = %q", md)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a hover failed during configuration changes: %v", err)
		}
	}
}

// TestCacheSettingsNeedARestart: cache settings sent in a configuration
// change are not applied silently: the user is told they take effect after
// a restart.
func TestCacheSettingsNeedARestart(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	env.Notify(protocol.MethodWorkspaceDidChangeConfiguration, map[string]any{"settings": map[string]any{"cacheDir": t.TempDir()}})
	env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "cache settings take effect when the server restarts")
	}, 30*time.Second)
}
