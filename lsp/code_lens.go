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
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// chunkRef names a chunk of one document version; it travels in the data
// of unresolved lenses and code actions to their resolve requests.
type chunkRef struct {
	URI      uri.URI           `json:"uri"`
	Version  int32             `json:"version"`
	Position protocol.Position `json:"position"` // start of the chunk
}

// ref is the reference to chunk c of v.
func (v *version) ref(c analysis.Chunk) chunkRef {
	return chunkRef{URI: v.uri, Version: v.number, Position: v.lines.position(c.Range.StartByte)}
}

// decodeRef reads the chunkRef in a resolve request's data.
func decodeRef(method string, data protocol.LSPAny) (chunkRef, error) {
	var ref chunkRef
	if err := json.Unmarshal(data, &ref); err != nil || ref.URI == "" {
		return chunkRef{}, errInvalidParams("%s: no summarizer data", method)
	}
	return ref, nil
}

// lookup returns the version and the chunk ref names, when the document is
// still at that version and the chunk still starts there.
func (s *Server) lookup(ref chunkRef) (*version, analysis.Chunk, bool) {
	v := s.snapshot(ref.URI)
	if v == nil || v.number != ref.Version {
		return nil, analysis.Chunk{}, false
	}
	off := v.lines.offset(ref.Position)
	for _, c := range analysis.Flatten(v.file().Chunks) {
		if c.Range.StartByte == off {
			return v, c, true
		}
	}
	return nil, analysis.Chunk{}, false
}

const (
	// maxLensTitle bounds a lens title, in characters.
	maxLensTitle = 120
	// maxLenses bounds the lenses of one document (a minified bundle has
	// tens of thousands of functions on one line).
	maxLenses = 2000
)

// codeLens puts one lens above every function and container: resolved
// when there is something to show at once (a stored summary, the built-in
// one, the previous version's marked updating), otherwise unresolved, for
// codeLens/resolve to fill in, so lenses never wait for a model.
func (s *Server) codeLens(_ context.Context, params *protocol.CodeLensParams) (func(context.Context) ([]protocol.CodeLens, error), error) {
	if cfg, _ := s.config(); !cfg.CodeLens {
		return nil, nil
	}
	snap := s.snapshot(params.TextDocument.URI)
	if snap == nil {
		return nil, nil
	}
	return func(ctx context.Context) ([]protocol.CodeLens, error) {
		chunks := service.Summarizable(snap.file().Chunks)
		if len(chunks) > maxLenses {
			chunks = chunks[:maxLenses]
		}
		offsets := make([]int, len(chunks))
		for i, c := range chunks {
			offsets[i] = c.Range.StartByte
		}
		positions := snap.lines.positions(offsets)
		cfg, _ := s.config()
		lenses := make([]protocol.CodeLens, len(chunks))
		for i, c := range chunks {
			if err := ctx.Err(); err != nil {
				return nil, requestError("codeLens", err)
			}
			ref := chunkRef{URI: snap.uri, Version: snap.number, Position: positions[i]}
			lenses[i].Range = protocol.Range{Start: ref.Position, End: ref.Position}
			if sum, ok := s.svc.Peek(ctx, snap.request(c)); ok {
				lenses[i].Command = explainCommand(snap.uri, ref.Position, lensTitle(c, sum, cfg.LensRepeatsDoc), cfg.SummaryLanguage)
			} else {
				lenses[i].Data = mustJSON(ref)
			}
		}
		return lenses, nil
	}, nil
}

// codeLensResolve fills in an unresolved lens with the chunk's summary,
// waiting up to the hover budget for it. Clients resolve the lenses on
// screen, so their summaries run ahead of the rest of the file's
// background work (and behind hovers and commands).
func (s *Server) codeLensResolve(_ context.Context, lens *protocol.CodeLens) (func(context.Context) (*protocol.CodeLens, error), error) {
	ref, err := decodeRef(protocol.MethodCodeLensResolve, lens.Data)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (*protocol.CodeLens, error) {
		out := *lens
		cfg, _ := s.config()
		out.Command = explainCommand(ref.URI, ref.Position, "", cfg.SummaryLanguage)
		v, c, ok := s.lookup(ref)
		if !ok {
			return &out, nil // the document changed or closed: a plain "Explain" lens, never a summary at a wrong place
		}
		sum, err := s.svc.Get(ctx, v.request(c), service.Wait{Priority: inference.Visible, For: cfg.HoverBudget(), Detach: true})
		if err != nil {
			return nil, requestError("codeLens/resolve", err)
		}
		out.Command = explainCommand(ref.URI, ref.Position, lensTitle(c, sum, cfg.LensRepeatsDoc), cfg.SummaryLanguage)
		return &out, nil
	}, nil
}

// lensTitle is what a lens says: the summary, marked while a model's is
// pending or updating. A summary that only repeats the chunk's own doc
// comment, printed right above it, adds nothing: such a lens says
// "Explain" unless repeatsDoc asks for the old behaviour.
func lensTitle(c analysis.Chunk, sum service.Summary, repeatsDoc bool) string {
	if !repeatsDoc && (sum.FromDoc || sameText(sum.Summary, c.Doc)) {
		return ""
	}
	title := sum.Summary
	switch {
	case sum.Outdated:
		title = "⟳ " + title
	case sum.Pending:
		title += " …"
	}
	return title
}

// sameText reports whether a summary says what a doc comment says, or the
// comment's first sentence, ignoring spacing and case.
func sameText(summary, doc string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	a, b := norm(summary), norm(doc)
	return a != "" && (a == b || strings.HasPrefix(b, a))
}

// explainCommand is the command of a lens: its title is the summary (or
// "Explain" in the summary language lang when there is none yet), running
// it explains the function.
func explainCommand(u uri.URI, pos protocol.Position, summary, lang string) protocol.Command {
	return protocol.Command{Title: shortTitle(summary, lang), Command: CommandExplainFunction, Arguments: commandArgs(u, pos)}
}

func shortTitle(summary, lang string) string {
	summary = strings.Join(strings.Fields(summary), " ")
	if summary == "" {
		return inference.LabelsFor(lang).Explain
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
