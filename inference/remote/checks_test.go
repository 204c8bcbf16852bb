package remote

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func TestStartupErrorsNameEndpointAndFix(t *testing.T) {
	notOllama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html>hello</html>")
	}))
	defer notOllama.Close()
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	tlsServer := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsServer.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	tlsServer.StartTLS()
	defer tlsServer.Close()
	unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"invalid api key"}}`, http.StatusUnauthorized)
	}))
	defer unauthorized.Close()
	f := newFake(t, ndjson("x"))
	refused := closedPort(t)
	// Go's own resolver with no DNS server it can reach: the machine is
	// offline, or the host is only known inside a VPN that is down.
	noDNS := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{Resolver: &net.Resolver{PreferGo: true,
		Dial: func(context.Context, string, string) (net.Conn, error) { return nil, errors.New("no DNS server reachable") },
	}}).DialContext}}

	for _, tc := range []struct {
		name        string
		o           Options
		want        []string
		unavailable bool
	}{
		{"refused", Options{Protocol: Ollama, Endpoint: refused, Model: "m"}, []string{refused, "connection refused", "ollama serve"}, true},
		{"dns", Options{Protocol: Ollama, Endpoint: "http://gpu-box.internal:11434", Model: "m", Client: noDNS},
			[]string{`cannot resolve "gpu-box.internal" of http://gpu-box.internal:11434`, "check the endpoint setting and the network"}, true},
		{"model not found", Options{Protocol: Ollama, Endpoint: f.URL, Model: "qwen2.5-coder:7b"},
			[]string{"model 'qwen2.5-coder:7b' not found on " + f.URL + ": run `ollama pull qwen2.5-coder:7b`", "m:latest"}, true},
		{"openai model not found", Options{Protocol: OpenAI, Endpoint: f.URL, Model: "gpt"}, []string{"model 'gpt' not found on " + f.URL + "/v1"}, true},
		{"not ollama (html)", Options{Protocol: Ollama, Endpoint: notOllama.URL, Model: "m"}, []string{notOllama.URL + "/api/tags is not an Ollama server", "engine openai"}, false},
		{"not ollama (404)", Options{Protocol: Ollama, Endpoint: notFound.URL, Model: "m"}, []string{"is not an Ollama server", "404"}, false},
		{"not openai", Options{Protocol: OpenAI, Endpoint: notFound.URL, Model: "m"}, []string{notFound.URL + "/v1/models is not an OpenAI-compatible server"}, false},
		{"tls", Options{Protocol: Ollama, Endpoint: tlsServer.URL, Model: "m"}, []string{"TLS with " + tlsServer.URL + " failed", "certificate"}, false},
		{"plain http to tls", Options{Protocol: Ollama, Endpoint: "https://" + strings.TrimPrefix(f.URL, "http://"), Model: "m"}, []string{"does not speak TLS", "http://"}, false},
		{"unauthorized", Options{Protocol: OpenAI, Endpoint: unauthorized.URL, Model: "m", APIKey: "wrong"}, []string{"401", "invalid api key", "check the API key"}, false},
		{"no endpoint", Options{Protocol: OpenAI, Model: "m"}, []string{"needs an endpoint"}, false},
		{"bad endpoint", Options{Protocol: Ollama, Endpoint: "127.0.0.1:11434", Model: "m"}, []string{"want an http:// or https:// URL"}, false},
		{"no model", Options{Protocol: Ollama}, []string{"needs remoteModel"}, false},
		{"beam", Options{Protocol: Ollama, Model: "m", Sampling: "beam"}, []string{"not available with a model server"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), tc.o)
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if got := errors.Is(err, inference.ErrUnavailable); got != tc.unavailable {
				t.Errorf("errors.Is(ErrUnavailable) = %v, want %v", got, tc.unavailable)
			}
		})
	}
}

// closedPort is the URL of a loopback port nobody listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

func TestAPIKeyAndHeadersAreSent(t *testing.T) {
	var auth, custom string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		auth, custom = r.Header.Get("Authorization"), r.Header.Get("X-Team")
		io.WriteString(w, sseDelta("Opens a file.")+"data: [DONE]\n\n")
	})
	o := testOptions(OpenAI, f.URL)
	o.APIKey, o.Headers = "sk-test", map[string]string{"X-Team": "core"}
	e := newEngine(t, o)
	if _, err := summarize(e); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer sk-test" || custom != "core" {
		t.Errorf("Authorization %q, X-Team %q", auth, custom)
	}
}

