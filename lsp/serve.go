package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"

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

// Serve runs the server on rwc until the client sends exit or the stream
// ends. It returns ErrExitWithoutShutdown when exit came before shutdown.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.ctx, s.stop = context.WithCancel(ctx)
	s.conn = NewConn(rwc)
	s.client = protocol.ClientDispatcher(s.conn)
	s.logger = slog.New(newClientLogHandler(s.opts.Logger.Handler(), s))
	s.conn.Go(s.ctx, s.handle)
	select {
	case <-s.conn.Done():
	case <-ctx.Done():
		s.conn.Close()
		<-s.conn.Done()
	}
	s.shut()
	if s.exited.Load() && serverState(s.state.Load()) != stateShutdown {
		return ErrExitWithoutShutdown
	}
	return nil
}

// handle is the connection's handler. It runs on the read loop, so text
// synchronisation stays in wire order; features that may wait (hover, lenses,
// actions, commands) release the loop with jsonrpc2.Async after taking their
// document snapshot.
//
// Handlers never get the connection's request context: in jsonrpc2 v1.0.1 it
// is recycled when the handler returns, and a context derived from it can
// panic later (the runtime's cancel-propagation goroutine calls its Done).
// Each call gets a context of the server's own instead, cancelled by
// $/cancelRequest or when the handler returns.
func (s *Server) handle(reqCtx context.Context, req *jsonrpc2.Request) (any, error) {
	method := req.Method()
	if method == protocol.MethodCancelRequest {
		return notification(s, req, s.cancelRequest)
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	ctx = context.WithValue(ctx, requestKey{}, reqCtx)
	if req.IsCall() {
		id := idKey(req.ID())
		s.inflight.Store(id, cancel)
		defer s.inflight.Delete(id)
	}
	return s.dispatch(ctx, req)
}

// requestKey carries the connection's request context, which release needs.
type requestKey struct{}

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

func (s *Server) dispatch(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	method := req.Method()
	switch serverState(s.state.Load()) {
	case stateNew:
		if method != protocol.MethodInitialize && method != protocol.MethodExit {
			if req.IsCall() {
				return nil, errNotInitialized
			}
			return nil, nil // notifications before initialize are dropped
		}
	case stateShutdown:
		if method != protocol.MethodExit {
			if req.IsCall() {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s: server is shutting down", method)
			}
			return nil, nil
		}
	}
	switch method {
	case protocol.MethodInitialize:
		return call(ctx, req, s.initialize)
	case protocol.MethodInitialized, protocol.MethodSetTrace, protocol.MethodTextDocumentDidSave:
		return nil, nil
	case protocol.MethodWindowWorkDoneProgressCancel:
		return notification(s, req, s.cancelProgress)
	case protocol.MethodShutdown:
		return s.shutdownRequest()
	case protocol.MethodExit:
		s.exitNotification()
		return nil, nil
	case protocol.MethodWorkspaceDidChangeConfiguration:
		return notification(s, req, s.didChangeConfiguration)
	case protocol.MethodTextDocumentDidOpen:
		return notification(s, req, s.didOpen)
	case protocol.MethodTextDocumentDidChange:
		return notification(s, req, s.didChange)
	case protocol.MethodTextDocumentDidClose:
		return notification(s, req, s.didClose)
	case protocol.MethodTextDocumentHover:
		return call(ctx, req, s.hover)
	case protocol.MethodTextDocumentCodeLens:
		return call(ctx, req, s.codeLens)
	case protocol.MethodCodeLensResolve:
		return call(ctx, req, s.codeLensResolve)
	case protocol.MethodTextDocumentCodeAction:
		return call(ctx, req, s.codeAction)
	case protocol.MethodCodeActionResolve:
		return call(ctx, req, s.codeActionResolve)
	case protocol.MethodWorkspaceExecuteCommand:
		return call(ctx, req, s.executeCommand)
	}
	if req.IsCall() {
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method)
	}
	return nil, nil // unknown notifications ($/…) are ignored, as the protocol asks
}

// call decodes a request's params and runs its handler. Malformed params are
// InvalidParams; a nil pointer result is sent as null.
func call[P any](ctx context.Context, req *jsonrpc2.Request, h func(context.Context, *P) (any, error)) (any, error) {
	var params P
	if err := decodeParams(req, &params); err != nil {
		return nil, err
	}
	res, err := h(ctx, &params)
	if err != nil {
		return nil, err
	}
	if v := reflect.ValueOf(res); res == nil || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice) && v.IsNil() {
		return nil, nil
	}
	return res, nil
}

// notification decodes a notification's params and runs its handler. Errors
// are logged, never returned: an error from a notification handler would
// close the connection.
func notification[P any](s *Server, req *jsonrpc2.Request, h func(*P) error) (any, error) {
	var params P
	if err := decodeParams(req, &params); err != nil {
		s.logger.Warn("ignoring malformed notification", "method", req.Method(), "err", err)
		return nil, nil
	}
	if err := h(&params); err != nil {
		s.logger.Warn("notification failed", "method", req.Method(), "err", err)
	}
	return nil, nil
}

func decodeParams(req *jsonrpc2.Request, v any) error {
	raw := req.Params()
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	if err := protocol.Unmarshal(raw, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: invalid params: %v", req.Method(), err)
	}
	return nil
}

func (s *Server) shutdownRequest() (any, error) {
	s.state.Store(int32(stateShutdown))
	s.docs.cancelBackground()
	return nil, nil
}

func (s *Server) exitNotification() {
	s.exited.Store(true)
	s.stop() // requests still running end now; the connection waits for them
	// Closing from inside the handler is safe: Close only shuts the stream.
	go s.conn.Close()
}

// release lets the read loop go on while a slow request is computed.
func release(ctx context.Context) {
	if reqCtx, ok := ctx.Value(requestKey{}).(context.Context); ok {
		jsonrpc2.Async(reqCtx)
	}
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
