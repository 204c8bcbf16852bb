package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func key(i int) Key { return sha256.Sum256([]byte(fmt.Sprintf("func f%d() {}", i))) }

func value(i int) []byte { return []byte(fmt.Sprintf(`{"summary":"function %d"}`, i)) }

// openTest opens a cache in dir and closes it when the test ends.
func openTest(t testing.TB, opts Options) *Cache {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c, err := Open(opts)
	if err != nil {
		t.Fatalf("Open(%+v): %v", opts, err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

func mustGet(t testing.TB, c *Cache, i int) {
	t.Helper()
	v, ok, err := c.Get(context.Background(), key(i), 0, nil)
	if err != nil || !ok || !bytes.Equal(v, value(i)) {
		t.Fatalf("Get(%d) = %q, %v, %v; want %q", i, v, ok, err, value(i))
	}
}

func mustPut(t testing.TB, c *Cache, i int) {
	t.Helper()
	if err := c.Put(context.Background(), key(i), value(i)); err != nil {
		t.Fatalf("Put(%d): %v", i, err)
	}
}

func mustLen(t testing.TB, c *Cache, want int) {
	t.Helper()
	if n, err := c.Len(context.Background()); err != nil || n != want {
		t.Fatalf("Len = %d, %v; want %d", n, err, want)
	}
}

func TestMemoryOnly(t *testing.T) {
	ctx := context.Background()
	c := OpenMemory(2)
	if c.Dir() != "" {
		t.Errorf("Dir = %q, want empty", c.Dir())
	}
	if _, ok, err := c.Get(ctx, key(1), 0, nil); ok || err != nil {
		t.Fatalf("Get on empty cache = %v, %v", ok, err)
	}
	for i := range 3 {
		mustPut(t, c, i)
	}
	mustLen(t, c, 2)
	if _, ok, _ := c.Get(ctx, key(0), 0, nil); ok {
		t.Error("entry 0 should have been dropped by the memory bound")
	}
	mustGet(t, c, 1)
	mustGet(t, c, 2)
	if err := c.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	mustLen(t, c, 0)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestPersistsAcrossOpen(t *testing.T) {
	dir := t.TempDir()
	c := openTest(t, Options{Dir: dir})
	if c.Dir() != dir {
		t.Errorf("Dir = %q, want %q", c.Dir(), dir)
	}
	for i := range 50 {
		mustPut(t, c, i)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openTest(t, Options{Dir: dir, MemEntries: 4})
	mustLen(t, c, 50)
	for i := range 50 {
		mustGet(t, c, i) // from the file: memory starts empty
	}
	if _, ok, err := c.Get(context.Background(), key(50), 0, nil); ok || err != nil {
		t.Fatalf("Get of absent key = %v, %v", ok, err)
	}
}

func TestValuesAreCopies(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    func(t *testing.T) *Cache
	}{
		{"memory", func(*testing.T) *Cache { return OpenMemory(0) }},
		{"file", func(t *testing.T) *Cache { return openTest(t, Options{Dir: t.TempDir(), MemEntries: 1}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c := tc.c(t)
			in := value(1)
			if err := c.Put(ctx, key(1), in); err != nil {
				t.Fatal(err)
			}
			in[0] = 'X'
			out, _, _ := c.Get(ctx, key(1), 0, nil)
			out[1] = 'Y'
			mustGet(t, c, 1)
		})
	}
}

func TestEmptyAndOversizedValues(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, Options{Dir: t.TempDir(), MemEntries: 1})
	if err := c.Put(ctx, key(1), nil); err != nil {
		t.Fatalf("Put(nil): %v", err)
	}
	mustPut(t, c, 2) // pushes key 1 out of memory
	if v, ok, err := c.Get(ctx, key(1), 0, nil); err != nil || !ok || len(v) != 0 {
		t.Fatalf("Get of empty value = %q, %v, %v", v, ok, err)
	}
	err := c.Put(ctx, key(3), make([]byte, MaxValueSize+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Put of %d bytes: err = %v, want ErrTooLarge", MaxValueSize+1, err)
	}
	if err := c.Put(ctx, key(4), make([]byte, MaxValueSize)); err != nil {
		t.Fatalf("Put of MaxValueSize bytes: %v", err)
	}
	mustLen(t, c, 3)
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	for _, c := range []*Cache{OpenMemory(0), openTest(t, Options{Dir: t.TempDir()})} {
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Get(ctx, key(1), 0, nil); !errors.Is(err, ErrClosed) {
			t.Errorf("Get after Close: %v", err)
		}
		if err := c.Put(ctx, key(1), value(1)); !errors.Is(err, ErrClosed) {
			t.Errorf("Put after Close: %v", err)
		}
		if err := c.Clear(ctx); !errors.Is(err, ErrClosed) {
			t.Errorf("Clear after Close: %v", err)
		}
		if _, err := c.Len(ctx); !errors.Is(err, ErrClosed) {
			t.Errorf("Len after Close: %v", err)
		}
		if err := c.Close(); !errors.Is(err, ErrClosed) {
			t.Errorf("second Close: %v", err)
		}
	}
}

func TestClearBothTiers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openTest(t, Options{Dir: dir})
	for i := range 10 {
		mustPut(t, c, i)
	}
	if err := c.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	mustLen(t, c, 0)
	if _, ok, err := c.Get(ctx, key(3), 0, nil); ok || err != nil {
		t.Fatalf("Get after Clear = %v, %v", ok, err)
	}
	mustPut(t, c, 3)
	mustGet(t, c, 3)
}

// fakeClock returns times one millisecond apart.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(time.Millisecond)
	return f.t
}

func TestEvictsLeastRecentlyAccessed(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openTest(t, Options{Dir: dir, MaxEntries: 100, MemEntries: 8})
	c.now = (&fakeClock{t: time.Unix(1e9, 0)}).now
	for i := range 100 {
		mustPut(t, c, i)
	}
	// Read entries 0..19, the oldest: some hits come from memory, most from
	// the file; all must count as recent.
	for i := range 20 {
		mustGet(t, c, i)
	}
	for i := 100; i < 130; i++ {
		mustPut(t, c, i)
	}
	if err := c.maintain(ctx); err != nil {
		t.Fatal(err)
	}
	// The background loop may already have evicted down to 90 when the
	// bound was first passed, leaving up to 100; either way the missing
	// entries are the least recently accessed: 20, 21, ... in order.
	n, err := c.Len(ctx)
	if err != nil || n < 90 || n > 100 {
		t.Fatalf("Len = %d, %v; want 90..100", n, err)
	}
	firstKept := 20 + 130 - n
	c2 := openTest(t, Options{Dir: dir, MemEntries: 1})
	for i := range 130 {
		_, ok, err := c2.Get(ctx, key(i), 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 20 || i >= firstKept; ok != want {
			t.Errorf("entry %d present = %v, want %v (Len %d)", i, ok, want, n)
		}
	}
}

func TestEvictionInBackground(t *testing.T) {
	dir := t.TempDir()
	c := openTest(t, Options{Dir: dir, MaxEntries: 50})
	for i := range 200 {
		mustPut(t, c, i)
	}
	// Each Put past the bound wakes the maintenance loop; Close runs it a
	// last time.
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openTest(t, Options{Dir: dir, MaxEntries: 50})
	n, err := c.Len(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n > 50 || n < 45 {
		t.Fatalf("Len = %d after 200 Puts with MaxEntries 50, want 45..50", n)
	}
	if err := c.maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustPut(t, c, 1000)
	if err := c.maintain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := c.Len(context.Background()); n > 50 {
		t.Fatalf("Len = %d after maintain, want ≤ 50", n)
	}
	mustGet(t, c, 1000)
}

func TestConcurrentCachesShareFile(t *testing.T) {
	dir := t.TempDir()
	const writers, per = 4, 100
	caches := []*Cache{openTest(t, Options{Dir: dir, MemEntries: 16}), openTest(t, Options{Dir: dir, MemEntries: 16})}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			c, other := caches[w%2], caches[(w+1)%2]
			for i := w * per; i < (w+1)*per; i++ {
				if err := c.Put(context.Background(), key(i), value(i)); err != nil {
					errs <- err
					return
				}
				// Read back through the other Cache, as a second editor would.
				v, ok, err := other.Get(context.Background(), key(i), 0, nil)
				if err != nil || !ok || !bytes.Equal(v, value(i)) {
					errs <- fmt.Errorf("other.Get(%d) = %q, %v, %v", i, v, ok, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, c := range caches {
		mustLen(t, c, writers*per)
	}
}

// captureLog returns a logger and the text it has written so far.
func captureLog() (*slog.Logger, func() string) {
	var mu sync.Mutex
	var buf bytes.Buffer
	h := slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), nil)
	return slog.New(h), func() string {
		mu.Lock()
		defer mu.Unlock()
		return buf.String()
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// corruptFiles returns the moved-aside database files in dir.
func corruptFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, FileName+".corrupt-*"))
	if err != nil {
		t.Fatal(err)
	}
	var dbs []string
	for _, f := range m {
		if !strings.HasSuffix(f, "-wal") {
			dbs = append(dbs, f)
		}
	}
	return dbs
}

// filledDB writes n entries into a new cache in dir and closes it, leaving a
// checkpointed database file, whose contents it returns.
func filledDB(t *testing.T, dir string, n int) []byte {
	t.Helper()
	c := openTest(t, Options{Dir: dir})
	for i := range n {
		mustPut(t, c, i)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCorruptFileMovedAside(t *testing.T) {
	tests := []struct {
		name string
		// damage writes the bad file into dir and returns its bytes.
		damage func(t *testing.T, dir string) []byte
	}{
		{"garbage", func(t *testing.T, dir string) []byte {
			return bytes.Repeat([]byte("not a database\x00\xff"), 1000)
		}},
		{"truncated", func(t *testing.T, dir string) []byte {
			b := filledDB(t, dir, 2000)
			return b[:len(b)/2]
		}},
		{"damaged pages", func(t *testing.T, dir string) []byte {
			b := filledDB(t, dir, 2000)
			copy(b[len(b)/3:], bytes.Repeat([]byte{0xA5}, len(b)/3))
			return b
		}},
		{"header only", func(t *testing.T, dir string) []byte {
			b := filledDB(t, dir, 10)
			return b[:100]
		}},
		{"other schema version", func(t *testing.T, dir string) []byte {
			b := filledDB(t, dir, 10)
			b[63] = 7 // PRAGMA user_version: big-endian uint32 at offset 60
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := tt.damage(t, dir)
			if err := os.WriteFile(filepath.Join(dir, FileName), bad, 0o644); err != nil {
				t.Fatal(err)
			}
			logger, logged := captureLog()
			c := openTest(t, Options{Dir: dir, Logger: logger, MemEntries: 1})
			// Reading a damaged file gives right values or misses, never errors.
			for i := range 2000 {
				v, ok, err := c.Get(context.Background(), key(i), 0, nil)
				if err != nil || ok && !bytes.Equal(v, value(i)) {
					t.Fatalf("Get(%d) on damaged file = %q, %v, %v", i, v, ok, err)
				}
			}
			// What Open does not see, the background check finds; run it
			// here too so the test need not wait for it.
			if err := c.verify(context.Background()); err != nil {
				t.Fatalf("verify: %v", err)
			}
			mustLen(t, c, 0)
			mustPut(t, c, 1)
			mustGet(t, c, 1)
			if !strings.Contains(logged(), "level=WARN") || !strings.Contains(logged(), "moved aside") {
				t.Errorf("no warning logged; log:\n%s", logged())
			}
			moved := corruptFiles(t, dir)
			if len(moved) != 1 {
				t.Fatalf("moved-aside files = %q, want one", moved)
			}
			if got, err := os.ReadFile(moved[0]); err != nil || !bytes.Equal(got, bad) {
				t.Errorf("moved-aside file differs from the damaged one (err %v)", err)
			}
		})
	}
}

func TestZeroLengthFileIsEmptyCache(t *testing.T) {
	dir := privateDir(t)
	if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	logger, logged := captureLog()
	c := openTest(t, Options{Dir: dir, Logger: logger})
	mustLen(t, c, 0)
	mustPut(t, c, 1)
	mustGet(t, c, 1)
	if m := corruptFiles(t, dir); len(m) != 0 || logged() != "" {
		t.Errorf("an empty file is a valid empty database; moved %q, logged %q", m, logged())
	}
}

func TestUnusableDirectory(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string // returns Options.Dir
	}{
		{"dir is a file", func(t *testing.T) string {
			f := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return f
		}},
		{"dir below a file", func(t *testing.T) string {
			f := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(f, "sub")
		}},
		{"database is a directory", func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, FileName), 0o755); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
		{"read-only file system", func(*testing.T) string { return "/proc/summarizer-lsp-cache" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			c, err := Open(Options{Dir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err == nil {
				c.Close()
				t.Fatalf("Open(%q) succeeded", dir)
			}
			if !strings.HasPrefix(err.Error(), "cache: ") {
				t.Errorf("error lacks context: %v", err)
			}
		})
	}
}

func TestCorruptionInUseRebuilds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	logger, logged := captureLog()
	c := openTest(t, Options{Dir: dir, Logger: logger})
	mustPut(t, c, 1)
	calls := 0
	err := c.withStore(ctx, func(st *store) error {
		calls++
		if calls == 1 {
			return fmt.Errorf("read page: %w", errUnusable)
		}
		return st.put(ctx, key(2), value(2), 1)
	})
	if err != nil || calls != 2 {
		t.Fatalf("withStore = %v after %d calls; want a retry on the rebuilt file", err, calls)
	}
	moved := corruptFiles(t, dir)
	if len(moved) != 1 || !strings.Contains(logged(), "moved aside") {
		t.Fatalf("moved %q, log %q", moved, logged())
	}
	mustLen(t, c, 1) // the fresh file holds only what was written after
	mustGet(t, c, 2)
	// A second Cache that still had the old file open must not move the
	// fresh file aside when it finds its own (old) file broken.
	c.storeMu.RLock()
	fresh := c.st
	c.storeMu.RUnlock()
	old, err := os.Stat(moved[0])
	if err != nil {
		t.Fatal(err)
	}
	stale := &store{info: old}
	if st, err := c.openFile(ctx, stale, errUnusable); err != nil {
		t.Fatal(err)
	} else {
		st.close()
	}
	if m := corruptFiles(t, dir); len(m) != 1 {
		t.Fatalf("fresh file moved aside: %q", m)
	}
	if v, ok, err := fresh.get(ctx, key(2)); err != nil || !ok || !bytes.Equal(v, value(2)) {
		t.Fatalf("fresh file lost its entry: %q, %v, %v", v, ok, err)
	}
}

func TestDirectoryRemovedWhileOpen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "cache")
	logger, logged := captureLog()
	c := openTest(t, Options{Dir: dir, Logger: logger, MemEntries: 1})
	mustPut(t, c, 1)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := c.maintain(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged(), "reopening") {
		t.Errorf("no log of the reopen: %q", logged())
	}
	mustPut(t, c, 2)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c = openTest(t, Options{Dir: dir})
	mustLen(t, c, 1)
	mustGet(t, c, 2)
}

func TestMissingTablesRebuilt(t *testing.T) {
	dir := t.TempDir()
	c := openTest(t, Options{Dir: dir})
	mustPut(t, c, 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open(defaultDriver.name, filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TABLE entries`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	c = openTest(t, Options{Dir: dir})
	mustLen(t, c, 0)
	mustPut(t, c, 2)
	mustGet(t, c, 2)
	if m := corruptFiles(t, dir); len(m) != 1 {
		t.Fatalf("moved aside: %q, want one file", m)
	}
}

func TestOpenWaitsForLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockFile(filepath.Join(dir, lockName))
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		time.Sleep(100 * time.Millisecond)
		close(released)
		unlock()
	}()
	c := openTest(t, Options{Dir: dir})
	select {
	case <-released:
	default:
		t.Fatal("Open did not wait for the lock held by another opener")
	}
	mustPut(t, c, 1)
}

func TestOpenGivesUpOnStuckLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockFile(filepath.Join(dir, lockName))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	defer func(d time.Duration) { lockWait = d }(lockWait)
	lockWait = 50 * time.Millisecond
	c, err := Open(Options{Dir: dir})
	if err == nil {
		c.Close()
		t.Fatal("Open succeeded while another process held the lock")
	}
	if !strings.Contains(err.Error(), "lock") {
		t.Errorf("error does not name the lock: %v", err)
	}
}

func TestDirWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a dir?with#uri%20chars&x=1")
	c := openTest(t, Options{Dir: dir})
	mustPut(t, c, 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		t.Fatalf("database not created at the literal path: %v", err)
	}
	c = openTest(t, Options{Dir: dir, MemEntries: 1})
	mustGet(t, c, 1)
}

func TestCancelledContext(t *testing.T) {
	c := openTest(t, Options{Dir: t.TempDir(), MemEntries: 1})
	mustPut(t, c, 1)
	mustPut(t, c, 2) // key 1 now only in the file
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.Get(ctx, key(1), 0, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Get with cancelled context: err = %v", err)
	}
	if err := c.Put(ctx, key(3), value(3)); !errors.Is(err, context.Canceled) {
		t.Errorf("Put with cancelled context: err = %v", err)
	}
	mustGet(t, c, 1)
	if m := corruptFiles(t, c.Dir()); len(m) != 0 {
		t.Errorf("cancellation moved the file aside: %q", m)
	}
}

func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	c := openTest(t, Options{Dir: t.TempDir(), MaxEntries: 64, MemEntries: 16})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 150 {
				k := g*1000 + i
				var err error
				switch i % 5 {
				case 0, 1:
					err = c.Put(ctx, key(k), value(k))
				case 2:
					var v []byte
					var ok bool
					v, ok, err = c.Get(ctx, key(k-2), 0, nil)
					if err == nil && ok && !bytes.Equal(v, value(k-2)) {
						err = fmt.Errorf("Get(%d) = %q", k-2, v)
					}
				case 3:
					_, err = c.Len(ctx)
				case 4:
					if g == 0 && i%50 == 4 {
						err = c.Clear(ctx)
					} else {
						err = c.maintain(ctx)
					}
				}
				if err != nil {
					t.Errorf("goroutine %d step %d: %v", g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := c.maintain(ctx); err != nil {
		t.Fatal(err)
	}
	mustPut(t, c, 1) // a Put after maintain may leave the file just over the bound
	if n, err := c.Len(ctx); err != nil || n > 65 {
		t.Fatalf("Len = %d, %v; want ≤ 65 with MaxEntries 64", n, err)
	}
}
