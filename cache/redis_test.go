package cache

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/cache/redistest"
)

// A wait long enough for a loaded machine running -race: the tests check
// what happens, never how fast.
const testWait = 5 * time.Second

// openShared opens a shared tier as the ACL user; fields of opts left zero
// get test values.
func openShared(t *testing.T, opts RedisOptions) *Redis {
	t.Helper()
	if opts.Password == "" {
		opts.Password = redistest.UserPassword
	}
	if opts.Wait == 0 {
		opts.Wait = testWait
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	r, err := OpenRedis(opts)
	if err != nil {
		t.Fatalf("OpenRedis: %v", err)
	}
	return r
}

// machine is one developer's cache: its own directory, the shared tier.
func machine(t *testing.T, r *Redis) *Cache {
	t.Helper()
	return openTest(t, Options{Dir: privateDir(t), Shared: r})
}

// waitFor polls cond until it holds; the test's own timeout bounds it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s", what)
		}
	}
}

func written(r *Redis, n uint64) func() bool {
	return func() bool { return r.Stats().Written >= n }
}

func redisKeyOf(i int) string { k := key(i); return DefaultPrefix + hex.EncodeToString(k[:]) }

func TestSharedTierServesAnotherMachine(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	ra := openShared(t, RedisOptions{URL: srv.URL()})
	rb := openShared(t, RedisOptions{URL: srv.URL()})
	a, b := machine(t, ra), machine(t, rb)
	for i := range 20 {
		mustPut(t, a, i)
	}
	waitFor(t, "20 writes", written(ra, 20))
	got, err := srv.Admin().Get(context.Background(), redisKeyOf(3)).Bytes()
	if err != nil || !bytes.Equal(got, value(3)) {
		t.Fatalf("Redis holds %q, %v under %s; want %q", got, err, redisKeyOf(3), value(3))
	}
	for i := range 20 {
		mustGet(t, b, i)
	}
	if st := b.Stats(); st.Shared.Hits != 20 || st.File.Hits != 0 {
		t.Fatalf("machine B stats = %+v %+v, want 20 shared hits", st, *st.Shared)
	}
	// B kept what it read: the local tiers answer now.
	for i := range 20 {
		mustGet(t, b, i)
	}
	if st := b.Stats(); st.Shared.Hits != 20 || st.Memory.Hits != 20 {
		t.Fatalf("second read on B = %+v, want memory hits only", st)
	}
	// A key nobody wrote is a miss everywhere.
	if _, ok, err := b.Get(context.Background(), key(99), testWait, nil); ok || err != nil {
		t.Fatalf("Get(99) = %v, %v; want a miss", ok, err)
	}
	if st := b.Stats().Shared; st.Misses != 1 || st.Circuit != "closed" {
		t.Fatalf("shared stats = %+v, want one miss, circuit closed", st)
	}
}

func TestSharedTierOverTLS(t *testing.T) {
	// Debian's redis-server 7.0 is built with TLS (it links libssl and
	// accepts tls-port).
	srv := redistest.Start(t, redistest.Options{TLS: true})
	ra := openShared(t, RedisOptions{URL: srv.TLSURL(), TLS: srv.TLSConfig()})
	rb := openShared(t, RedisOptions{URL: srv.TLSURL(), TLS: srv.TLSConfig()})
	a, b := machine(t, ra), machine(t, rb)
	mustPut(t, a, 1)
	waitFor(t, "the write", written(ra, 1))
	mustGet(t, b, 1)

	// Without the CA the certificate is refused: a miss, counted.
	rc := openShared(t, RedisOptions{URL: srv.TLSURL()})
	c := machine(t, rc)
	if _, ok, _ := c.Get(context.Background(), key(1), testWait, nil); ok {
		t.Fatal("read through an unverified TLS connection")
	}
	if st := rc.Stats(); st.Errors != 1 {
		t.Fatalf("stats without the CA = %+v, want one error", st)
	}
}

