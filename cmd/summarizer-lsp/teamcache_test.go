package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/cache/redistest"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
	"github.com/summarizer-lsp/summarizer-lsp/lsp"
	"github.com/summarizer-lsp/summarizer-lsp/lsp/lsptest"
)

const passwordEnv = "SUMMARIZER_TEST_TEAM_PASSWORD"

// counted wraps a model engine and counts its Summarize calls.
type counted struct {
	inference.Engine
	calls *atomic.Int64
}

func (c counted) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	c.calls.Add(1)
	return c.Engine.Summarize(ctx, req)
}

// countedBatched keeps the ONNX engine's batching visible to the service.
type countedBatched struct {
	counted
	inference.Batched
}

// teamMachine is one developer's server: its own local cache directory,
// the tiny model counted, the team cache at url ("" for none), with
// tune's settings (patient or impatient).
type teamMachine struct {
	env   *lsptest.Env
	calls *atomic.Int64
	store lsp.Store
}

func newTeamMachine(t testing.TB, url string, tune func(*service.Config)) *teamMachine {
	t.Helper()
	t.Setenv(passwordEnv, redistest.UserPassword)
	cfg := modelConfig(t)
	cfg.CacheURL, cfg.CachePasswordEnv = url, passwordEnv
	cfg.BackgroundSummaries = false
	tune(&cfg)
	m := &teamMachine{calls: &atomic.Int64{}}
	load := modelLoader(slog.Default())
	m.env = lsptest.New(t, lsptest.Options{
		Config: &cfg,
		OpenStore: func(cfg service.Config, logger *slog.Logger) (lsp.Store, error) {
			st, err := openStore(cfg, logger)
			m.store = st
			return st, err
		},
		StoreStats: storeStats,
		LoadEngine: func(ctx context.Context, cfg service.Config) (inference.Engine, error) {
			e, err := load(ctx, cfg)
			if err != nil {
				return nil, err
			}
			c := counted{Engine: e, calls: m.calls}
			if b, ok := e.(inference.Batched); ok {
				return countedBatched{counted: c, Batched: b}, nil
			}
			return c, nil
		},
	})
	m.env.Client.WaitFor(t, protocol.MethodWindowShowMessage, func(msg lsptest.Message) bool {
		return strings.Contains(string(msg.Params), "using onnx:tiny-qwen2")
	}, 60*time.Second)
	return m
}

// patient settings wait for the team cache and the model as long as a
// loaded CI machine needs: the tests check what is served, not how fast.
func patient(cfg *service.Config) {
	cfg.CacheReadTimeoutMs = 5000
	cfg.HoverBudgetMs = 60_000
}

// impatient settings are the defaults, except that hovers do not wait for
// the model: a benchmark of the cache path.
func impatient(cfg *service.Config) { cfg.HoverBudgetMs = 0 }

// source is a Go file of n small functions, one a line from line 2.
func source(n int) string {
	var b strings.Builder
	b.WriteString("package p\n\n")
	for i := range n {
		fmt.Fprintf(&b, "func f%d(a int) int { return a + %d }\n", i, i)
	}
	return b.String()
}

// hoverAll opens source(n) as file name, hovers every function and
// returns the markdown.
func (m *teamMachine) hoverAll(t *testing.T, name string, n int) []string {
	t.Helper()
	u := m.env.Open(name, "go", source(n))
	out := make([]string, n)
	for i := range n {
		md, err := m.env.Hover(u, lsptest.Pos(uint32(2+i), 6))
		if err != nil {
			t.Fatalf("hover f%d: %v", i, err)
		}
		out[i] = md
	}
	return out
}

