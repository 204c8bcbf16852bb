// Package cache stores summaries under content-hash keys: a bounded
// in-memory LRU in front of a SQLite file in WAL mode that several server
// processes (one per editor window) share, optionally in front of a team's
// Redis (Redis). Values are opaque bytes; callers say which they accept.
package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// FileName is the database file inside the cache directory.
	FileName = "summaries.db"
	lockName = "summaries.lock"

	// MaxValueSize bounds one stored value.
	MaxValueSize = 1 << 20

	defaultMaxEntries = 200_000
	defaultMemEntries = 4096

	// Access times of hits are collected in memory and written in one
	// transaction every flushInterval, or sooner once touchBatch are pending.
	flushInterval = 10 * time.Second
	touchBatch    = 1024
)

var (
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("cache: closed")
	// ErrTooLarge is returned by Put for a value over MaxValueSize bytes.
	ErrTooLarge = errors.New("cache: value too large")
)

// Options configures Open.
type Options struct {
	Dir        string       // directory of the SQLite file, an absolute path
	MaxEntries int          // SQLite bound; 0 → 200_000; least recently accessed entries are evicted beyond it
	MemEntries int          // in-memory LRU size; 0 → 4096
	Logger     *slog.Logger // warnings (corrupt file moved aside); nil discards
	// MemoryOnly keeps no file (Dir and MaxEntries are unused).
	MemoryOnly bool
	// Shared is the tier asked after a local miss, and written behind
	// every Put; the Cache closes it.
	Shared *Redis
}

// Cache is a two-tier summary store. All methods are safe for concurrent
// use; a Cache from Open must be closed with Close.
type Cache struct {
	dir        string // "" when memory-only
	maxEntries int
	drv        driver
	log        *slog.Logger
	now        func() time.Time
	shared     *Redis // nil without a shared tier
	n          localCounters

	// memMu guards the memory tier, the pending access times and closed.
	memMu   sync.Mutex
	mem     *lru
	touched map[Key]int64 // key → last access (Unix ms) not yet written
	closed  bool

	// storeMu guards st and stErr; operations hold it shared, a rebuild
	// exclusively.
	storeMu sync.RWMutex
	st      *store // nil when memory-only, closed or not reopened after corruption
	stErr   error  // why st is nil

	// maintMu serializes maintenance (flushing access times, eviction).
	maintMu sync.Mutex
	counted atomic.Int64 // entries in the file at the last count
	puts    atomic.Int64 // Puts since the last count

	kick chan struct{} // wakes the maintenance loop early
	stop chan struct{}
	done chan struct{} // closed when the maintenance loop has returned
}

// OpenMemory returns a cache that keeps at most memEntries values in memory
// only (0 → 4096). Close is optional.
func OpenMemory(memEntries int) *Cache {
	return newMemory(Options{MemEntries: memEntries})
}

