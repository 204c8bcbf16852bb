// Package lsp is the protocol layer: it speaks the Language Server Protocol
// over a stream, keeps the open documents, and serves summaries from the
// cache and the inference scheduler as hovers, code lenses, code actions and
// commands. Nothing else in the module imports go.lsp.dev or knows about URIs
// and UTF-16 positions.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/cache"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Cache is the summary store the server consumes (cache.Cache satisfies it).
type Cache interface {
	Get(ctx context.Context, k cache.Key) ([]byte, bool, error)
	Put(ctx context.Context, k cache.Key, value []byte) error
	Clear(ctx context.Context) error
	Dir() string
	Close() error
}

// Options are the server's dependencies, injected by cmd and by tests.
type Options struct {
	// Config is the starting configuration (flags); initializationOptions
	// and workspace/didChangeConfiguration are merged over it.
	Config Config
	// LoadEngine builds the model engine for a configuration that asks for
	// one. Nil means only the built-in engine is available.
	LoadEngine func(Config) (inference.Engine, error)
	// OpenCache opens the summary cache for a configuration; nil opens the
	// SQLite cache in Config.CacheDir.
	OpenCache func(Config) (Cache, error)
	// Logger receives the server's logs (stderr in production); the server
	// also forwards them to the client's window/logMessage.
	Logger *slog.Logger
	// Version is reported in serverInfo.
	Version string
}

type serverState int32

const (
	stateNew serverState = iota
	stateRunning
	stateShutdown
)

// Server is one language server connection. Create it with New and run it
// with Serve; a Server serves one connection.
type Server struct {
	opts   Options
	logger *slog.Logger
	ctx    context.Context // lives until the connection ends
	stop   context.CancelFunc

	conn   jsonrpc2.Conn
	client protocol.Client

	state atomic.Int32 // serverState
	pipe  atomic.Pointer[pipeline]
	// installMu orders pipeline installs; engineGen counts engine
	// switches so that a slow model load never replaces a newer choice.
	installMu sync.Mutex
	engineGen atomic.Int64

	// cfgMu guards cfg and caps, written by initialize and configuration
	// changes and read by every feature.
	cfgMu sync.Mutex
	cfg   Config
	caps  clientCaps

	cache Cache // set once by initialize

	docs *store

	// inflight maps the ids of requests being handled to their cancel
	// functions, for $/cancelRequest.
	inflight sync.Map

	// progressCancels maps live progress tokens to the cancel function of
	// their work, for window/workDoneProgress/cancel.
	progressCancels sync.Map

	bg     sync.WaitGroup // background goroutines, waited for at the end of Serve
	exited atomic.Bool
}

// clientCaps are the client capabilities the server acts on.
type clientCaps struct {
	encoding         protocol.PositionEncodingKind
	workDoneProgress bool
	codeLensRefresh  bool
	showDocument     bool
	resolveEdit      bool // codeAction/resolve may fill in "edit"
	markdown         bool
}

// New returns a server with the given dependencies.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.OpenCache == nil {
		opts.OpenCache = openSQLiteCache
	}
	s := &Server{opts: opts, cfg: opts.Config, docs: newStore()}
	s.caps.encoding = encodingUTF16
	return s
}

func openSQLiteCache(cfg Config) (Cache, error) {
	return cache.Open(cache.Options{Dir: cfg.CacheDir, MaxEntries: cfg.CacheMaxEntries})
}

// config returns the current configuration and client capabilities.
func (s *Server) config() (Config, clientCaps) {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	return s.cfg, s.caps
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// before shutdown; the process should exit with status 1.
var ErrExitWithoutShutdown = errors.New("lsp: exit without shutdown")

// errNotInitialized answers requests that arrive before initialize.
var errNotInitialized = jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")

// shut releases everything the connection held.
func (s *Server) shut() {
	s.stop()
	s.docs.closeAll()
	if p := s.pipe.Swap(nil); p != nil {
		p.close()
	}
	s.bg.Wait()
	if s.cache != nil {
		if err := s.cache.Close(); err != nil {
			s.logger.Warn("closing cache", "err", err)
		}
	}
}

// notify sends a notification to the client, logging failures.
func (s *Server) notify(method string, params any) {
	if s.conn == nil {
		return
	}
	if err := s.conn.Notify(s.ctx, method, params); err != nil && s.ctx.Err() == nil {
		s.logger.Debug("notify failed", "method", method, "err", err)
	}
}

// showMessage shows a message in the client's UI.
func (s *Server) showMessage(typ protocol.MessageType, format string, args ...any) {
	s.notify(protocol.MethodWindowShowMessage, &protocol.ShowMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

// goBackground runs f on a goroutine that Serve waits for before returning.
func (s *Server) goBackground(f func()) {
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		f()
	}()
}

// filename is the path of a document URI (the path part of a non-file URI).
func filename(u uri.URI) string {
	if u.IsFile() {
		return u.FsPath()
	}
	return u.Path()
}
