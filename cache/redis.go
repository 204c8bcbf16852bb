package cache

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
	"github.com/summarizer-lsp/summarizer-lsp/internal/circuit"
)

// DefaultPrefix is the key prefix in a shared tier: a Redis ACL can confine
// the tool to it (~summarizer:*).
const DefaultPrefix = "summarizer:v1:"

const (
	defaultSharedWait  = 50 * time.Millisecond
	defaultQueueSize   = 1024
	writeBatch         = 64
	writeTimeout       = time.Second
	closeFlushTimeout  = 10 * time.Second
	connectTimeout     = time.Second
	probeTimeout       = time.Second
	defaultFailures    = 5
	defaultCooldown    = time.Second
	defaultMaxCooldown = 30 * time.Second
)

// RedisOptions configures OpenRedis.
type RedisOptions struct {
	// URL is redis://[user[:password]@]host[:port][/db], rediss:// for TLS,
	// or a comma-separated list of cluster seed nodes (URLs or host:port;
	// bare addresses take the first URL's scheme and credentials).
	URL string
	// Password, when set, replaces the URL's password.
	Password string
	// Prefix is put before the hex key (default DefaultPrefix).
	Prefix string
	// TTL makes entries expire that long after they were written (0: never).
	TTL time.Duration
	// Wait bounds a read when the caller gives no wait (default 50 ms).
	Wait time.Duration
	// TLS configures rediss:// connections (nil: the system's roots, which
	// honour SSL_CERT_FILE; the server name is the host's).
	TLS *tls.Config
	// QueueSize bounds the writes waiting to be sent (default 1024); a Put
	// that finds it full is dropped and counted.
	QueueSize int
	// Failures is how many failures in a row open the circuit (default 5);
	// Cooldown the first wait before a probe (default 1 s), doubling up to
	// MaxCooldown (default 30 s) while probes fail.
	Failures              int
	Cooldown, MaxCooldown time.Duration
	// Logger receives the circuit's warnings (nil discards).
	Logger *slog.Logger
}

// Redis is a shared summary tier on a Redis server or Redis Cluster. Reads
// are bounded by the caller's wait; writes go through a bounded queue to a
// background writer and never block. A circuit breaker stops asking a
// server that keeps failing and probes it until it answers again. Its
// contents are untrusted: callers check what they read. Safe for
// concurrent use; caller must Close (a Cache it was given to closes it).
type Redis struct {
	client redis.UniversalClient
	target string // the URL without its password, for messages
	prefix string
	ttl    time.Duration
	wait   time.Duration
	log    *slog.Logger
	br     *circuit.Breaker

	// queueMu guards closed against Put racing Close: Put sends while
	// holding it shared, Close sets closed holding it exclusively.
	queueMu sync.RWMutex
	closed  bool
	queue   chan sharedEntry
	stop    chan struct{} // closed by Close: the writer drains and returns
	done    chan struct{} // closed when the writer and prober have returned

	// warned holds the write refusals already logged (one line per kind).
	warned sync.Map
	n      sharedCounters
}

type sharedEntry struct {
	key   Key
	value []byte
}

type sharedCounters struct {
	hits, misses, rejected, errors, skipped atomic.Uint64
	written, dropped, writeErrors           atomic.Uint64
}

// SharedStats are a shared tier's counters since it was opened.
type SharedStats struct {
	Target      string `json:"target"`      // the server or seeds, without the password
	Circuit     string `json:"circuit"`     // closed (in use), open (not asked), half-open (being probed)
	Hits        uint64 `json:"hits"`        // reads that found a value
	Misses      uint64 `json:"misses"`      // reads that found nothing
	Rejected    uint64 `json:"rejected"`    // values found but refused: oversized, wrong type, failed the caller's check
	Errors      uint64 `json:"errors"`      // reads that failed or ran out of time
	Skipped     uint64 `json:"skipped"`     // reads not tried because the circuit was open
	Written     uint64 `json:"written"`     // values written
	Dropped     uint64 `json:"dropped"`     // writes dropped: queue full, circuit open, or failed to send
	WriteErrors uint64 `json:"writeErrors"` // writes the server refused (out of memory, no permission)
	Queued      int    `json:"queued"`      // writes waiting to be sent
}

// OpenRedis connects to the shared tier opts.URL names. The connection is
// made lazily: a server that is down is not an error here, only a circuit
// that opens on first use. Errors are for settings that cannot work.
func OpenRedis(opts RedisOptions) (*Redis, error) {
	uo, target, err := universalOptions(opts)
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clientLogOnce.Do(func() { redis.SetLogger(clientLog{opts.Logger}) })
	r := &Redis{
		client: redis.NewUniversalClient(uo),
		target: target,
		prefix: opts.Prefix,
		ttl:    opts.TTL,
		wait:   opts.Wait,
		log:    opts.Logger,
		queue:  make(chan sharedEntry, cmp.Or(max(opts.QueueSize, 0), defaultQueueSize)),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if r.prefix == "" {
		r.prefix = DefaultPrefix
	}
	if r.wait <= 0 {
		r.wait = defaultSharedWait
	}
	r.br = newBreaker(opts, r.ping, r.log.With("cache", target))
	go r.writer()
	return r, nil
}

// clientLogOnce installs clientLog: the client library has one logger for
// the process.
var clientLogOnce sync.Once

// clientLog turns the client library's own lines (each failed dial, say)
// into debug lines: the breaker reports outages once.
type clientLog struct{ log *slog.Logger }

func (l clientLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "redis client: "+fmt.Sprintf(format, v...))
}