func TestSharedTierOnACluster(t *testing.T) {
	cl := redistest.StartCluster(t, redistest.Options{})
	ra := openShared(t, RedisOptions{URL: cl.URL()})
	rb := openShared(t, RedisOptions{URL: cl.URL()})
	a, b := machine(t, ra), machine(t, rb)
	const n = 200
	for i := range n {
		mustPut(t, a, i)
	}
	waitFor(t, "the writes", written(ra, n))
	if st := ra.Stats(); st.WriteErrors != 0 || st.Dropped != 0 {
		t.Fatalf("writer stats = %+v", st)
	}
	holding := 0
	for _, node := range cl.Nodes {
		if size, err := node.Admin().DBSize(context.Background()).Result(); err != nil {
			t.Fatal(err)
		} else if size > 0 {
			holding++
		}
	}
	if holding < 2 {
		t.Fatalf("%d of 3 masters hold keys; the keys should spread over the slots", holding)
	}
	for i := range n {
		mustGet(t, b, i)
	}
	if st := rb.Stats(); st.Hits != n {
		t.Fatalf("reader stats = %+v, want %d hits", st, n)
	}
}

func TestRefusedSharedValueIsNotKeptLocally(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	admin := srv.Admin()
	ctx := context.Background()
	r := openShared(t, RedisOptions{URL: srv.URL()})
	c := machine(t, r)
	if err := admin.Set(ctx, redisKeyOf(1), "poison", 0).Err(); err != nil {
		t.Fatal(err)
	}
	refuse := func([]byte) bool { return false }
	if _, ok, err := c.Get(ctx, key(1), testWait, refuse); ok || err != nil {
		t.Fatalf("Get with a refusing check = %v, %v; want a miss", ok, err)
	}
	// Gone from Redis, and never copied to the local tiers.
	admin.Del(ctx, redisKeyOf(1))
	if _, ok, _ := c.Get(ctx, key(1), testWait, nil); ok {
		t.Fatal("a refused shared value was kept locally")
	}
	// Oversized and wrong-type values are refused without being read.
	admin.Set(ctx, redisKeyOf(2), strings.Repeat("x", MaxValueSize+1), 0)
	admin.LPush(ctx, redisKeyOf(3), "a list")
	for _, i := range []int{2, 3} {
		if _, ok, err := c.Get(ctx, key(i), testWait, nil); ok || err != nil {
			t.Fatalf("Get(%d) = %v, %v; want a refused value", i, ok, err)
		}
	}
	if st := r.Stats(); st.Rejected != 3 || st.Errors != 0 || st.Circuit != "closed" {
		t.Fatalf("stats = %+v, want 3 rejected, no errors, circuit closed", st)
	}
}