func newMemory(opts Options) *Cache {
	n := opts.MemEntries
	if n <= 0 {
		n = defaultMemEntries
	}
	c := &Cache{mem: newLRU(n), log: opts.Logger, now: time.Now, shared: opts.Shared}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Open opens or creates the cache database in opts.Dir, creating the
// directory. A file that is not a usable cache database (not SQLite,
// another schema) is renamed to FileName.corrupt-<unix time> with a warning
// and a fresh database is created. Damage deeper in the file (truncation,
// bad pages) is found by a check that starts in the background once Open
// returns, or by the first query that reads a bad page, and handled the
// same way. The caller must Close. With opts.MemoryOnly it never fails.
func Open(opts Options) (*Cache, error) {
	if opts.MemoryOnly {
		return newMemory(opts), nil
	}
	return open(opts, defaultDriver)
}

func open(opts Options, drv driver) (*Cache, error) {
	dir := opts.Dir
	if !filepath.IsAbs(dir) {
		return nil, fmt.Errorf("cache: directory %q is not an absolute path", dir)
	}
	c := newMemory(opts)
	c.dir = dir
	c.drv = drv
	c.maxEntries = opts.MaxEntries
	if c.maxEntries <= 0 {
		c.maxEntries = defaultMaxEntries
	}
	c.touched = make(map[Key]int64)
	ctx := context.Background()
	var err error
	if c.st, err = c.openFile(ctx, nil, nil); err != nil {
		return nil, err
	}
	var n int
	if err := c.withStore(ctx, func(st *store) (err error) {
		n, err = st.count(ctx)
		return err
	}); err != nil {
		c.storeMu.Lock()
		if c.st != nil {
			c.st.close()
		}
		c.storeMu.Unlock()
		return nil, fmt.Errorf("cache: count entries: %w", err)
	}
	c.counted.Store(int64(n))
	c.kick = make(chan struct{}, 1)
	c.stop = make(chan struct{})
	c.done = make(chan struct{})
	go c.loop()
	return c, nil
}

// openFile opens the database, moving an unusable file aside first. When
// broken is the store that just failed with cause, the file is only moved
// if it is still the one broken had open: another process may have
// rebuilt it. The directory's lock file is held throughout.
func (c *Cache) openFile(ctx context.Context, broken *store, cause error) (*store, error) {
	if err := c.makePrivate(c.dir); err != nil {
		return nil, err
	}
	path := filepath.Join(c.dir, FileName)
	unlock, err := lockFile(filepath.Join(c.dir, lockName))
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	defer unlock()
	if broken != nil {
		if fi, err := os.Stat(path); err == nil && os.SameFile(fi, broken.info) {
			if err := c.moveAside(path, cause); err != nil {
				return nil, err
			}
		}
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	st, err := openStore(ctx, c.drv, path)
	if err == nil {
		return st, nil
	}
	if !c.unusable(err) {
		return nil, fmt.Errorf("cache: open %s: %w", path, err)
	}
	if err := c.moveAside(path, err); err != nil {
		return nil, err
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	if st, err = openStore(ctx, c.drv, path); err != nil {
		return nil, fmt.Errorf("cache: create %s: %w", path, err)
	}
	return st, nil
}

func (c *Cache) unusable(err error) bool {
	return c.drv.isCorrupt(err) || errors.Is(err, errUnusable)
}

// moveAside renames the database file and its WAL to
// FileName.corrupt-<unix time>[-wal] and drops the shared-memory index,
// which SQLite rebuilds.
func (c *Cache) moveAside(path string, cause error) error {
	base := path + ".corrupt-" + strconv.FormatInt(c.now().Unix(), 10)
	dst := base
	for i := 1; ; i++ {
		if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
			break
		}
		dst = base + "." + strconv.Itoa(i)
	}
	if err := os.Rename(path, dst); err != nil {
		return fmt.Errorf("cache: move corrupt %s aside: %w", path, err)
	}
	if err := os.Rename(path+"-wal", dst+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cache: move corrupt %s-wal aside: %w", path, err)
	}
	if err := os.Remove(path + "-shm"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cache: remove %s-shm: %w", path, err)
	}
	c.log.Warn("cache: corrupt database moved aside, starting empty", "path", path, "moved_to", dst, "err", cause)
	return nil
}

// withStore runs op on the persistent tier. If the file turns out to be
// corrupt it is rebuilt and op runs once more on the fresh database.
func (c *Cache) withStore(ctx context.Context, op func(*store) error) error {
	for try := 0; ; try++ {
		c.storeMu.RLock()
		st, stErr := c.st, c.stErr
		if st == nil {
			c.storeMu.RUnlock()
			return stErr
		}
		err := op(st)
		c.storeMu.RUnlock()
		if err == nil || try > 0 || !c.unusable(err) {
			return err
		}
		if rerr := c.rebuild(ctx, st, err); rerr != nil {
			return errors.Join(err, rerr)
		}
	}
}

// rebuild replaces the broken store (nil after a failed reopen) with a
// freshly opened one, unless another goroutine has already done so; cause
// is why broken failed.
func (c *Cache) rebuild(ctx context.Context, broken *store, cause error) error {
	c.storeMu.Lock()
	defer c.storeMu.Unlock()
	if c.st != broken || errors.Is(c.stErr, ErrClosed) {
		return c.stErr
	}
	if broken != nil {
		broken.close()
	}
	c.st, c.stErr = c.openFile(ctx, broken, cause)
	return c.stErr
}

// Dir returns the directory of the database file ("" when memory-only).
func (c *Cache) Dir() string { return c.dir }

// Get returns the value stored under k that accept takes (nil: any): from
// memory, else from the file (then kept in memory too), else from the
// shared tier, asked for at most wait (0: its default) and only after a
// local miss; a shared value accept takes is kept in both local tiers, one
// it refuses is not. The returned slice is the caller's. A hit records
// the access time for eviction. Shared-tier failures are misses.
func (c *Cache) Get(ctx context.Context, k Key, wait time.Duration, accept func([]byte) bool) ([]byte, bool, error) {
	v, ok, err := c.getLocal(ctx, k)
	if err != nil {
		return nil, false, err
	}
	if ok && (accept == nil || accept(v)) {
		return v, true, nil
	}
	if ok {
		c.n.rejected.Add(1)
	}
	if c.shared == nil {
		return nil, false, nil
	}
	if v, ok = c.shared.Get(ctx, k, wait, accept); !ok {
		return nil, false, nil
	}
	if err := c.keep(ctx, k, v); err != nil && !errors.Is(err, ErrClosed) {
		c.log.Debug("cache: keeping a shared value locally failed", "key", keyString(k), "err", err)
	}
	return bytes.Clone(v), true, nil
}

// getLocal reads k from memory, else from the file, keeping a file hit in
// memory, and counts hits and misses per tier.
func (c *Cache) getLocal(ctx context.Context, k Key) ([]byte, bool, error) {
	c.memMu.Lock()
	if c.closed {
		c.memMu.Unlock()
		return nil, false, ErrClosed
	}
	v, ok := c.mem.get(k)
	if ok {
		c.touchLocked(k)
	}
	c.memMu.Unlock()
	if ok {
		c.n.memHits.Add(1)
		return bytes.Clone(v), true, nil
	}
	c.n.memMisses.Add(1)
	if c.dir == "" {
		return nil, false, nil
	}
	err := c.withStore(ctx, func(st *store) (err error) {
		v, ok, err = st.get(ctx, k)
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("cache: get %s: %w", keyString(k), err)
	}
	if !ok {
		c.n.fileMisses.Add(1)
		return nil, false, nil
	}
	c.n.fileHits.Add(1)
	c.memMu.Lock()
	if !c.closed {
		c.mem.add(k, v)
		c.touchLocked(k)
	}
	c.memMu.Unlock()
	return bytes.Clone(v), true, nil
}

// touchLocked records an access to k for the next flush. memMu must be held.
func (c *Cache) touchLocked(k Key) {
	if c.touched == nil {
		return
	}
	c.touched[k] = c.now().UnixMilli()
	if len(c.touched) >= touchBatch {
		c.wake()
	}
}

func (c *Cache) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Put stores a copy of value under k in the local tiers and queues it for
// the shared tier, which never delays Put. The file write is one short
// transaction: once Put returns nil the value survives a crash of this
// process.
func (c *Cache) Put(ctx context.Context, k Key, value []byte) error {
	if len(value) > MaxValueSize {
		return fmt.Errorf("%w: %d bytes for %s (limit %d)", ErrTooLarge, len(value), keyString(k), MaxValueSize)
	}
	v := bytes.Clone(value)
	if v == nil {
		v = []byte{}
	}
	if err := c.keep(ctx, k, v); err != nil {
		return err
	}
	if c.shared != nil {
		c.shared.Put(k, v)
	}
	return nil
}

// keep stores v (which the caller no longer changes) under k in the local
// tiers.
func (c *Cache) keep(ctx context.Context, k Key, v []byte) error {
	c.memMu.Lock()
	if c.closed {
		c.memMu.Unlock()
		return ErrClosed
	}
	c.mem.add(k, v)
	delete(c.touched, k)
	c.memMu.Unlock()
	if c.dir == "" {
		return nil
	}
	at := c.now().UnixMilli()
	if err := c.withStore(ctx, func(st *store) error { return st.put(ctx, k, v, at) }); err != nil {
		return fmt.Errorf("cache: put %s: %w", keyString(k), err)
	}
	if c.counted.Load()+c.puts.Add(1) > int64(c.maxEntries) {
		c.wake()
	}
	return nil
}

// Clear removes every entry from the local tiers; a shared tier is not
// touched. Other processes sharing the file keep what they hold in memory.
func (c *Cache) Clear(ctx context.Context) error {
	c.memMu.Lock()
	if c.closed {
		c.memMu.Unlock()
		return ErrClosed
	}
	c.mem.clear()
	clear(c.touched)
	c.memMu.Unlock()
	if c.dir == "" {
		return nil
	}
	c.maintMu.Lock()
	defer c.maintMu.Unlock()
	if err := c.withStore(ctx, func(st *store) error { return st.clear(ctx) }); err != nil {
		return fmt.Errorf("cache: clear: %w", err)
	}
	c.counted.Store(0)
	c.puts.Store(0)
	return nil
}

// Len returns the number of entries in the file, or in memory for a
// memory-only cache.
func (c *Cache) Len(ctx context.Context) (int, error) {
	c.memMu.Lock()
	if c.closed {
		c.memMu.Unlock()
		return 0, ErrClosed
	}
	n := c.mem.len()
	c.memMu.Unlock()
	if c.dir == "" {
		return n, nil
	}
	err := c.withStore(ctx, func(st *store) (err error) {
		n, err = st.count(ctx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("cache: count: %w", err)
	}
	return n, nil
}

// loop checks the file once, then runs maintenance every flushInterval or
// when woken, until Close.
func (c *Cache) loop() {
	defer close(c.done)
	ctx := context.Background()
	if err := c.verify(ctx); err != nil {
		c.log.Warn("cache: check failed", "dir", c.dir, "err", err)
	}
	t := time.NewTicker(flushInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		case <-c.kick:
		}
		if err := c.maintain(ctx); err != nil {
			c.log.Warn("cache: maintenance failed", "dir", c.dir, "err", err)
		}
	}
}

// verify runs the structural check of the file; a damaged file is moved
// aside and replaced by an empty one.
func (c *Cache) verify(ctx context.Context) error {
	return c.withStore(ctx, func(st *store) error { return st.check(ctx) })
}

// maintain writes pending access times and, when entries were added since
// the last count, counts the file and evicts the least recently accessed
// entries down to 90% of MaxEntries if it holds more than MaxEntries.
func (c *Cache) maintain(ctx context.Context) error {
	c.maintMu.Lock()
	defer c.maintMu.Unlock()
	if err := c.reopenIfReplaced(ctx); err != nil {
		return err
	}
	if err := c.writeStats(c.isClosed()); err != nil {
		c.log.Debug("cache: cannot record counters", "err", err)
	}
	if err := c.flush(ctx); err != nil {
		return err
	}
	if c.puts.Swap(0) == 0 {
		return nil
	}
	var n int
	err := c.withStore(ctx, func(st *store) (err error) {
		if n, err = st.count(ctx); err != nil || n <= c.maxEntries {
			return err
		}
		evicted, err := st.evict(ctx, n-c.maxEntries*9/10)
		n -= evicted
		return err
	})
	c.counted.Store(int64(n))
	if err != nil {
		return fmt.Errorf("cache: evict: %w", err)
	}
	return nil
}

// reopenIfReplaced reopens the database when its file was removed or
// replaced since it was opened (the user deleted the cache directory, say),
// so that later writes are not lost to an unlinked file, and retries an
// open that failed during a rebuild.
func (c *Cache) reopenIfReplaced(ctx context.Context) error {
	c.storeMu.RLock()
	st := c.st
	c.storeMu.RUnlock()
	if st != nil {
		if fi, err := os.Stat(st.path); err == nil && os.SameFile(fi, st.info) {
			return nil
		}
		c.log.Info("cache: database file removed or replaced, reopening", "path", st.path)
	}
	if err := c.rebuild(ctx, st, errors.New("file replaced")); err != nil {
		return fmt.Errorf("cache: reopen: %w", err)
	}
	return nil
}

// flush writes the pending access times. On failure they are dropped: they
// only steer eviction.
func (c *Cache) flush(ctx context.Context) error {
	c.memMu.Lock()
	times := c.touched
	if len(times) == 0 {
		c.memMu.Unlock()
		return nil
	}
	c.touched = make(map[Key]int64)
	c.memMu.Unlock()
	if err := c.withStore(ctx, func(st *store) error { return st.touch(ctx, times) }); err != nil {
		return fmt.Errorf("cache: record access times: %w", err)
	}
	return nil
}

// Close writes pending access times, evicts down to the bound if Puts went
// past it, and closes the file. Calls after the first return ErrClosed.
func (c *Cache) Close() error {
	c.memMu.Lock()
	if c.closed {
		c.memMu.Unlock()
		return ErrClosed
	}
	c.closed = true
	c.memMu.Unlock()
	var err error
	if c.shared != nil {
		err = c.shared.Close()
	}
	if c.dir == "" {
		return err
	}
	close(c.stop)
	<-c.done
	err = errors.Join(err, c.maintain(context.Background()))
	c.storeMu.Lock()
	defer c.storeMu.Unlock()
	if c.st != nil {
		err = errors.Join(err, c.st.close())
	}
	c.st, c.stErr = nil, ErrClosed
	return err
}

func (c *Cache) isClosed() bool {
	c.memMu.Lock()
	defer c.memMu.Unlock()
	return c.closed
}

// localCounters count the local tiers' reads.
type localCounters struct {
	memHits, memMisses, fileHits, fileMisses, rejected atomic.Uint64
}

// TierStats count one tier's reads.
type TierStats struct {
	Hits   uint64 `json:"hits"`
	Misses uint64 `json:"misses"`
}

// Stats are a cache's counters since it was opened.
type Stats struct {
	Memory TierStats `json:"memory"`
	File   TierStats `json:"file"` // zero when memory-only
	// Rejected counts local values the caller did not accept.
	Rejected uint64 `json:"rejected"`
	// Shared is the shared tier's; nil without one.
	Shared *SharedStats `json:"shared,omitempty"`
}

// Stats returns the counters of every tier.
func (c *Cache) Stats() Stats {
	st := Stats{
		Memory:   TierStats{Hits: c.n.memHits.Load(), Misses: c.n.memMisses.Load()},
		File:     TierStats{Hits: c.n.fileHits.Load(), Misses: c.n.fileMisses.Load()},
		Rejected: c.n.rejected.Load(),
	}
	if c.shared != nil {
		sh := c.shared.Stats()
		st.Shared = &sh
	}
	return st
}
