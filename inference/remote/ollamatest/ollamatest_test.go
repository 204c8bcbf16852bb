package ollamatest

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestServer checks the harness against the real server: the tiny model is
// listed with a digest, /api/show reports its context, and a streamed chat
// runs to its token limit with text a summary can be made of.
func TestServer(t *testing.T) {
	s := Start(t, Options{NumParallel: 2})

	var tags struct {
		Models []struct{ Name, Digest string } `json:"models"`
	}
	getJSON(t, s.URL+"/api/tags", "", &tags)
	if len(tags.Models) != 1 || tags.Models[0].Name != Model+":latest" || tags.Models[0].Digest == "" {
		t.Fatalf("/api/tags = %+v, want one %s:latest with a digest", tags.Models, Model)
	}

	var show struct {
		ModelInfo map[string]any `json:"model_info"`
	}
	getJSON(t, s.URL+"/api/show", `{"model":"`+Model+`"}`, &show)
	if got := show.ModelInfo["qwen2.context_length"]; got != float64(ContextTokens) {
		t.Fatalf("qwen2.context_length = %v, want %d", got, ContextTokens)
	}

	const limit = 24
	resp, err := http.Post(s.URL+"/api/chat", "application/json", strings.NewReader(
		`{"model":"`+Model+`","stream":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Summarize func f() {}"}],"options":{"temperature":0,"num_predict":24}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var text strings.Builder
	var last struct {
		Done       bool   `json:"done"`
		DoneReason string `json:"done_reason"`
		EvalCount  int    `json:"eval_count"`
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var chunk struct {
			Message struct{ Content string } `json:"message"`
		}
		if err := json.Unmarshal(sc.Bytes(), &chunk); err != nil {
			t.Fatalf("chunk %q: %v", sc.Text(), err)
		}
		text.WriteString(chunk.Message.Content)
		_ = json.Unmarshal(sc.Bytes(), &last)
	}
	if !last.Done || last.DoneReason != "length" || last.EvalCount != limit {
		t.Fatalf("last chunk = %+v, want done by length after %d tokens", last, limit)
	}
	if strings.TrimSpace(text.String()) == "" || strings.ContainsAny(text.String(), "<|>`\n") {
		t.Fatalf("answer %q: want words", text.String())
	}
	t.Logf("answer: %q", text.String())
}

func getJSON(t *testing.T, url, body string, v any) {
	t.Helper()
	var resp *http.Response
	var err error
	if body == "" {
		resp, err = http.Get(url)
	} else {
		resp, err = http.Post(url, "application/json", strings.NewReader(body))
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
}