func TestClearLeavesTheSharedTier(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	r := openShared(t, RedisOptions{URL: srv.URL()})
	c := machine(t, r)
	mustPut(t, c, 1)
	waitFor(t, "the write", written(r, 1))
	if err := c.Clear(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := srv.Admin().Exists(context.Background(), redisKeyOf(1)).Result(); err != nil || n != 1 {
		t.Fatalf("after a local clear Redis has %d, %v of the key; want it kept", n, err)
	}
	mustGet(t, c, 1) // from Redis again
}

func TestRedisKilledMidRun(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	logger, logged := captureLog()
	r := openShared(t, RedisOptions{URL: srv.URL(), Logger: logger, Wait: 200 * time.Millisecond, Cooldown: 50 * time.Millisecond})
	c := machine(t, r)
	mustPut(t, c, 1)
	waitFor(t, "the write", written(r, 1))

	srv.Kill()
	ctx := context.Background()
	for i := range 100 {
		// Local hits go on; shared reads fail as misses, then stop.
		mustGet(t, c, 1)
		if _, ok, err := c.Get(ctx, key(1000+i), 0, nil); ok || err != nil {
			t.Fatalf("Get while Redis is down = %v, %v; want a miss", ok, err)
		}
	}
	st := r.Stats()
	if st.Circuit == "closed" || st.Errors != defaultFailures || st.Skipped != 100-defaultFailures {
		t.Fatalf("stats while down = %+v; want the circuit open after %d errors, the rest skipped", st, defaultFailures)
	}
	mustPut(t, c, 2) // dropped while the circuit is open
	if n := strings.Count(logged(), "team cache unavailable"); n != 1 {
		t.Fatalf("logged %d warnings, want one:\n%s", n, logged())
	}

	srv.Restart()
	waitFor(t, "the circuit to close", func() bool { return r.Stats().Circuit == "closed" })
	if !strings.Contains(logged(), "team cache answers again") {
		t.Fatalf("no recovery line:\n%s", logged())
	}
	mustPut(t, c, 3)
	waitFor(t, "a write after the restart", written(r, 2))
	other := machine(t, openShared(t, RedisOptions{URL: srv.URL()}))
	mustGet(t, other, 3)
	if st := r.Stats(); st.Dropped != 1 {
		t.Fatalf("dropped = %d, want the one write made while the circuit was open", st.Dropped)
	}
}

func TestRedisThatNeverAnswers(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	logger, logged := captureLog()
	r := openShared(t, RedisOptions{URL: srv.URL(), Logger: logger, Wait: 50 * time.Millisecond,
		Cooldown: 50 * time.Millisecond, QueueSize: 8})
	c := machine(t, r)
	srv.Freeze()
	ctx := context.Background()
	for i := range 20 {
		if _, ok, err := c.Get(ctx, key(i), 0, nil); ok || err != nil {
			t.Fatalf("Get from a frozen server = %v, %v; want a miss", ok, err)
		}
	}
	// Writes never block, whatever the server does: the queue is bounded.
	for i := range 100 {
		mustPut(t, c, i)
	}
	st := r.Stats()
	if st.Circuit == "closed" || st.Errors != defaultFailures || st.Dropped < 100-8 {
		t.Fatalf("stats = %+v; want the circuit open and writes dropped", st)
	}
	if !strings.Contains(logged(), "does not answer in time") {
		t.Fatalf("the warning does not say the server is slow:\n%s", logged())
	}
	srv.Thaw()
	waitFor(t, "the circuit to close", func() bool { return r.Stats().Circuit == "closed" })
	mustPut(t, c, 500)
	waitFor(t, "a write after the thaw", func() bool {
		n, _ := srv.Admin().Exists(ctx, redisKeyOf(500)).Result()
		return n == 1
	})
}

func TestWrongPassword(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	logger, logged := captureLog()
	r := openShared(t, RedisOptions{URL: srv.URL(), Password: "not-the-password", Logger: logger})
	c := machine(t, r)
	for i := range 10 {
		if _, ok, err := c.Get(context.Background(), key(i), 0, nil); ok || err != nil {
			t.Fatalf("Get = %v, %v; want a miss", ok, err)
		}
	}
	if st := r.Stats(); st.Circuit == "closed" || st.Errors != defaultFailures {
		t.Fatalf("stats = %+v, want the circuit open", st)
	}
	if !strings.Contains(logged(), "cachePasswordEnv") || strings.Contains(logged(), "not-the-password") ||
		strings.Contains(logged(), redistest.UserPassword) {
		t.Fatalf("the warning should name the password setting and never a password:\n%s", logged())
	}
}

func TestACLDenial(t *testing.T) {
	t.Run("reads", func(t *testing.T) {
		srv := redistest.Start(t, redistest.Options{Commands: "-@all +set +ping"})
		logger, logged := captureLog()
		r := openShared(t, RedisOptions{URL: srv.URL(), Logger: logger})
		c := machine(t, r)
		for i := range 10 {
			c.Get(context.Background(), key(i), 0, nil)
		}
		if st := r.Stats(); st.Circuit == "closed" || !strings.Contains(logged(), "ACL") {
			t.Fatalf("stats = %+v, logged:\n%s\nwant the circuit open with the ACL named", st, logged())
		}
	})
	t.Run("keys outside the prefix", func(t *testing.T) {
		srv := redistest.Start(t, redistest.Options{})
		logger, logged := captureLog()
		r := openShared(t, RedisOptions{URL: srv.URL(), Prefix: "other:", Logger: logger})
		c := machine(t, r)
		for i := range 5 {
			mustPut(t, c, i)
		}
		waitFor(t, "refused writes", func() bool { return r.Stats().WriteErrors == 5 })
		if n := strings.Count(logged(), "refused a write"); n != 1 || !strings.Contains(logged(), "+set on ~other:*") {
			t.Fatalf("logged %d refusal lines, want one naming the grant:\n%s", n, logged())
		}
		if st := r.Stats(); st.Circuit != "closed" || st.Written != 0 {
			t.Fatalf("stats = %+v; refused writes say nothing about reads", st)
		}
	})
}

func TestMaxmemoryReached(t *testing.T) {
	fill := func(t *testing.T, srv *redistest.Server) {
		admin := srv.Admin()
		big := strings.Repeat("x", 64<<10)
		for i := range 200 {
			if err := admin.Set(context.Background(), "summarizer:fill:"+string(rune('a'+i%26))+strings.Repeat("y", i), big, 0).Err(); err != nil {
				return // full
			}
		}
	}
	t.Run("noeviction refuses writes", func(t *testing.T) {
		srv := redistest.Start(t, redistest.Options{MaxMemory: "4mb", Policy: "noeviction"})
		fill(t, srv)
		logger, logged := captureLog()
		r := openShared(t, RedisOptions{URL: srv.URL(), Logger: logger})
		c := machine(t, r)
		mustPut(t, c, 1)
		waitFor(t, "the refused write", func() bool { return r.Stats().WriteErrors == 1 })
		if !strings.Contains(logged(), "allkeys-lru") {
			t.Fatalf("the warning does not name the fix:\n%s", logged())
		}
		// Reads still work, and the local tiers have the value.
		mustGet(t, c, 1)
		if _, ok, _ := c.Get(context.Background(), key(2), 0, nil); ok {
			t.Fatal("hit on a key nobody wrote")
		}
		if st := r.Stats(); st.Circuit != "closed" || st.Misses != 1 {
			t.Fatalf("stats = %+v, want reads answered", st)
		}
	})
	t.Run("allkeys-lru evicts", func(t *testing.T) {
		srv := redistest.Start(t, redistest.Options{MaxMemory: "4mb", Policy: "allkeys-lru"})
		fill(t, srv)
		r := openShared(t, RedisOptions{URL: srv.URL()})
		c := machine(t, r)
		mustPut(t, c, 1)
		waitFor(t, "the write", written(r, 1))
		other := machine(t, openShared(t, RedisOptions{URL: srv.URL()}))
		mustGet(t, other, 1)
	})
}

func TestTTL(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	r := openShared(t, RedisOptions{URL: srv.URL(), TTL: time.Hour})
	c := machine(t, r)
	mustPut(t, c, 1)
	waitFor(t, "the write", written(r, 1))
	ttl, err := srv.Admin().TTL(context.Background(), redisKeyOf(1)).Result()
	if err != nil || ttl <= 0 || ttl > time.Hour {
		t.Fatalf("TTL = %v, %v; want at most an hour", ttl, err)
	}
}

func TestCloseSendsQueuedWrites(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	r := openShared(t, RedisOptions{URL: srv.URL()})
	c := openTest(t, Options{Dir: privateDir(t), Shared: r})
	for i := range 300 {
		mustPut(t, c, i)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := srv.Admin().DBSize(context.Background()).Result(); err != nil || n != 300 {
		t.Fatalf("Redis holds %d, %v keys after Close; want all 300 (a CLI run fills the team cache)", n, err)
	}
}

func TestRedisURLs(t *testing.T) {
	for _, tc := range []struct {
		url, addrs, user, pass, err string
		db                          int
		tls                         bool
	}{
		{url: "redis://localhost", addrs: "localhost:6379"},
		{url: "redis://u:p@h:1/2", addrs: "h:1", user: "u", pass: "p", db: 2},
		{url: "rediss://u@h:1", addrs: "h:1", user: "u", tls: true},
		{url: "redis://u@a:1,b:2, c:3", addrs: "a:1 b:2 c:3", user: "u"},
		{url: "redis://a:1,redis://b:2", addrs: "a:1 b:2"},
		{url: "http://h", err: "scheme"},
		{url: "a:1,b:2", err: "first entry"},
		{url: "redis://a:1/1,b:2", err: "database 0"},
		{url: "redis://a:1,rediss://b:2", err: "mixes"},
		{url: "redis://h/x", err: "database number"},
		{url: "redis://:secret@h:1,", err: "empty"},
	} {
		uo, target, err := universalOptions(RedisOptions{URL: tc.url})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "secret") {
				t.Errorf("%q: err = %v, want one containing %q (and no password)", tc.url, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.url, err)
			continue
		}
		if got := strings.Join(uo.Addrs, " "); got != tc.addrs || uo.Username != tc.user || uo.Password != tc.pass ||
			uo.DB != tc.db || (uo.TLSConfig != nil) != tc.tls {
			t.Errorf("%q: addrs %q user %q pass %q db %d tls %v", tc.url, got, uo.Username, uo.Password, uo.DB, uo.TLSConfig != nil)
		}
		if strings.Contains(target, "p@") {
			t.Errorf("%q: target %q shows the password", tc.url, target)
		}
	}
	uo, _, _ := universalOptions(RedisOptions{URL: "redis://u:p@h", Password: "env"})
	if uo.Password != "env" {
		t.Errorf("the Password option does not replace the URL's: %q", uo.Password)
	}
}