// universalOptions turns opts into the client's options and the target
// named in messages.
func universalOptions(opts RedisOptions) (*redis.UniversalOptions, string, error) {
	parts := strings.Split(opts.URL, ",")
	uo := &redis.UniversalOptions{
		DialTimeout:           connectTimeout,
		DialerRetries:         1,
		ReadTimeout:           writeTimeout,
		WriteTimeout:          writeTimeout,
		PoolTimeout:           writeTimeout,
		ContextTimeoutEnabled: true,
		MaxRetries:            -1, // the breaker decides when to try again
		Protocol:              2,
		DisableIdentity:       true,
		MaintNotificationsConfig: &maintnotifications.Config{
			Mode: maintnotifications.ModeDisabled,
		},
	}
	var first *url.URL
	var targets []string
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, "", fmt.Errorf("cache: cacheUrl entry %d is empty", i+1)
		}
		if !strings.Contains(p, "://") {
			if first == nil {
				return nil, "", errors.New("cache: cacheUrl: the first entry must be a redis:// or rediss:// URL")
			}
			p = first.Scheme + "://" + p
		}
		u, err := url.Parse(p)
		if err != nil {
			return nil, "", fmt.Errorf("cache: cacheUrl entry %d: %w", i+1, redactErr(err))
		}
		addr, db, err := redisAddr(u)
		if err != nil {
			return nil, "", err
		}
		if first == nil {
			first = u
			uo.DB = db
			uo.Username = u.User.Username()
			uo.Password, _ = u.User.Password()
		} else if u.Scheme != first.Scheme {
			return nil, "", fmt.Errorf("cache: cacheUrl mixes %s:// and %s://", first.Scheme, u.Scheme)
		}
		uo.Addrs = append(uo.Addrs, addr)
		targets = append(targets, u.Redacted())
	}
	if len(uo.Addrs) > 1 && uo.DB != 0 {
		return nil, "", errors.New("cache: a Redis Cluster has only database 0; drop the /db from cacheUrl")
	}
	if opts.Password != "" {
		uo.Password = opts.Password
	}
	if first.Scheme == "rediss" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if opts.TLS != nil {
			cfg = opts.TLS.Clone()
		}
		uo.TLSConfig = cfg
	}
	return uo, strings.Join(targets, ","), nil
}

// redisAddr reads host:port and the database number of a URL.
func redisAddr(u *url.URL) (string, int, error) {
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return "", 0, fmt.Errorf("cache: cacheUrl scheme %q: want redis:// or rediss://", u.Scheme)
	}
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return "", 0, fmt.Errorf("cache: cacheUrl %s has no host", u.Redacted())
	}
	if port == "" {
		port = "6379"
	}
	db := 0
	if p := strings.Trim(u.Path, "/"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return "", 0, fmt.Errorf("cache: cacheUrl %s: the path must be a database number", u.Redacted())
		}
		db = n
	}
	return net.JoinHostPort(host, port), db, nil
}

// redactErr drops a URL parse error's copy of the URL, which may hold a
// password.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Target is the server (or the cluster's seeds) without the password.
func (r *Redis) Target() string { return r.target }

func (r *Redis) redisKey(k Key) string { return r.prefix + hex.EncodeToString(k[:]) }

// Get returns the value under k if accept (nil: any) takes it, waiting
// at most wait (0: the tier's default). Failures are misses to the caller,
// counted; values over MaxValueSize or of another Redis type are refused
// unread. While the circuit is open it answers at once with a miss.
func (r *Redis) Get(ctx context.Context, k Key, wait time.Duration, accept func([]byte) bool) ([]byte, bool) {
	if !r.br.Allow() {
		r.n.skipped.Add(1)
		return nil, false
	}
	if wait <= 0 {
		wait = r.wait
	}
	rctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	// GETRANGE reads at most MaxValueSize+1 bytes, however large the
	// value: a shared cache cannot make a client download a huge one. A
	// missing key reads as "", which no stored value is.
	v, err := r.client.GetRange(rctx, r.redisKey(k), 0, MaxValueSize).Bytes()
	switch {
	case err == nil:
		r.br.Success()
	case redis.HasErrorPrefix(err, "WRONGTYPE"):
		r.br.Success()
		r.n.rejected.Add(1)
		return nil, false
	case ctx.Err() != nil:
		return nil, false // the caller gave up: says nothing about the server
	default:
		r.n.errors.Add(1)
		r.br.Failure(err)
		return nil, false
	}
	switch {
	case len(v) == 0:
		r.n.misses.Add(1)
		return nil, false
	case len(v) > MaxValueSize || accept != nil && !accept(v):
		r.n.rejected.Add(1)
		return nil, false
	}
	r.n.hits.Add(1)
	return v, true
}

