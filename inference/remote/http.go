package remote

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Connection bounds of the default client.
const (
	dialTimeout      = 5 * time.Second
	handshakeTimeout = 10 * time.Second
	firstRetryWait   = 250 * time.Millisecond
)

// newClient is an HTTP client whose idle pool holds a connection per slot.
// It has no overall timeout: streamed answers are bounded by the silence
// deadline and the caller's context.
func newClient(slots int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: handshakeTimeout,
		MaxIdleConnsPerHost: slots,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   true,
	}}
}

// send makes a request to path (relative to the base URL) with body as
// JSON, retrying 429 and 503 answers, and returns a 200 response whose
// body the caller must close. Other answers become a *StatusError.
// Transport errors count against the circuit; with guarded, an open
// circuit fails the request at once.
func (e *Engine) send(ctx context.Context, method, path string, body any, guarded bool) (*http.Response, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	url := e.base + path
	for attempt := 0; ; attempt++ {
		if guarded && !e.breaker.Allow() {
			return nil, &unavailable{msg: fmt.Sprintf("%s is not answering; summaries use the built-in engine until it is back", e.base), err: errCircuitOpen}
		}
		resp, err := e.do(ctx, method, url, payload)
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			if guarded {
				e.breaker.Failure(err)
			}
			return nil, transportError(e.base, err)
		}
		if guarded {
			e.breaker.Success()
		}
		if resp.StatusCode == http.StatusOK {
			return resp, nil
		}
		serr := statusError(url, resp)
		wait, retry := e.retryWait(attempt, resp)
		if !retry {
			return nil, serr
		}
		e.opts.Logger.Debug("server busy; retrying", "url", url, "status", resp.StatusCode, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// errCircuitOpen is the cause of a request refused by the open circuit.
var errCircuitOpen = errors.New("circuit open")

// do sends one request.
func (e *Engine) do(ctx context.Context, method, url string, payload []byte) (*http.Response, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "summarizer-lsp")
	for k, v := range e.opts.Headers {
		req.Header.Set(k, v)
	}
	if e.user != nil {
		pw, _ := e.user.Password()
		req.SetBasicAuth(e.user.Username(), pw)
	}
	if e.opts.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.opts.APIKey)
	}
	return e.client.Do(req)
}

// retryWait is how long to wait before retrying resp, and whether to: 429
// and 503 only, at most Retries times, never longer than MaxRetryWait
// (a longer Retry-After is not waited for). Waits double from
// firstRetryWait with jitter; a Retry-After the server sends wins.
func (e *Engine) retryWait(attempt int, resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable || attempt >= e.opts.Retries {
		return 0, false
	}
	wait := firstRetryWait << attempt
	wait = wait/2 + rand.N(wait/2+1)
	if after, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		wait = after
	}
	return wait, wait <= e.opts.MaxRetryWait
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// getJSON makes a request and decodes its (bounded) JSON answer into out.
func (e *Engine) getJSON(ctx context.Context, method, path string, body, out any) error {
	resp, err := e.send(ctx, method, path, body, false)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxListBody+1))
	if err != nil {
		return transportError(e.base, err)
	}
	if len(data) > maxListBody {
		return fmt.Errorf("%s answered more than %d bytes", e.base+path, maxListBody)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &notJSONError{url: e.base + path, err: err}
	}
	return nil
}

