package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// protocol is what differs between Ollama's native API and the
// OpenAI-compatible one: the start-up check, the request body and the
// stream's framing and events.
type protocol interface {
	// check lists the server's models and returns the model's identity
	// (for the fingerprint) and its context length (0: not reported).
	check(ctx context.Context, e *Engine) (identity string, contextTokens int, err error)
	// chatPath is the streamed chat endpoint, relative to the base URL.
	chatPath() string
	// chatBody is the request for prompt.
	chatBody(o Options, p inference.Prompt) any
	// newStream frames the response body into events.
	newStream(lines *lineReader) eventReader
	// event decodes one event: text to append, and whether it ends the answer.
	event(data []byte) (text string, done bool, err error)
	// preload asks the server to load the model, returning when it is
	// loaded; nil at once where the API has no such request.
	preload(ctx context.Context, e *Engine) error
}

// eventReader yields the payloads of a stream, io.EOF after the last.
type eventReader interface{ next() ([]byte, error) }

// message is one chat message in both APIs.
type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

func messages(p inference.Prompt) []message {
	return []message{{Role: "system", Content: p.System}, {Role: "user", Content: p.User}}
}

// ollama speaks Ollama's native API.
type ollama struct{}

func (ollama) chatPath() string { return "/api/chat" }

func (ollama) newStream(lines *lineReader) eventReader { return ndjsonReader{lines} }

type ollamaTags struct {
	Models []struct {
		Name   string `json:"name"`
		Model  string `json:"model"`
		Digest string `json:"digest"`
	} `json:"models"`
}

// check finds the model in /api/tags (its digest is the identity) and its
// context length in /api/show.
func (ollama) check(ctx context.Context, e *Engine) (string, int, error) {
	var tags ollamaTags
	if err := e.getJSON(ctx, http.MethodGet, "/api/tags", nil, &tags); err != nil {
		return "", 0, notServerError(err, e.base+"/api/tags", "an Ollama server", "engine openai")
	}
	want := ollamaName(e.opts.Model)
	digest := ""
	var names []string
	for _, m := range tags.Models {
		names = append(names, m.Name)
		if ollamaName(m.Name) == want || ollamaName(m.Model) == want {
			digest = m.Digest
		}
	}
	if digest == "" {
		return "", 0, modelNotFound(e.opts.Model, e.base, names, "run `ollama pull "+e.opts.Model+"` (or `ollama create`)")
	}
	var show struct {
		ModelInfo map[string]any `json:"model_info"`
	}
	if err := e.getJSON(ctx, http.MethodPost, "/api/show", map[string]string{"model": e.opts.Model}, &show); err != nil {
		return "", 0, err
	}
	return digest, contextLength(show.ModelInfo), nil
}

// ollamaName is a model name with Ollama's default tag.
func ollamaName(name string) string {
	if i := strings.LastIndexByte(name, '/'); !strings.Contains(name[i+1:], ":") {
		return name + ":latest"
	}
	return name
}

// contextLength is "<architecture>.context_length" of /api/show's model_info.
func contextLength(info map[string]any) int {
	arch, _ := info["general.architecture"].(string)
	if n, ok := info[arch+".context_length"].(float64); ok && n > 0 {
		return int(n)
	}
	return 0
}

func (ollama) chatBody(o Options, p inference.Prompt) any {
	opts := map[string]any{"num_predict": o.MaxNewTokens, "temperature": 0.0}
	if o.Sampling == "sample" {
		opts["temperature"], opts["top_p"], opts["top_k"], opts["seed"] = o.Temperature, o.TopP, o.TopK, o.Seed
	}
	body := map[string]any{"model": o.Model, "messages": messages(p), "stream": true, "options": opts}
	if o.KeepAlive != "" {
		body["keep_alive"] = keepAlive(o.KeepAlive)
	}
	return body
}

// preload sends /api/generate without a prompt, which loads the model and
// answers when it is loaded. Ollama gives up a load when the request that
// started it goes away, so a load started by a summary whose job times out
// starts again from zero; this request stays open until the load is done.
func (ollama) preload(ctx context.Context, e *Engine) error {
	body := map[string]any{"model": e.opts.Model, "stream": false}
	if e.opts.KeepAlive != "" {
		body["keep_alive"] = keepAlive(e.opts.KeepAlive)
	}
	var answer struct {
		DoneReason string `json:"done_reason"`
	}
	return e.getJSON(ctx, http.MethodPost, "/api/generate", body, &answer)
}

