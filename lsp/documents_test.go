package lsp_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

// numberedFile is a Go file of about lines lines whose first function is
// named F0000, on line 2, the name starting at character 5.
func numberedFile(lines int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nfunc F0000(n int) int { return n }\n\n")
	b.WriteString(goFile(lines)[len("package gen\n"):])
	return b.String()
}

// TestHoversDuringEditBurst sends 1,000 edits of a 10,000-line file with a
// hover after every 20th, all without waiting for answers, the way an
// editor pipelines them: every hover is answered, for the version it was
// sent against (each edit renames the hovered function).
func TestHoversDuringEditBurst(t *testing.T) {
	c, _ := startRaw(t)
	frames := make(chan string, 1024)
	go func() {
		for {
			body, err := c.readFrame()
			if err != nil {
				close(frames)
				return
			}
			frames <- body
		}
	}()
	c.send(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	open, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
		"textDocument": map[string]any{"uri": "file:///burst.go", "languageId": "go", "version": 1, "text": numberedFile(10_000)}}})
	c.send(t, string(open))
	want := map[int]string{}
	for i := 1; i <= 1000; i++ {
		c.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///burst.go","version":%d},`+
			`"contentChanges":[{"range":{"start":{"line":2,"character":6},"end":{"line":2,"character":10}},"text":"%04d"}]}}`, i+1, i))
		if i%20 == 0 {
			id := 100 + i
			want[id] = fmt.Sprintf("F%04d", i)
			c.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///burst.go"},"position":{"line":2,"character":6}}}`, id))
		}
	}
	deadline := time.After(60 * time.Second)
	for len(want) > 0 {
		select {
		case body, ok := <-frames:
			if !ok {
				t.Fatal("connection closed")
			}
			var resp struct {
				ID     int             `json:"id"`
				Result json.RawMessage `json:"result"`
				Error  json.RawMessage `json:"error"`
			}
			if json.Unmarshal([]byte(body), &resp) != nil || want[resp.ID] == "" {
				continue
			}
			if !strings.Contains(string(resp.Result), `"value":"`+want[resp.ID]+": ") {
				t.Fatalf("hover %d sent after the rename to %s answered %s %s", resp.ID, want[resp.ID], resp.Result, resp.Error)
			}
			delete(want, resp.ID)
		case <-deadline:
			t.Fatalf("%d hovers never answered", len(want))
		}
	}
}

// TestOutOfRangeEditsKeepTheText sends changes whose ranges hold numbers
// that cannot be positions: the protocol library would decode them as
// whole-document changes. The text stays as it was.
func TestOutOfRangeEditsKeepTheText(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	u := env.Open("shapes.go", "go", goSource)
	for _, bad := range []string{
		`{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}}`,
		`{"start":{"line":0,"character":-5},"end":{"line":0,"character":0}}`,
		`{"start":{"line":0,"character":0},"end":{"line":4294967296,"character":0}}`,
		`{"start":{"line":1.5,"character":0},"end":{"line":2,"character":0}}`,
	} {
		env.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
			"textDocument":   map[string]any{"uri": u, "version": 7},
			"contentChanges": []any{map[string]any{"range": json.RawMessage(bad), "text": "WIPED"}},
		})
		md, err := env.Hover(u, lsptest.Pos(5, 6))
		if err != nil || !strings.Contains(md, "Area") {
			t.Fatalf("after a change with range %s the text is gone: hover = %q, %v", bad, md, err)
		}
	}
	// Positions past a line's end or past the last line clamp, as the
	// protocol asks: appending at line 4294967295 adds to the end.
	env.Notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument": map[string]any{"uri": u, "version": 8},
		"contentChanges": []any{map[string]any{
			"range": json.RawMessage(`{"start":{"line":4294967295,"character":0},"end":{"line":4294967295,"character":0}}`),
			"text":  "\nfunc Tail() {}\n",
		}},
	})
	lenses, err := env.CodeLenses(u)
	if err != nil || len(lenses) != 3 {
		t.Fatalf("after a clamped append: %d lenses (%v), want 3", len(lenses), err)
	}
}

// TestSmallFileDoesNotWaitForABigOne: the first request on a big document
// chunks it off the read loop, so a hover on another, small document sent
// after it is answered first.
func TestSmallFileDoesNotWaitForABigOne(t *testing.T) {
	env := lsptest.New(t, lsptest.Options{})
	big := env.Open("big.go", "go", goFile(60_000))
	small := env.Open("small.go", "go", goSource)
	order := make(chan string, 2)
	go func() {
		if _, err := env.Hover(big, lsptest.Pos(10, 6)); err != nil {
			t.Error(err)
		}
		order <- "big"
	}()
	// The big hover's request is on the wire first: wait until the server
	// has it (its prepare step ran) before sending the small one.
	time.Sleep(5 * time.Millisecond)
	if md, err := env.Hover(small, lsptest.Pos(5, 6)); err != nil || md == "" {
		t.Fatalf("small hover = %q, %v", md, err)
	}
	order <- "small"
	if first := <-order; first != "small" {
		t.Fatalf("the small document's hover waited for the big one's chunking")
	}
	<-order
}