// probe asks whether the server answers at all (any HTTP answer will do).
func (e *Engine) probe(ctx context.Context) error {
	resp, err := e.do(ctx, http.MethodGet, e.base, nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// StatusError is a server's answer other than 200, with its message.
type StatusError struct {
	URL     string
	Code    int
	Message string
}

func (s *StatusError) Error() string {
	msg := fmt.Sprintf("%s answered %d %s", s.URL, s.Code, http.StatusText(s.Code))
	if s.Message != "" {
		msg += ": " + s.Message
	}
	switch {
	case s.Code == http.StatusUnauthorized || s.Code == http.StatusForbidden:
		msg += " (check the API key in the environment variable apiKeyEnv names, and the headers setting)"
	case s.Code == http.StatusTooManyRequests || s.Code == http.StatusServiceUnavailable:
		msg += " (the server is busy: lower slots, or raise the server's parallel requests)"
	}
	return msg
}

// Is makes a "context length exceeded" answer match errContextLength, and
// a busy server inference.ErrUnavailable.
func (s *StatusError) Is(target error) bool {
	switch target {
	case errContextLength:
		return s.Code == http.StatusBadRequest && isContextLength(s.Message)
	case inference.ErrUnavailable:
		return s.Code == http.StatusServiceUnavailable || s.Code == http.StatusTooManyRequests
	}
	return false
}

// statusError reads the message of an error answer (bounded) and closes it.
func statusError(url string, resp *http.Response) *StatusError {
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return &StatusError{URL: url, Code: resp.StatusCode, Message: errorMessage(data)}
}

// errorMessage is the message of an error body: Ollama's {"error": "…"},
// OpenAI's {"error": {"message": "…"}}, or the text itself, shortened.
func errorMessage(data []byte) string {
	var body struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &body) == nil && len(body.Error) > 0 {
		var s string
		if json.Unmarshal(body.Error, &s) == nil {
			return s
		}
		var obj apiError
		if json.Unmarshal(body.Error, &obj) == nil && obj.Message != "" {
			return obj.Message
		}
	}
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(data), "")), " ")
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "…"
	}
	return s
}

// unavailable is an error that may go away by itself (the server is down
// or busy, the model is not pulled yet): it matches inference.ErrUnavailable.
type unavailable struct {
	msg string
	err error
}

func (u *unavailable) Error() string   { return u.msg }
func (u *unavailable) Unwrap() []error { return []error{inference.ErrUnavailable, u.err} }

// notJSONError is a 200 answer that is not the JSON asked for.
type notJSONError struct {
	url string
	err error
}

func (n *notJSONError) Error() string { return fmt.Sprintf("%s did not answer JSON: %v", n.url, n.err) }
func (n *notJSONError) Unwrap() error { return n.err }

// notServerError says that a server answering the model list with 404 or
// with something that is not JSON is not the kind the engine setting names.
func notServerError(err error, url, kind, fix string) error {
	var serr *StatusError
	var nerr *notJSONError
	if errors.As(err, &serr) && (serr.Code == http.StatusNotFound || serr.Code == http.StatusMethodNotAllowed) || errors.As(err, &nerr) {
		return fmt.Errorf("%s is not %s (%v): check the endpoint setting, or use %s", url, kind, err, fix)
	}
	return err
}

// modelNotFound is the error for a model the server does not list. It
// matches inference.ErrUnavailable: pulling the model fixes it without a
// settings change.
func modelNotFound(model, base string, names []string, fix string) error {
	return &unavailable{msg: fmt.Sprintf("model '%s' not found on %s: %s (models there: %s)", model, base, fix, listNames(names)),
		err: errors.New("model not found")}
}

// transportError names what failed to connect to base and the fix. A
// refused connection, a DNS failure or a timeout matches
// inference.ErrUnavailable; TLS failures do not (the settings must change).
func transportError(base string, err error) error {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var record tls.RecordHeaderError
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return &unavailable{msg: fmt.Sprintf("cannot connect to %s: connection refused; start the server (for Ollama: `ollama serve`) or fix the endpoint setting", base), err: err}
	case errors.As(err, &dns):
		return &unavailable{msg: fmt.Sprintf("cannot resolve %q of %s: check the endpoint setting and the network", dns.Name, base), err: err}
	case errors.As(err, &cert) || errors.As(err, &unknownCA) || errors.As(err, &hostname):
		return fmt.Errorf("TLS with %s failed: %w; check the server's certificate (or the system's CA certificates)", base, err)
	case errors.As(err, &record) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return fmt.Errorf("TLS with %s failed: the server does not speak TLS; use an http:// endpoint", base)
	case errors.As(err, &ne) && ne.Timeout():
		return &unavailable{msg: fmt.Sprintf("%s did not answer in time: check that the server is running and reachable", base), err: err}
	}
	return &unavailable{msg: fmt.Sprintf("cannot reach %s: %v", base, err), err: err}
}
