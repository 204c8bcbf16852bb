package lsp

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"go.lsp.dev/protocol"
)

// clientLogHandler writes every record to the next handler (stderr) and
// forwards records at or above the user's logLevel to window/logMessage.
type clientLogHandler struct {
	next  slog.Handler
	s     *Server
	attrs string // preformatted attributes from WithAttrs
}

func newClientLogHandler(next slog.Handler, s *Server) *clientLogHandler {
	return &clientLogHandler{next: next, s: s}
}

func (h *clientLogHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l) || l >= h.clientLevel()
}

func (h *clientLogHandler) clientLevel() slog.Level {
	cfg, _ := h.s.config()
	return parseLevel(cfg.LogLevel)
}

func (h *clientLogHandler) Handle(ctx context.Context, r slog.Record) error {
	if h.next.Enabled(ctx, r.Level) {
		if err := h.next.Handle(ctx, r); err != nil {
			return err
		}
	}
	if r.Level < h.clientLevel() {
		return nil
	}
	var b strings.Builder
	b.WriteString(r.Message)
	b.WriteString(h.attrs)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	h.s.notify(protocol.MethodWindowLogMessage, &protocol.LogMessageParams{Type: messageType(r.Level), Message: b.String()})
	return nil
}

func (h *clientLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	var b strings.Builder
	b.WriteString(h.attrs)
	for _, a := range attrs {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
	}
	return &clientLogHandler{next: h.next.WithAttrs(attrs), s: h.s, attrs: b.String()}
}

func (h *clientLogHandler) WithGroup(name string) slog.Handler {
	return &clientLogHandler{next: h.next.WithGroup(name), s: h.s, attrs: h.attrs}
}

// parseLevel maps a logLevel setting to a slog level (Config.Validate
// guarantees a known name).
func parseLevel(name string) slog.Level {
	switch name {
	case "error":
		return slog.LevelError
	case "warn":
		return slog.LevelWarn
	case "debug":
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

func messageType(l slog.Level) protocol.MessageType {
	switch {
	case l >= slog.LevelError:
		return protocol.MessageTypeError
	case l >= slog.LevelWarn:
		return protocol.MessageTypeWarning
	case l >= slog.LevelInfo:
		return protocol.MessageTypeInfo
	}
	return protocol.MessageTypeLog
}
