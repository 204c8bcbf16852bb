package lsp

import (
	"context"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// chunkRef names a chunk of one document version; it travels in the data
// of unresolved lenses and code actions to their resolve requests.
type chunkRef struct {
	URI      uri.URI           `json:"uri"`
	Version  int32             `json:"version"`
	Position protocol.Position `json:"position"` // start of the chunk
}

// ref is the reference to chunk c of snap.
func (snap *snapshot) ref(c analysis.Chunk) chunkRef {
	return chunkRef{URI: snap.uri, Version: snap.version, Position: snap.lines.position(c.Range.StartByte)}
}

// decodeRef reads the chunkRef in a resolve request's data.
func decodeRef(method string, data protocol.LSPAny) (chunkRef, error) {
	var ref chunkRef
	if err := json.Unmarshal(data, &ref); err != nil || ref.URI == "" {
		return chunkRef{}, errInvalidParams("%s: no summarizer data", method)
	}
	return ref, nil
}

// lookup returns the snapshot and the chunk ref names, when the document
// is still at that version and the chunk still starts there.
func (s *Server) lookup(ref chunkRef) (*snapshot, analysis.Chunk, bool) {
	snap, err := s.snapshot(ref.URI)
	if err != nil || snap.version != ref.Version {
		return nil, analysis.Chunk{}, false
	}
	off := snap.lines.offset(ref.Position)
	for _, c := range analysis.Flatten(snap.file.Chunks) {
		if c.Range.StartByte == off {
			return snap, c, true
		}
	}
	return nil, analysis.Chunk{}, false
}

// maxLensTitle bounds a lens title, in characters.
const maxLensTitle = 120

// codeLens puts one lens above every function and container: resolved with
// the summary when it is cached, otherwise unresolved (codeLens/resolve
// computes it, so lenses never wait for a model).
func (s *Server) codeLens(ctx context.Context, params *protocol.CodeLensParams) (any, error) {
	if cfg, _ := s.config(); !cfg.CodeLens {
		return nil, nil
	}
	snap, err := s.snapshot(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	release(ctx)
	p := s.pipe.Load()
	lenses := make([]protocol.CodeLens, 0, len(snap.file.Chunks))
	for _, c := range summarizable(snap.file.Chunks) {
		ref := snap.ref(c)
		lens := protocol.CodeLens{Range: protocol.Range{Start: ref.Position, End: ref.Position}}
		if res, ok := p.cached(ctx, c); ok {
			lens.Command = explainCommand(snap.uri, ref.Position, res.Summary)
		} else {
			lens.Data = mustJSON(ref)
		}
		lenses = append(lenses, lens)
	}
	return lenses, nil
}

// codeLensResolve fills in an unresolved lens with the chunk's summary,
// waiting up to the hover budget for it.
func (s *Server) codeLensResolve(ctx context.Context, lens *protocol.CodeLens) (any, error) {
	ref, err := decodeRef(protocol.MethodCodeLensResolve, lens.Data)
	if err != nil {
		return nil, err
	}
	out := *lens
	out.Command = explainCommand(ref.URI, ref.Position, "")
	snap, c, ok := s.lookup(ref)
	if !ok {
		return &out, nil // the document changed or closed: a plain "Explain" lens, never a summary at a wrong place
	}
	release(ctx)
	cfg, _ := s.config()
	sum, err := s.summarize(ctx, snap, c, inference.Interactive, cfg.HoverBudget())
	if err != nil {
		return nil, requestError("codeLens/resolve", err)
	}
	title := sum.Summary
	if sum.pending {
		title += " …"
	}
	out.Command = explainCommand(ref.URI, ref.Position, title)
	return &out, nil
}

// explainCommand is the command of a lens: its title is the summary (or
// "Explain" when there is none yet), running it explains the function.
func explainCommand(u uri.URI, pos protocol.Position, summary string) protocol.Command {
	title := lensTitle(summary)
	return protocol.Command{Title: title, Command: CommandExplainFunction, Arguments: commandArgs(u, pos)}
}

func lensTitle(summary string) string {
	summary = strings.Join(strings.Fields(summary), " ")
	if summary == "" {
		return "Explain"
	}
	if utf8.RuneCountInString(summary) <= maxLensTitle {
		return summary
	}
	cut := []rune(summary)[:maxLensTitle-1]
	if i := strings.LastIndexByte(string(cut), ' '); i > maxLensTitle/2 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}

// commandArgs are the arguments of summarizer.explainFunction.
func commandArgs(u uri.URI, pos protocol.Position) []protocol.LSPAny {
	return []protocol.LSPAny{mustJSON(u), mustJSON(pos)}
}

// mustJSON encodes values the server builds itself, which always encode.
func mustJSON(v any) protocol.LSPAny {
	b, err := json.Marshal(v)
	if err != nil {
		panic("lsp: encoding " + err.Error())
	}
	return b
}
