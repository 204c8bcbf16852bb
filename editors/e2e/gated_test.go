package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// gatedServer is an OpenAI-compatible model server whose timing the test
// controls: it answers at once, except a request whose prompt contains
// hold, which waits until the file release exists (the editor script
// creates it) or the request is cancelled. A real model is too fast for a
// test to see the state between an edit and the new summary reliably.
type gatedServer struct {
	URL     string
	Model   string
	Release string
	hold    string
	n       atomic.Int64
}

func startGated(t *testing.T, hold string) *gatedServer {
	t.Helper()
	g := &gatedServer{Model: "gated", Release: filepath.Join(t.TempDir(), "release"), hold: hold}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/models", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"object":"list","data":[{"id":%q,"object":"model"}]}`, g.Model)
	})
	mux.HandleFunc("POST /v1/chat/completions", g.chat)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	g.URL = srv.URL + "/v1"
	return g
}

// chat streams a numbered one-sentence summary as SSE.
func (g *gatedServer) chat(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if len(body.Messages) > 0 && strings.Contains(body.Messages[len(body.Messages)-1].Content, g.hold) && !g.released(r) {
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	text := fmt.Sprintf("Gated model summary %d.", g.n.Add(1))
	fmt.Fprintf(w, "data: {\"choices\":[{\"delta\":{\"content\":%q}}]}\n\n", text)
	fmt.Fprint(w, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
}

// released waits for the release file; false when the request ends first.
func (g *gatedServer) released(r *http.Request) bool {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if _, err := os.Stat(g.Release); err == nil {
			return true
		}
		select {
		case <-r.Context().Done():
			return false
		case <-tick.C:
		}
	}
}
