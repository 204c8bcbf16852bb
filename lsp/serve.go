package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// codec marshals LSP payloads with the protocol package's union-aware
// encoder, so union-typed fields round-trip.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	if raw, ok := v.(jsonrpc2.RawMessage); ok {
		if raw == nil {
			return []byte("null"), nil
		}
		return raw, nil
	}
	return protocol.Marshal(v)
}

func (codec) Unmarshal(data []byte, v any) error {
	if p, ok := v.(*jsonrpc2.RawMessage); ok {
		*p = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// NewConn wraps a byte stream (stdio, a pipe) in a JSON-RPC connection with
// LSP framing and the LSP codec; frames that are not JSON-RPC messages are
// answered with an error and skipped. lsptest uses it for the client side.
func NewConn(rwc io.ReadWriteCloser) jsonrpc2.Conn {
	return jsonrpc2.NewConn(newTolerantStream(rwc), jsonrpc2.WithCodec(codec{}))
}

// Serve runs the server on rwc until the client sends exit, the stream
// ends, or ctx ends (cmd cancels it on SIGTERM and SIGINT). It returns
// ErrExitWithoutShutdown when exit came before shutdown.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.ctx, s.stop = context.WithCancel(ctx)
	s.conn = NewConn(rwc)
	s.client = protocol.ClientDispatcher(s.conn)
	s.logger = slog.New(newClientLogHandler(s.opts.Logger.Handler(), s))
	s.conn.Go(s.ctx, s.handle)
	select {
	case <-s.conn.Done():
	case <-ctx.Done():
		s.closeConn(rwc)
	}
	s.shut()
	if s.exited.Load() && serverState(s.state.Load()) != stateShutdown {
		return ErrExitWithoutShutdown
	}
	return nil
}

// closeGrace is how long Serve waits for the read loop once ctx has ended.
const closeGrace = 500 * time.Millisecond

// closeConn ends the connection when Serve's context ends. The read loop
// may be blocked in a read of a blocking file (stdin) that nothing can
// interrupt: Serve then goes on without it, and the process exits.
func (s *Server) closeConn(rwc io.ReadWriteCloser) {
	s.stop() // requests in flight end now
	_ = rwc.Close()
	go s.conn.Close()
	select {
	case <-s.conn.Done():
	case <-time.After(closeGrace):
		s.logger.Debug("read loop still blocked; leaving it")
	}
}

// handle is the connection's handler, called on the read loop in wire
// order. Notifications run there to the end (text synchronisation stays
// ordered); requests run their prepare step there and the rest off the
// loop (see route).
//
// Handlers never get the connection's request context: in jsonrpc2 v1.0.1
// it is recycled when the handler returns, and a context derived from it
// can panic later (the runtime's cancel-propagation goroutine calls its
// Done). Each request gets a context of the server's own instead,
// cancelled by $/cancelRequest or when the request is answered.
func (s *Server) handle(reqCtx context.Context, req *jsonrpc2.Request) (any, error) {
	method := req.Method()
	if err := s.admitted(req); err != nil {
		return nil, err
	}
	if !req.IsCall() && method != protocol.MethodExit && serverState(s.state.Load()) != stateRunning {
		return nil, nil // notifications before initialize or after shutdown are dropped
	}
	r, ok := routes[method]
	switch {
	case !ok && req.IsCall():
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
	case !ok:
		return nil, nil // unknown notifications ($/…) are ignored, as the protocol asks
	case !req.IsCall():
		s.notification(method, r, req)
		return nil, nil
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	id := idKey(req.ID())
	s.inflight.Store(id, cancel)
	defer s.inflight.Delete(id)
	return s.call(ctx, reqCtx, method, r, req)
}

// admitted answers requests the server's state does not allow.
func (s *Server) admitted(req *jsonrpc2.Request) error {
	method := req.Method()
	switch serverState(s.state.Load()) {
	case stateNew:
		if method != protocol.MethodInitialize && method != protocol.MethodExit && req.IsCall() {
			return jsonrpc2.NewError(jsonrpc2.ServerNotInitialized, "server not initialized")
		}
	case stateShutdown:
		if method != protocol.MethodExit && req.IsCall() {
			return jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s: server is shutting down", method)
		}
	}
	return nil
}

// call runs a request's route: decode and prepare on the read loop, then
// release the loop and run. A panic in either step answers this request
// with InternalError; the connection and every other request carry on.
func (s *Server) call(ctx, reqCtx context.Context, method string, r route, req *jsonrpc2.Request) (res any, err error) {
	defer s.recoverRequest(method, &err)
	run, err := r.prepare(s, ctx, req)
	if err != nil || run == nil {
		return nil, err
	}
	jsonrpc2.Async(reqCtx)
	return run(ctx)
}

// recoverRequest turns a panic into the request's InternalError.
func (s *Server) recoverRequest(method string, err *error) {
	if p := recover(); p != nil {
		s.logger.Error("request handler panicked", "method", method, "panic", p, "stack", string(debug.Stack()))
		*err = jsonrpc2.Errorf(jsonrpc2.InternalError, "%s: internal error: %v", method, p)
	}
}

// notification runs a notification's route on the read loop. Errors and
// panics are logged, never returned: an error from a notification handler
// would close the connection.
func (s *Server) notification(method string, r route, req *jsonrpc2.Request) {
	defer func() {
		if p := recover(); p != nil {
			s.logger.Error("notification handler panicked", "method", method, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if err := r.notify(s, req); err != nil {
		s.logger.Warn("notification failed", "method", method, "err", err)
	}
}

// idKey is the map key of a request id, numeric or string.
func idKey(id jsonrpc2.ID) string {
	if n, ok := id.Number(); ok {
		return fmt.Sprintf("n%d", n)
	}
	str, _ := id.StringValue()
	return "s" + str
}

// cancelRequest handles $/cancelRequest: the named request's context ends.
func (s *Server) cancelRequest(params *protocol.CancelParams) error {
	var id jsonrpc2.ID
	switch v := params.ID.(type) {
	case protocol.Integer:
		id = jsonrpc2.NewNumberID(int64(v))
	case protocol.String:
		id = jsonrpc2.NewStringID(string(v))
	default:
		return fmt.Errorf("$/cancelRequest: malformed id %v", params.ID)
	}
	if c, ok := s.inflight.Load(idKey(id)); ok {
		c.(context.CancelFunc)()
	}
	return nil
}

func (s *Server) shutdown(context.Context, *struct{}) (func(context.Context) (any, error), error) {
	s.state.Store(int32(stateShutdown))
	s.docs.cancelBackground()
	return nil, nil
}

func (s *Server) exit(*struct{}) error {
	s.exited.Store(true)
	s.stop() // requests still running end now; the connection waits for them
	// Closing from inside the handler is safe: Close only shuts the stream.
	go s.conn.Close()
	return nil
}

// errInvalidParams builds an InvalidParams error for handler-level checks.
func errInvalidParams(format string, args ...any) error {
	return jsonrpc2.Errorf(jsonrpc2.InvalidParams, format, args...)
}

// requestError maps an internal failure to a JSON-RPC error for the client.
func requestError(what string, err error) error {
	if errors.Is(err, context.Canceled) {
		return protocol.ErrRequestCancelled
	}
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "%s: %v", what, err)
}