func TestEndpointCredentialsAreSentNotShown(t *testing.T) {
	var user, pass string
	f := newFake(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ = r.BasicAuth()
		http.Error(w, `{"error":"boom"}`, http.StatusInternalServerError)
	})
	o := testOptions(Ollama, strings.Replace(f.URL, "http://", "http://team:s3cret@", 1))
	e := newEngine(t, o)
	_, err := summarize(e)
	if user != "team" || pass != "s3cret" {
		t.Errorf("basic auth %q:%q", user, pass)
	}
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(e.base, "s3cret") {
		t.Errorf("credentials shown: %v (base %s)", err, e.base)
	}
}

func TestFingerprint(t *testing.T) {
	f := newFake(t, ndjson("x"))
	base := newEngine(t, testOptions(Ollama, f.URL)).Fingerprint()
	if again := newEngine(t, testOptions(Ollama, f.URL)).Fingerprint(); again != base {
		t.Errorf("same model and settings: fingerprints %s and %s differ", base, again)
	}
	f.digest = "sha256:d2" // the model was pulled again
	if repulled := newEngine(t, testOptions(Ollama, f.URL)).Fingerprint(); repulled == base {
		t.Error("a new digest kept the fingerprint")
	}
	f.digest = "sha256:d1"
	for name, change := range map[string]func(*Options){
		"maxNewTokens": func(o *Options) { o.MaxNewTokens = 32 },
		"sampling":     func(o *Options) { o.Sampling, o.Temperature = "sample", 0.7 },
		"seed":         func(o *Options) { o.Sampling, o.Seed = "sample", 7 },
		"language":     func(o *Options) { o.Language = "zh" },
		"prompt":       func(o *Options) { o.Prompt = "Explain {{code}}" },
		"context":      func(o *Options) { o.ContextTokens = 2048 },
	} {
		o := testOptions(Ollama, f.URL)
		change(&o)
		if newEngine(t, o).Fingerprint() == base {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
	// OpenAI: the model id and the endpoint's host.
	a := newEngine(t, testOptions(OpenAI, f.URL)).Fingerprint()
	b := newEngine(t, testOptions(OpenAI, strings.Replace(f.URL, "127.0.0.1", "localhost", 1))).Fingerprint()
	if a == b || a == base {
		t.Errorf("openai fingerprints %s (127.0.0.1), %s (localhost), ollama %s: want all different", a, b, base)
	}
}

func TestOpenAISingleModelNeedsNoName(t *testing.T) {
	f := newFake(t, ndjson("x"))
	o := testOptions(OpenAI, f.URL+"/v1")
	o.Model = ""
	e := newEngine(t, o)
	if e.Name() != "openai:m" || e.base != f.URL+"/v1" {
		t.Errorf("name %q, base %q", e.Name(), e.base)
	}
}

func TestOpenAIModelWithoutDefaultTag(t *testing.T) {
	f := newFake(t, ndjson("x"))
	f.Server.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"data":[{"id":"qwen:latest"},{"id":"other"}]}`)
	})
	o := testOptions(OpenAI, f.URL)
	o.Model = "qwen"
	if e := newEngine(t, o); e.Name() != "openai:qwen" {
		t.Errorf("name %q", e.Name())
	}
}

func TestContextBudget(t *testing.T) {
	for _, tc := range []struct {
		setting, server, want int
	}{
		{0, 0, defaultContext - 64 - promptReserve},
		{0, 2048, 2048 - 64 - promptReserve},
		{0, 131072, defaultContext - 64 - promptReserve},
		{16384, 2048, 16384 - 64 - promptReserve},
		{512, 0, minCodeTokens},
	} {
		if got := codeBudget(Options{ContextTokens: tc.setting, MaxNewTokens: 64}, tc.server); got != tc.want {
			t.Errorf("codeBudget(setting %d, server %d) = %d, want %d", tc.setting, tc.server, got, tc.want)
		}
	}
}