// Put queues value to be written under k and returns at once; when the
// queue is full or the circuit is open the write is dropped and counted.
func (r *Redis) Put(k Key, value []byte) {
	r.queueMu.RLock()
	defer r.queueMu.RUnlock()
	if r.closed {
		return
	}
	if !r.br.Allow() {
		r.n.dropped.Add(1)
		return
	}
	select {
	case r.queue <- sharedEntry{key: k, value: value}:
	default:
		r.n.dropped.Add(1)
	}
}

// writer sends queued writes in pipelined batches until Close, then sends
// what is left within closeFlushTimeout.
func (r *Redis) writer() {
	defer close(r.done)
	defer r.br.Close()
	for {
		select {
		case e := <-r.queue:
			r.send(context.Background(), r.batch(e))
		case <-r.stop:
			r.flush()
			return
		}
	}
}

// batch is first and whatever else is queued, up to writeBatch entries.
func (r *Redis) batch(first sharedEntry) []sharedEntry {
	b := []sharedEntry{first}
	for len(b) < writeBatch {
		select {
		case e := <-r.queue:
			b = append(b, e)
		default:
			return b
		}
	}
	return b
}

// flush sends the queued writes left at Close, dropping them once
// closeFlushTimeout has passed or the circuit is open.
func (r *Redis) flush() {
	ctx, cancel := context.WithTimeout(context.Background(), closeFlushTimeout)
	defer cancel()
	for {
		select {
		case e := <-r.queue:
			if ctx.Err() != nil {
				r.n.dropped.Add(1)
				continue
			}
			r.send(ctx, r.batch(e))
		default:
			return
		}
	}
}

// send writes b in one pipeline. A transport failure counts against the
// circuit and drops the batch; a refusal by the server (out of memory,
// no permission) drops that write and is logged once per kind.
func (r *Redis) send(ctx context.Context, b []sharedEntry) {
	if !r.br.Allow() {
		r.n.dropped.Add(uint64(len(b)))
		return
	}
	ctx, cancel := context.WithTimeout(ctx, writeTimeout)
	defer cancel()
	cmds, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, e := range b {
			p.Set(ctx, r.redisKey(e.key), e.value, r.ttl)
		}
		return nil
	})
	if err != nil && !isReply(err) {
		r.n.dropped.Add(uint64(len(b)))
		r.br.Failure(err)
		return
	}
	r.br.Success()
	for _, c := range cmds {
		if err := c.Err(); err != nil {
			r.n.writeErrors.Add(1)
			r.warnRefused(err)
			continue
		}
		r.n.written.Add(1)
	}
}

// isReply reports whether err is an error reply from the server (the
// connection works) rather than a transport failure.
func isReply(err error) bool {
	var re redis.Error
	return errors.As(err, &re) && !errors.Is(err, context.DeadlineExceeded)
}

// warnRefused logs the first refused write of each kind, with its fix.
func (r *Redis) warnRefused(err error) {
	kind, _, _ := strings.Cut(err.Error(), " ")
	if _, seen := r.warned.LoadOrStore(kind, true); seen {
		return
	}
	hint := ""
	switch {
	case redis.IsOOMError(err):
		hint = "the server is full and evicts nothing: set maxmemory-policy allkeys-lru"
	case redis.IsPermissionError(err):
		hint = "the ACL user may not SET these keys: grant +set on ~" + r.prefix + "*"
	}
	r.log.Warn("team cache refused a write; later refusals of this kind are counted, not logged",
		"cache", r.target, "err", err, "fix", hint)
}

// ping is the breaker's probe.
func (r *Redis) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	return r.client.Ping(ctx).Err()
}

// Stats returns the tier's counters and circuit state.
func (r *Redis) Stats() SharedStats {
	return SharedStats{
		Target: r.target, Circuit: r.br.State().String(),
		Hits: r.n.hits.Load(), Misses: r.n.misses.Load(), Rejected: r.n.rejected.Load(),
		Errors: r.n.errors.Load(), Skipped: r.n.skipped.Load(),
		Written: r.n.written.Load(), Dropped: r.n.dropped.Load(), WriteErrors: r.n.writeErrors.Load(),
		Queued: len(r.queue),
	}
}

// Ping asks the server to answer within wait, whatever the circuit's state.
func (r *Redis) Ping(ctx context.Context, wait time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := r.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("cache: %s: %w", r.target, err)
	}
	return nil
}

// Close sends the queued writes (for at most closeFlushTimeout), stops the
// probe and closes the connections. Calls after the first return ErrClosed.
func (r *Redis) Close() error {
	r.queueMu.Lock()
	if r.closed {
		r.queueMu.Unlock()
		return ErrClosed
	}
	r.closed = true
	r.queueMu.Unlock()
	close(r.stop)
	<-r.done
	if n := r.n.dropped.Load(); n > 0 {
		r.log.Info("team cache: writes dropped", "cache", r.target, "dropped", n)
	}
	return r.client.Close()
}
