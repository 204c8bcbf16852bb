package remote

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// TestCircuitOpensWhenServerDownAndClosesWhenBack stops the server under a
// running engine: connection failures open the circuit, requests then fail
// at once without connecting, and the probe closes it when a server
// listens on the endpoint again.
func TestCircuitOpensWhenServerDownAndClosesWhenBack(t *testing.T) {
	f := newFake(t, ndjson("Opens a file."))
	addr := f.Listener.Addr().String()
	e := newEngine(t, testOptions(Ollama, f.URL))
	if _, err := summarize(e); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for i := range e.opts.Breaker.Failures {
		_, err := summarize(e)
		// The first may find a pooled connection closed (EOF), the rest are refused.
		if !errors.Is(err, inference.ErrUnavailable) || !strings.Contains(err.Error(), f.URL) {
			t.Fatalf("request %d to a stopped server: %v", i, err)
		}
	}
	_, err := summarize(e)
	if !errors.Is(err, errCircuitOpen) || !errors.Is(err, inference.ErrUnavailable) {
		t.Fatalf("with the circuit open: %v, want it refused at once", err)
	}

	back := restartOn(t, addr, f.Config.Handler)
	defer back.Close()
	for !e.breaker.Allow() {
		time.Sleep(5 * time.Millisecond) // the probe runs every Cooldown
	}
	if res, err := summarize(e); err != nil || res.Summary != "Opens a file." {
		t.Fatalf("after the server came back: %+v, %v", res, err)
	}
}

// restartOn serves h on addr again.
func restartOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s again: %v", addr, err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = l
	s.Start()
	return s
}