// keepAlive is the setting as Ollama takes it: a number of seconds ("-1":
// forever) or a duration ("5m").
func keepAlive(s string) any {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return n
	}
	return s
}

func (ollama) event(data []byte) (string, bool, error) {
	var ev struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
		Done  bool   `json:"done"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return "", false, fmt.Errorf("malformed NDJSON line %.80q: %w", data, err)
	}
	if ev.Error != "" {
		return "", false, streamError(ev.Error)
	}
	return ev.Message.Content, ev.Done, nil
}

// openAI speaks the OpenAI-compatible chat completions API.
type openAI struct{}

func (openAI) chatPath() string { return "/chat/completions" }

func (openAI) newStream(lines *lineReader) eventReader { return sseReader{lines} }

// check finds the model in /v1/models; its identity is the model id and
// the endpoint's host. Ollama's default tag may be left out ("qwen" for
// "qwen:latest"). A server serving a single model is used when no model is
// set.
func (openAI) check(ctx context.Context, e *Engine) (string, int, error) {
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := e.getJSON(ctx, http.MethodGet, "/models", nil, &list); err != nil {
		return "", 0, notServerError(err, e.base+"/models", "an OpenAI-compatible server", "an endpoint ending in /v1")
	}
	var names []string
	for _, m := range list.Data {
		names = append(names, m.ID)
		if e.opts.Model != "" && (m.ID == e.opts.Model || m.ID == ollamaName(e.opts.Model)) {
			return identityOf(e.base, m.ID), 0, nil
		}
	}
	if e.opts.Model == "" && len(names) == 1 {
		e.opts.Model = names[0]
		return identityOf(e.base, names[0]), 0, nil
	}
	if e.opts.Model == "" {
		return "", 0, fmt.Errorf("%s serves %d models: set remoteModel to one of %s", e.base, len(names), listNames(names))
	}
	return "", 0, modelNotFound(e.opts.Model, e.base, names, "set remoteModel to a model the server lists")
}

// preload is a no-op: the OpenAI API has no request that loads a model
// (vLLM and TGI load theirs at start; llama-server and LM Studio on the
// first request).
func (openAI) preload(context.Context, *Engine) error { return nil }

func identityOf(base, id string) string {
	host := base
	if u, err := url.Parse(base); err == nil {
		host = u.Host
	}
	return id + "@" + host
}

func (openAI) chatBody(o Options, p inference.Prompt) any {
	body := map[string]any{"model": o.Model, "messages": messages(p), "stream": true,
		"max_tokens": o.MaxNewTokens, "temperature": 0.0}
	if o.Sampling == "sample" {
		body["temperature"], body["top_p"], body["seed"] = o.Temperature, o.TopP, o.Seed
	}
	return body
}

func (openAI) event(data []byte) (string, bool, error) {
	if string(data) == string(sseDone) {
		return "", true, nil
	}
	var ev struct {
		Choices []struct {
			Delta struct {
				Content string `json:"content"`
			} `json:"delta"`
			FinishReason *string `json:"finish_reason"`
		} `json:"choices"`
		Error json.RawMessage `json:"error"` // {"message": …}, or a string (TGI)
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return "", false, fmt.Errorf("malformed SSE event %.80q: %w", data, err)
	}
	if len(ev.Error) > 0 && string(ev.Error) != "null" {
		return "", false, streamError(errorMessage(data))
	}
	if len(ev.Choices) == 0 {
		return "", false, nil // a usage chunk
	}
	c := ev.Choices[0]
	return c.Delta.Content, c.FinishReason != nil && *c.FinishReason != "", nil
}

// apiError is the error object of an OpenAI-shaped error response.
type apiError struct {
	Message string `json:"message"`
}

// errContextLength marks a prompt the server found longer than the model's context.
var errContextLength = errors.New("prompt exceeds the model's context")

// streamError is an error the server reported in the stream.
func streamError(msg string) error {
	if isContextLength(msg) {
		return fmt.Errorf("%w: %s", errContextLength, msg)
	}
	return fmt.Errorf("server error: %s", msg)
}

// isContextLength recognises the servers' "prompt too long" messages
// (OpenAI context_length_exceeded, vLLM "maximum context length", llama-server
// "exceeds the available context size").
func isContextLength(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"context length", "context_length", "context size", "context window", "too many tokens", "prompt is too long"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// listNames lists model names for a message, the first few.
func listNames(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}
