package lsp

import (
	"bytes"
	"context"
	"io"

	"github.com/go-json-experiment/json/jsontext"
	"go.lsp.dev/jsonrpc2"
)

// frameStream is the raw-frame interface jsonrpc2's connection uses when
// its stream offers it (the LSP header framer does).
type frameStream interface {
	ReadFrame(ctx context.Context) ([]byte, int64, error)
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// tolerantStream wraps the LSP header framer so that a frame that is not a
// JSON-RPC message is answered with an error response and skipped. jsonrpc2
// v1.0.1 ends the connection on such a frame; one bad message from a client
// must not take the server down.
type tolerantStream struct {
	jsonrpc2.Stream
	frames frameStream
}

func newTolerantStream(rwc io.ReadWriteCloser) jsonrpc2.Stream {
	s := jsonrpc2.NewStream(rwc)
	fs, ok := s.(frameStream)
	if !ok {
		return s
	}
	return tolerantStream{Stream: s, frames: fs}
}

var (
	parseErrorFrame     = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: the message is not valid JSON"}}`)
	invalidRequestFrame = []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request: not a JSON-RPC 2.0 message"}}`)
)

func (s tolerantStream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		data, n, err := s.frames.ReadFrame(ctx)
		if err != nil {
			return data, n, err
		}
		var reply []byte
		switch {
		case !jsontext.Value(data).IsValid():
			reply = parseErrorFrame
		case !looksLikeMessage(data):
			reply = invalidRequestFrame
		default:
			return data, n, nil
		}
		if _, err := s.frames.WriteFrame(ctx, reply); err != nil {
			return nil, n, err
		}
	}
}

func (s tolerantStream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return s.frames.WriteFrame(ctx, data)
}

// looksLikeMessage reports whether valid JSON data is a JSON-RPC message: an
// object with a method, a result or an error, or a non-empty batch array
// (whose members jsonrpc2 answers one by one). Only top-level names are read;
// values are skipped without decoding.
func looksLikeMessage(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return !bytes.Equal(bytes.TrimSpace(trimmed), []byte("[]"))
	}
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return false
	}
	for dec.PeekKind() == '"' {
		name, err := dec.ReadToken()
		if err != nil {
			return false
		}
		switch name.String() {
		case "method", "result", "error":
			return true
		}
		if err := dec.SkipValue(); err != nil {
			return false
		}
	}
	return false
}