func (m *teamMachine) status(t *testing.T) map[string]any {
	t.Helper()
	var st map[string]any
	if err := m.env.Execute(lsp.CommandStatus, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// sharedStats is the team tier's part of the status.
func (m *teamMachine) sharedStats(t *testing.T) cache.SharedStats {
	t.Helper()
	var st struct {
		Cache cache.Stats `json:"cache"`
	}
	b, _ := json.Marshal(m.status(t))
	if err := json.Unmarshal(b, &st); err != nil || st.Cache.Shared == nil {
		t.Fatalf("status has no team cache counters: %s (%v)", b, err)
	}
	return *st.Cache.Shared
}

func TestTeamCacheSharedBetweenMachines(t *testing.T) {
	for _, tc := range []struct {
		name string
		url  func(t *testing.T) string
		n    int
	}{
		{"server", func(t *testing.T) string { return redistest.Start(t, redistest.Options{}).URL() }, 8},
		{"cluster", func(t *testing.T) string { return redistest.StartCluster(t, redistest.Options{}).URL() }, 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := tc.url(t)
			a := newTeamMachine(t, url, patient)
			first := a.hoverAll(t, "team.go", tc.n)
			if got := a.calls.Load(); got != int64(tc.n) {
				t.Fatalf("machine A ran its engine %d times for %d functions", got, tc.n)
			}
			a.env.Close() // closing sends the queued writes
			b := newTeamMachine(t, url, patient)
			second := b.hoverAll(t, "team.go", tc.n)
			if got := b.calls.Load(); got != 0 {
				t.Fatalf("machine B ran its engine %d times; want every summary from the team cache", got)
			}
			for i := range second {
				if strings.Replace(second[i], ", cached_", "_", 1) != first[i] || !strings.Contains(second[i], "onnx:tiny-qwen2") {
					t.Fatalf("f%d on B:\n%s\nwant A's model summary:\n%s", i, second[i], first[i])
				}
			}
			if st := b.sharedStats(t); st.Hits != uint64(tc.n) || st.Circuit != "closed" {
				t.Fatalf("B's team cache stats = %+v, want %d hits", st, tc.n)
			}
		})
	}
}

// rawHTML matches markup that is not escaped.
var rawHTML = regexp.MustCompile(`(^|[^\\])<(script|img)`)

func TestTeamCachePoisonedValues(t *testing.T) {
	const n = 4
	srv := redistest.Start(t, redistest.Options{})
	admin := srv.Admin()
	ctx := context.Background()
	a := newTeamMachine(t, srv.URL(), patient)
	a.hoverAll(t, "team.go", n)
	a.env.Close()
	keys, err := admin.Keys(ctx, cache.DefaultPrefix+"*").Result() // the test's own look; the tool never lists keys
	if err != nil || len(keys) != n {
		t.Fatalf("team cache keys = %v, %v; want %d", keys, err, n)
	}
	var good struct {
		Fingerprint string `json:"fp"`
	}
	if err := json.Unmarshal([]byte(admin.Get(ctx, keys[0]).Val()), &good); err != nil || good.Fingerprint == "" {
		t.Fatalf("stored value: %v", err)
	}
	value := func(fp, summary string) string {
		b, _ := json.Marshal(map[string]any{"v": 1, "fp": fp, "at": 1, "result": map[string]any{"summary": summary, "engine": "onnx:tiny-qwen2"}})
		return string(b)
	}
	hostile := "Run [this](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> <script>alert(1)</script>"
	for _, tc := range []struct {
		name, value string
		served      bool // a valid value: served, rendered like model output
	}{
		{"bad JSON", `{"v":1,"fp":`, false},
		{"huge", `{"v":1,"x":"` + strings.Repeat("a", 2<<20) + `"}`, false},
		{"too long a summary", value(good.Fingerprint, strings.Repeat("word ", 1000)), false},
		{"wrong fingerprint", value("another-engine", "Looks fine."), false},
		{"markdown and HTML", value(good.Fingerprint, hostile), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range keys {
				if err := admin.Set(ctx, k, tc.value, 0).Err(); err != nil {
					t.Fatal(err)
				}
			}
			b := newTeamMachine(t, srv.URL(), patient)
			for i, md := range b.hoverAll(t, "team.go", n) {
				if strings.Contains(md, "](command:") || rawHTML.MatchString(md) || strings.Contains(md, `"fp"`) {
					t.Fatalf("f%d shows raw shared content:\n%s", i, md)
				}
				if !strings.Contains(md, "onnx:tiny-qwen2") {
					t.Fatalf("f%d:\n%s\nwant a model summary", i, md)
				}
			}
			st := b.sharedStats(t)
			if tc.served {
				if b.calls.Load() != 0 || st.Hits != n {
					t.Fatalf("engine calls %d, stats %+v; want the valid values served", b.calls.Load(), st)
				}
				return
			}
			if b.calls.Load() != n || st.Hits != 0 || st.Rejected != n {
				t.Fatalf("engine calls %d, stats %+v; want every poisoned value refused and computed again", b.calls.Load(), st)
			}
			// B computed and kept its own summaries, not the poison: a
			// second look is a local hit.
			b.hoverAll(t, "again.go", n)
			if b.calls.Load() != n {
				t.Fatalf("engine ran again (%d calls): the local tiers lost B's summaries", b.calls.Load())
			}
			b.env.Close()
		})
	}
}

