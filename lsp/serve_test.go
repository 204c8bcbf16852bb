package lsp_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
)

// rawClient writes LSP frames by hand, to send what no library would.
type rawClient struct {
	conn net.Conn
	r    *bufio.Reader
}

func (c *rawClient) send(t *testing.T, body string) {
	t.Helper()
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(c.conn, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// readFrame returns the next frame's body, with no deadline.
func (c *rawClient) readFrame() (string, error) {
	hdr, err := textproto.NewReader(c.r).ReadMIMEHeader()
	if err != nil {
		return "", err
	}
	n, err := strconv.Atoi(hdr.Get("Content-Length"))
	if err != nil {
		return "", fmt.Errorf("bad Content-Length %q", hdr.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return "", err
	}
	return string(body), nil
}

// read returns the next frame's body.
func (c *rawClient) read(t *testing.T) string {
	t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	body, err := c.readFrame()
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return body
}

// readResponse skips notifications until the response with id arrives.
func (c *rawClient) readResponse(t *testing.T, id int) string {
	t.Helper()
	for {
		body := c.read(t)
		if strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
			return body
		}
	}
}

func startRaw(t *testing.T) (*rawClient, chan error) {
	t.Helper()
	srv := lsp.New(lsp.Options{
		Config:    service.DefaultConfig(),
		Builtin:   func(service.Config) inference.Engine { return heuristic.New() },
		OpenStore: func(service.Config, *slog.Logger) (lsp.Store, error) { return cache.OpenMemory(0), nil },
	})
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), a) }()
	t.Cleanup(func() { b.Close() })
	return &rawClient{conn: b, r: bufio.NewReader(b)}, done
}

func TestMalformedFramesDoNotKillTheServer(t *testing.T) {
	c, _ := startRaw(t)
	c.send(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	if resp := c.readResponse(t, 1); !strings.Contains(resp, "capabilities") {
		t.Fatalf("initialize response: %s", resp)
	}
	c.send(t, `{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{`) // truncated JSON
	if resp := c.read(t); !strings.Contains(resp, "-32700") {
		t.Errorf("truncated JSON answered with %s, want a parse error", resp)
	}
	for _, body := range []string{`{"hello":"world"}`, `42`, `[]`} {
		c.send(t, body)
		if resp := c.read(t); !strings.Contains(resp, "-32600") {
			t.Errorf("%s answered with %s, want an invalid request error", body, resp)
		}
	}
	c.send(t, `{"jsonrpc":"2.0","id":3,"method":"shutdown"}`)
	resp := c.readResponse(t, 3)
	if strings.Contains(resp, `"error"`) {
		t.Fatalf("shutdown after a malformed frame failed: %s", resp)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c, done := startRaw(t)
	c.send(t, `{"jsonrpc":"2.0","method":"exit"}`)
	select {
	case err := <-done:
		if err != lsp.ErrExitWithoutShutdown {
			t.Fatalf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not exit")
	}
}
