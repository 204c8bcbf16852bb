package lsp_test

import (
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// TestParseTimeLimitIsToldOnce: a file whose parse runs out of its time
// limit falls back to line windows, and the client is told so once, in a
// window/showMessage naming the file, however many requests chunk it.
func TestParseTimeLimitIsToldOnce(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{ParseTimeout: time.Microsecond})
	u := env.Open("big.go", "go", goFile(20_000))
	for i := range 3 {
		md, err := env.Hover(u, lsptest.Pos(8, 6))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(md, "window") {
			t.Fatalf("hover %d of a file that could not be parsed in time is not of a line window:\n%s", i, md)
		}
		env.Change(u, lsptest.Edit{Start: lsptest.Pos(0, 0), End: lsptest.Pos(0, 0), Text: "// edited\n"})
	}
	if _, err := env.CodeLenses(u); err != nil {
		t.Fatal(err)
	}
	var told []string
	for _, m := range env.Client.Received(protocol.MethodWindowShowMessage) {
		if strings.Contains(string(m.Params), "line windows") {
			told = append(told, string(m.Params))
		}
	}
	if len(told) != 1 || !strings.Contains(told[0], "big.go") || !strings.Contains(told[0], "time limit") {
		t.Fatalf("want one message naming big.go and the time limit, got %d: %q", len(told), told)
	}
}