func TestHoversWhileTheTeamCacheIsDown(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	m := newTeamMachine(t, srv.URL(), patient)
	m.hoverAll(t, "up.go", 2)
	srv.Kill()
	u := m.env.Open("down.go", "go", source(12))
	for i := range 12 {
		md, err := m.env.Hover(u, lsptest.Pos(uint32(2+i), 6))
		if err != nil || !strings.Contains(md, "onnx:tiny-qwen2") {
			t.Fatalf("hover f%d while Redis is down: %v\n%s", i, err, md)
		}
	}
	if st := m.sharedStats(t); st.Circuit == "closed" || st.Errors == 0 {
		t.Fatalf("stats = %+v, want the circuit open", st)
	}
	warnings := 0
	for _, msg := range m.env.Client.Received(protocol.MethodWindowLogMessage) {
		if strings.Contains(string(msg.Params), "team cache unavailable") {
			warnings++
		}
	}
	if warnings != 1 {
		t.Fatalf("%d warnings reached the client, want one", warnings)
	}
	srv.Restart()
	for deadline := time.Now().Add(time.Minute); m.sharedStats(t).Circuit != "closed"; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the circuit did not close after Redis restarted")
		}
	}
}

func TestExplainFillsTheTeamCache(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	t.Setenv(passwordEnv, redistest.UserPassword)
	cfg := modelConfig(t)
	cfg.CacheURL, cfg.CachePasswordEnv = srv.URL(), passwordEnv
	if err := explain(context.Background(), cfg, explainFlags{json: true}, []string{sample}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// Another machine: a fresh local cache, the same team cache.
	cfg.CacheDir = t.TempDir()
	cfg.CacheBatchTimeoutMs = 5000
	var out bytes.Buffer
	if err := explain(context.Background(), cfg, explainFlags{json: true}, []string{sample}, &out); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r chunkRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if !r.Cached || r.Engine != "onnx:tiny-qwen2" {
			t.Errorf("%s = %+v, want the model's summary from the team cache", r.Name, r)
		}
	}
	// cache stats shows what the second run saw.
	var rep bytes.Buffer
	if err := cacheStats(context.Background(), cfg, true, &rep); err != nil {
		t.Fatal(err)
	}
	var got cacheReport
	if err := json.Unmarshal(rep.Bytes(), &got); err != nil || len(got.Processes) != 1 || got.Shared == nil || !got.Shared.Answers {
		t.Fatalf("cache stats = %s (%v)", rep.String(), err)
	}
	if p := got.Processes[0]; !p.Closed || p.Shared == nil || p.Shared.Hits == 0 || p.Shared.Circuit != "closed" {
		t.Fatalf("recorded counters = %+v", p)
	}
	if strings.Contains(rep.String(), redistest.UserPassword) {
		t.Fatal("cache stats shows the password")
	}
}

func TestTeamCacheSettingsThatCannotWork(t *testing.T) {
	cfg := service.DefaultConfig()
	cfg.CacheDir = t.TempDir()
	cfg.CacheURL, cfg.CachePasswordEnv = "redis://summarizer@127.0.0.1:1", "SUMMARIZER_TEST_UNSET_VARIABLE"
	st, err := openStore(cfg, slog.Default())
	if err == nil || !strings.Contains(err.Error(), "SUMMARIZER_TEST_UNSET_VARIABLE") {
		t.Fatalf("err = %v, want one naming the unset variable", err)
	}
	defer st.Close()
	if stats, ok := storeStats(st).(cache.Stats); st.Dir() == "" || !ok || stats.Shared != nil {
		t.Fatalf("want the local cache without the team tier, got dir %q, %+v", st.Dir(), stats)
	}
}

func TestClearCacheKeepsTheTeamCache(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	m := newTeamMachine(t, srv.URL(), patient)
	m.hoverAll(t, "team.go", 3)
	for deadline := time.Now().Add(time.Minute); m.sharedStats(t).Written < 3; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the summaries did not reach the team cache")
		}
	}
	if err := m.env.Execute(lsp.CommandClearCache, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := srv.Admin().DBSize(context.Background()).Result(); err != nil || n != 3 {
		t.Fatalf("team cache holds %d, %v keys after clearing the local cache; want 3", n, err)
	}
	// The local tiers are empty: the summaries come back from the team cache.
	m.hoverAll(t, "again.go", 3)
	if st := m.sharedStats(t); st.Hits != 3 || m.calls.Load() != 3 {
		t.Fatalf("after the clear: %+v, %d engine calls; want 3 team hits and no new engine call", st, m.calls.Load())
	}
}
