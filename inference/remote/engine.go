package remote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Protocol names the API a server speaks.
type Protocol string

const (
	// Ollama is Ollama's native API (/api/chat, NDJSON).
	Ollama Protocol = "ollama"
	// OpenAI is the OpenAI-compatible chat completions API (SSE).
	OpenAI Protocol = "openai"
)

// DefaultOllamaEndpoint is where Ollama listens by default.
const DefaultOllamaEndpoint = "http://127.0.0.1:11434"

// Defaults and bounds of Options.
const (
	defaultContext        = 4096 // Ollama's default num_ctx on CPU; OpenAI servers without contextTokens
	promptReserve         = 768  // tokens for the system message, template and callee summaries
	minCodeTokens         = 64
	defaultRequestTimeout = 2 * time.Minute
	checkTimeout          = 15 * time.Second
)

// Options configure New. Zero values mean the defaults noted.
type Options struct {
	Protocol Protocol
	// Endpoint is the server's URL; default DefaultOllamaEndpoint for
	// Ollama, required for OpenAI. For OpenAI a URL without a path gets
	// "/v1"; a URL with a path ("https://host/openai/v1") is used as is.
	Endpoint string
	// Model is the model's name on the server (required, except for an
	// OpenAI-compatible server that lists a single model).
	Model string
	// APIKey is sent as a bearer token when not empty.
	APIKey string
	// Headers are extra HTTP headers sent with every request.
	Headers map[string]string
	// RequestTimeout is the longest silence of a request: no response
	// headers or no streamed chunk for that long fails it (default 2m; the
	// first request may wait while the server loads the model).
	RequestTimeout time.Duration
	// KeepAlive is Ollama's keep_alive ("5m", "-1"); "" leaves the server's.
	KeepAlive string
	// ContextTokens is the model's context length; 0: what /api/show
	// reports (Ollama, capped at its default context of 4096), else 4096.
	ContextTokens int

	MaxNewTokens int     // default 64
	Sampling     string  // greedy | sample ("" = greedy); beam search is not available
	Temperature  float64 // for sample
	TopK         int     // for sample (Ollama only)
	TopP         float64 // for sample
	Seed         int64   // for sample
	Prompt       string  // overrides the built-in user prompt; see inference.PromptOptions
	Language     string  // BCP-47 tag of the summaries' language ("" = English)

	// Slots is the most requests in flight (default 4); set it to the
	// server's parallel sequences (OLLAMA_NUM_PARALLEL, llama-server -np,
	// vLLM max_num_seqs).
	Slots int
	// Retries bounds the retries of a 429 or 503 answer (default 4;
	// negative: none); MaxRetryWait bounds one wait, Retry-After included
	// (default 30s): a longer Retry-After fails the request at once.
	Retries      int
	MaxRetryWait time.Duration
	// Breaker tunes the circuit breaker (zero: defaults).
	Breaker BreakerOptions
	// Client overrides the HTTP client (default: one with a 5s connect
	// timeout and a pool sized to Slots).
	Client *http.Client
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Endpoint == "" && o.Protocol == Ollama {
		o.Endpoint = DefaultOllamaEndpoint
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = defaultRequestTimeout
	}
	if o.MaxNewTokens <= 0 {
		o.MaxNewTokens = 64
	}
	if o.Sampling == "" {
		o.Sampling = "greedy"
	}
	if o.Slots <= 0 {
		o.Slots = 4
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 4
	}
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Engine summarizes chunks with a model on a model server. It implements
// inference.Engine and inference.Batched and is safe for concurrent use;
// caller must Close.
type Engine struct {
	opts       Options
	proto      protocol
	base       string        // endpoint URL without a trailing slash or credentials; API paths are appended
	user       *url.Userinfo // credentials of the endpoint URL, sent as basic auth, never shown
	client     *http.Client
	name, fp   string
	codeTokens int // bound on the code in a prompt
	breaker    *breaker
	// stopPreload cancels the model load request; preloaded is closed when
	// it has returned.
	stopPreload context.CancelFunc
	preloaded   chan struct{}
}

var (
	_ inference.Engine  = (*Engine)(nil)
	_ inference.Batched = (*Engine)(nil)
)

// ErrEmptySummary is returned when the model's answer has nothing usable.
var ErrEmptySummary = errors.New("the model's answer has no usable summary")

// New checks the server (one request lists its models, and for Ollama one
// more reads the model's context length) and returns the engine. Its
// errors name the endpoint and the fix; those that may go away by
// themselves (server down or starting, model not pulled yet) wrap
// inference.ErrUnavailable.
func New(ctx context.Context, opts Options) (*Engine, error) {
	opts = opts.withDefaults()
	e := &Engine{opts: opts, client: opts.Client}
	if err := e.configure(); err != nil {
		return nil, err
	}
	if e.client == nil {
		e.client = newClient(opts.Slots)
	}
	e.breaker = newBreaker(opts.Breaker, e.probe, opts.Logger)
	cctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	identity, serverContext, err := e.proto.check(cctx, e)
	if err != nil {
		e.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	e.name = string(opts.Protocol) + ":" + e.opts.Model
	e.codeTokens = codeBudget(e.opts, serverContext)
	e.fp = e.fingerprint(identity)
	opts.Logger.Info("remote engine ready", "engine", e.name, "endpoint", e.base, "model", identity,
		"contextTokens", serverContext, "codeTokens", e.codeTokens, "slots", opts.Slots)
	e.startPreload()
	return e, nil
}

// startPreload asks the server to load the model in the background, on a
// request no job deadline cuts short: summaries sent meanwhile wait on the
// server for the load instead of each starting it.
func (e *Engine) startPreload() {
	ctx, cancel := context.WithCancel(context.Background())
	e.stopPreload, e.preloaded = cancel, make(chan struct{})
	go func() {
		defer close(e.preloaded)
		start := time.Now()
		switch err := e.proto.preload(ctx, e); {
		case err == nil:
			e.opts.Logger.Debug("model loaded on the server", "engine", e.name, "took", time.Since(start))
		case ctx.Err() == nil:
			e.opts.Logger.Warn("the server could not load the model; summaries will try again", "engine", e.name, "err", err)
		}
	}()
}

// configure checks the options and sets the protocol and base URL.
func (e *Engine) configure() error {
	o := e.opts
	switch o.Protocol {
	case Ollama:
		e.proto = ollama{}
	case OpenAI:
		e.proto = openAI{}
	default:
		return fmt.Errorf("remote engine: protocol %q: want ollama or openai", o.Protocol)
	}
	if o.Sampling != "greedy" && o.Sampling != "sample" {
		return fmt.Errorf("remote engine: samplingStrategy %q is not available with a model server; use greedy or sample", o.Sampling)
	}
	if o.Endpoint == "" {
		return fmt.Errorf("engine %s needs an endpoint, such as http://127.0.0.1:8000/v1", o.Protocol)
	}
	if o.Model == "" && o.Protocol == Ollama {
		return fmt.Errorf("engine ollama needs remoteModel, the model's name on the server (see `ollama list`)")
	}
	u, err := url.Parse(o.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoint %q: want an http:// or https:// URL such as %s", o.Endpoint, DefaultOllamaEndpoint)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if o.Protocol == OpenAI && u.Path == "" {
		u.Path = "/v1"
	}
	u.RawQuery, u.Fragment = "", ""
	e.user, u.User = u.User, nil
	e.base = u.String()
	return nil
}

// codeBudget bounds the code in a prompt so that prompt and answer fit the
// model's context.
func codeBudget(o Options, serverContext int) int {
	ctx := o.ContextTokens
	if ctx == 0 {
		ctx = defaultContext
		if serverContext > 0 {
			ctx = min(serverContext, defaultContext)
		}
	}
	return max(ctx-o.MaxNewTokens-promptReserve, minCodeTokens)
}

func (e *Engine) fingerprint(identity string) string {
	h := sha256.New()
	o := e.opts
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", o.Protocol, identity, o.Model, e.promptOptions(e.codeTokens).Revision())
	fmt.Fprintf(h, "%d\x00%s\x00%g\x00%d\x00%g\x00%d\x00%d", o.MaxNewTokens, o.Sampling, o.Temperature, o.TopK, o.TopP, o.Seed, e.codeTokens)
	return string(o.Protocol) + ":" + hex.EncodeToString(h.Sum(nil))[:24]
}

// promptOptions are the settings for inference.BuildPrompt with code cut
// to budget tokens.
func (e *Engine) promptOptions(budget int) inference.PromptOptions {
	return inference.PromptOptions{Template: e.opts.Prompt, Language: e.opts.Language, CodeTokens: budget, Count: approxTokens}
}

// approxTokens estimates the tokens of s without the model's tokenizer:
// code runs at 3.5–4 bytes a token in BPE vocabularies, so one per 3 bytes
// errs on the short side.
func approxTokens(s string) int { return (len(s) + 2) / 3 }

// Name is "ollama:<model>" or "openai:<model>".
func (e *Engine) Name() string { return e.name }

// Fingerprint covers the model's identity (Ollama: its digest; OpenAI: its
// id and the endpoint's host), the prompt and every generation parameter.
func (e *Engine) Fingerprint() string { return e.fp }

// Capacity is the most requests in flight (Options.Slots).
func (e *Engine) Capacity() int { return e.opts.Slots }

// Cost is 1: each request is one sequence on the server.
func (e *Engine) Cost(inference.Request) int { return 1 }

// Close stops the model load request and the circuit breaker's probe and
// drops idle connections; summaries in flight are not interrupted (their
// contexts are).
func (e *Engine) Close() error {
	if e.stopPreload != nil {
		e.stopPreload()
		<-e.preloaded
	}
	if e.breaker != nil {
		e.breaker.close()
	}
	if e.opts.Client == nil && e.client != nil {
		e.client.CloseIdleConnections()
	}
	return nil
}

// Summarize asks the server for the summary of the chunk. It returns
// ctx.Err() as soon as ctx is done, closing the request so the server stops
// generating. A prompt the server finds too long is sent again once with
// half the code.
func (e *Engine) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	budget := e.codeTokens
	for {
		p := inference.BuildPrompt(req, e.promptOptions(budget))
		text, err := e.complete(ctx, p)
		if errors.Is(err, errContextLength) && budget > minCodeTokens {
			budget = max(budget/2, minCodeTokens)
			e.opts.Logger.Debug("prompt too long for the model; shortening", "chunk", req.Chunk.Name, "codeTokens", budget)
			continue
		}
		if err != nil {
			if ctx.Err() != nil {
				return inference.Result{}, ctx.Err()
			}
			return inference.Result{}, fmt.Errorf("summarize %s: %w", req.Chunk.Name, err)
		}
		summary := inference.CleanSummary(stripThinking(text), p.Code)
		if summary == "" {
			return inference.Result{}, fmt.Errorf("summarize %s: %w", req.Chunk.Name, ErrEmptySummary)
		}
		return inference.Result{Summary: summary, Engine: e.name}, nil
	}
}

// thinkRE matches the reasoning blocks of reasoning models, closed or cut off.
var thinkRE = regexp.MustCompile(`(?s)<think>.*?(</think>|$)`)

// stripThinking removes <think>…</think> blocks, and a leading "…</think>"
// of servers that strip the opening tag.
func stripThinking(s string) string {
	s = thinkRE.ReplaceAllString(s, " ")
	if i := strings.Index(s, "</think>"); i >= 0 {
		s = s[i+len("</think>"):]
	}
	return s
}

// complete streams the answer to p. Each chunk resets the silence
// deadline; the answer is cut at maxAnswer bytes.
func (e *Engine) complete(ctx context.Context, p inference.Prompt) (string, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	silence := time.AfterFunc(e.opts.RequestTimeout, func() { cancel(errSilence) })
	defer silence.Stop()
	resp, err := e.send(ctx, http.MethodPost, e.proto.chatPath(), e.proto.chatBody(e.opts, p), true)
	if err != nil {
		return "", e.silenceError(ctx, err)
	}
	defer resp.Body.Close()
	events := e.proto.newStream(newLineReader(resp.Body))
	var b strings.Builder
	for {
		data, err := events.next()
		switch {
		case errors.Is(err, io.EOF):
			return "", fmt.Errorf("the answer from %s ended before it was complete (stream cut)", e.base+e.proto.chatPath())
		case err != nil:
			return "", e.silenceError(ctx, fmt.Errorf("reading the answer from %s: %w", e.base+e.proto.chatPath(), err))
		}
		silence.Reset(e.opts.RequestTimeout)
		text, done, err := e.proto.event(data)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
		if done {
			drain(resp.Body, cancel)
		}
		if done || b.Len() >= maxAnswer {
			return b.String(), nil
		}
	}
}

// Bounds on reading what follows the end of an answer.
const (
	drainBytes = 4 << 10
	drainWait  = 50 * time.Millisecond
)

// drain reads the little that follows the last event (Ollama's end of the
// chunked body, "data: [DONE]"), so the connection goes back to the pool
// instead of being closed: a new TLS handshake per summary costs more than
// the summary's own overhead. A server that does not end the stream
// promptly has its request cancelled.
func drain(body io.Reader, cancel context.CancelCauseFunc) {
	t := time.AfterFunc(drainWait, func() { cancel(errAnswered) })
	defer t.Stop()
	_, _ = io.CopyN(io.Discard, body, drainBytes)
}

// errAnswered cancels a request whose answer is complete.
var errAnswered = errors.New("answer complete")

// errSilence is the cause of a request that went silent for RequestTimeout.
var errSilence = errors.New("silent for requestTimeoutMs")

// silenceError turns the error of a request whose context was cancelled
// because the server went silent into one that says so (and counts
// against the circuit).
func (e *Engine) silenceError(ctx context.Context, err error) error {
	if !errors.Is(context.Cause(ctx), errSilence) {
		return err
	}
	e.breaker.failure(errSilence)
	return &unavailable{msg: fmt.Sprintf("%s sent nothing for %s: the server is overloaded or stuck; raise requestTimeoutMs if it is loading a large model",
		e.base, e.opts.RequestTimeout), err: err}
}
