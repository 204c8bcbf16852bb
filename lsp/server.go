// Package lsp is the protocol layer: it speaks the Language Server Protocol
// over a stream, keeps the open documents as immutable versions, and turns
// requests into calls of the summarizing service (inference/service) and
// its answers into hovers, code lenses, code actions and commands. It is
// the only package that imports go.lsp.dev or knows about URIs and UTF-16
// positions.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// Store is the summary store the server uses: what the service reads and
// writes, plus the clear-cache command (local tiers only) and the
// directory explanations are written to (cache.Cache satisfies it).
type Store interface {
	service.Store
	Clear(ctx context.Context) error
	Dir() string
	Close() error
}

// Options are the server's dependencies, injected by cmd and by tests.
type Options struct {
	// Config is the starting configuration (flags); initializationOptions
	// and workspace/didChangeConfiguration are merged over it.
	Config service.Config
	// Builtin returns the built-in engine for a configuration (required).
	Builtin func(service.Config) inference.Engine
	// LoadModel builds the model engine for a configuration that asks for
	// one; it may take long (a model load, a server's start-up check), and
	// ctx ends when a newer configuration replaces cfg. Nil means only the
	// built-in engine is available. An error wrapping
	// inference.ErrUnavailable is retried after a back-off.
	LoadModel func(ctx context.Context, cfg service.Config) (inference.Engine, error)
	// OpenStore opens the summary store for a configuration (required),
	// logging to logger, which reaches the client too. It returns a usable
	// store even with an error (memory only, or without the team cache),
	// the error saying what of the configured one could not be used.
	OpenStore func(cfg service.Config, logger *slog.Logger) (Store, error)
	// StoreStats returns the store's counters for the status (a
	// JSON-encodable value: each tier's hits and misses, the team cache's
	// circuit); nil, or a nil result, shows none.
	StoreStats func(Store) any
	// Logger receives the server's logs (stderr in production); the server
	// also forwards them to the client's window/logMessage.
	Logger *slog.Logger
	// Version is reported in serverInfo.
	Version string
	// ParseTimeout bounds one parse of a document; a parse that runs out
	// gives line windows, and the client is told. Zero means analysis's
	// default, generous for the largest text parsed.
	ParseTimeout time.Duration
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

	// cfgMu guards cfg and caps, written by initialize and configuration
	// changes and read by every feature.
	cfgMu sync.Mutex
	cfg   service.Config
	caps  clientCaps

	// svc and store are set once by initialize.
	svc   *service.Summarizer
	store Store

	// loadMu guards loadCancel, which stops the model load (or its retry)
	// of the previous configuration.
	loadMu     sync.Mutex
	loadCancel context.CancelFunc

	docs *store

	// inflight maps the ids of requests being handled to their cancel
	// functions, for $/cancelRequest.
	inflight sync.Map

	// progressCancels maps live progress tokens to the cancel function of
	// their work, for window/workDoneProgress/cancel.
	progressCancels sync.Map

	// folderOverviews maps folder paths to the overviews the last explain
	// folder commands computed, for hovers on package declarations.
	folderOverviews sync.Map

	// once holds the messages the user has been shown once.
	once sync.Map

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
	s := &Server{opts: opts, cfg: opts.Config, docs: newStore()}
	s.caps.encoding = encodingUTF16
	return s
}

// config returns the current configuration and client capabilities.
func (s *Server) config() (service.Config, clientCaps) {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	return s.cfg, s.caps
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// before shutdown; the process should exit with status 1.
var ErrExitWithoutShutdown = errors.New("lsp: exit without shutdown")

// shut releases everything the connection held.
func (s *Server) shut() {
	s.stop()
	s.docs.closeAll()
	if s.svc != nil {
		s.svc.Close()
	}
	s.bg.Wait()
	if s.store != nil {
		if err := s.store.Close(); err != nil {
			s.logger.Warn("closing the summary store", "err", err)
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

// showOnce shows a message the first time key is seen on this connection.
func (s *Server) showOnce(key string, typ protocol.MessageType, format string, args ...any) {
	if _, seen := s.once.LoadOrStore(key, true); !seen {
		s.showMessage(typ, format, args...)
	}
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
