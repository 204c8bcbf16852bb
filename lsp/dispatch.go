package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// route is how the server handles one method. A request's prepare step
// runs on the read loop in wire order: it decodes the params and takes what
// it needs from the documents (a snapshot of a version, never chunking),
// and returns the rest of the work, which runs off the loop; no work
// answers null at once. A notification runs on the loop to the end.
type route struct {
	prepare func(s *Server, ctx context.Context, req *jsonrpc2.Request) (work, error)
	notify  func(s *Server, req *jsonrpc2.Request) error
}

// work is a request's step off the read loop.
type work func(ctx context.Context) (any, error)

// request makes the route of a request whose handler is prepare: it gets
// the decoded params and returns its typed work.
func request[P, R any](prepare func(*Server, context.Context, *P) (func(context.Context) (R, error), error)) route {
	return route{prepare: func(s *Server, ctx context.Context, req *jsonrpc2.Request) (work, error) {
		var params P
		if err := decodeParams(req, &params); err != nil {
			return nil, err
		}
		run, err := prepare(s, ctx, &params)
		if err != nil || run == nil {
			return nil, err
		}
		return func(ctx context.Context) (any, error) {
			res, err := run(ctx)
			if err != nil {
				return nil, err
			}
			return res, nil
		}, nil
	}}
}

// notification makes the route of a notification handled by h. Params that
// do not decode are logged and the notification is ignored.
func notification[P any](h func(*Server, *P) error) route {
	return route{notify: func(s *Server, req *jsonrpc2.Request) error {
		var params P
		if err := decodeParams(req, &params); err != nil {
			s.logger.Warn("ignoring malformed notification", "method", req.Method(), "err", err)
			return nil
		}
		return h(s, &params)
	}}
}

// ignored is the route of a notification the server has nothing to do for.
var ignored = route{notify: func(*Server, *jsonrpc2.Request) error { return nil }}

// routes are every method the server handles.
var routes = map[string]route{
	protocol.MethodInitialize:                      request((*Server).initialize),
	protocol.MethodInitialized:                     ignored,
	protocol.MethodSetTrace:                        ignored,
	protocol.MethodTextDocumentDidSave:             ignored,
	protocol.MethodShutdown:                        request((*Server).shutdown),
	protocol.MethodExit:                            notification((*Server).exit),
	protocol.MethodCancelRequest:                   notification((*Server).cancelRequest),
	protocol.MethodWindowWorkDoneProgressCancel:    notification((*Server).cancelProgress),
	protocol.MethodWorkspaceDidChangeConfiguration: notification((*Server).didChangeConfiguration),
	protocol.MethodTextDocumentDidOpen:             notification((*Server).didOpen),
	protocol.MethodTextDocumentDidChange:           notification((*Server).didChange),
	protocol.MethodTextDocumentDidClose:            notification((*Server).didClose),
	protocol.MethodTextDocumentHover:               request((*Server).hover),
	protocol.MethodTextDocumentCodeLens:            request((*Server).codeLens),
	protocol.MethodCodeLensResolve:                 request((*Server).codeLensResolve),
	protocol.MethodTextDocumentCodeAction:          request((*Server).codeAction),
	protocol.MethodCodeActionResolve:               request((*Server).codeActionResolve),
	protocol.MethodWorkspaceExecuteCommand:         request((*Server).executeCommand),
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
