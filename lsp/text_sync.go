package lsp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// settleDelay is how long the document must stay unchanged before its
// changed chunks are summarized in the background.
const settleDelay = 400 * time.Millisecond

// document is one open text document. Its fields change with every edit,
// under mu; features read it through immutable snapshots.
type document struct {
	uri uri.URI

	mu      sync.Mutex
	version int32
	lang    string
	text    string
	lines   *lineIndex
	parsed  *analysis.Document // nil when the content is not text (binary)
	// bgCancel stops the background summaries of the previous version.
	bgCancel context.CancelFunc
	bgTimer  *time.Timer
}

// snapshot is an immutable view of a document at one version.
type snapshot struct {
	uri     uri.URI
	version int32
	lang    string
	text    string
	lines   *lineIndex
	file    analysis.FileInfo
}

// store holds the open documents. Safe for concurrent use.
type store struct {
	mu   sync.Mutex
	docs map[uri.URI]*document
}

func newStore() *store { return &store{docs: make(map[uri.URI]*document)} }

func (st *store) get(u uri.URI) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.docs[u]
}

// errUnknownDocument answers requests about documents that are not open.
var errUnknownDocument = errors.New("document is not open")

// snapshot returns the current snapshot of u.
func (s *Server) snapshot(u uri.URI) (*snapshot, error) {
	d := s.docs.get(u)
	if d == nil {
		return nil, fmt.Errorf("%s: %w", u, errUnknownDocument)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	snap := &snapshot{uri: u, version: d.version, lang: d.lang, text: d.text, lines: d.lines}
	if d.parsed != nil {
		snap.file = d.parsed.File()
	} else {
		snap.file = analysis.FileInfo{Path: filename(u), Lang: d.lang}
	}
	return snap, nil
}

// detectLanguage picks our language id from the client's languageId, and
// from the file name when the id is not one we parse.
func detectLanguage(languageID string, u uri.URI) string {
	lang := analysis.LanguageForID(languageID)
	for _, known := range analysis.Languages() {
		if lang == known {
			return lang
		}
	}
	if byPath := analysis.LanguageForPath(filename(u)); byPath != "" {
		return byPath
	}
	return lang
}

func (s *Server) parseOptions() analysis.Options {
	cfg, _ := s.config()
	return analysis.Options{WindowLines: cfg.Loc}
}

// parse builds the analysis document for text; binary content yields nil.
func (s *Server) parse(u uri.URI, lang, text string) *analysis.Document {
	parsed, err := analysis.NewDocument(lang, []byte(text), s.parseOptions())
	if err != nil {
		if !errors.Is(err, analysis.ErrBinary) {
			s.logger.Warn("cannot parse document", "uri", u, "err", err)
		}
		if parsed != nil {
			parsed.Close()
		}
		return nil
	}
	return parsed
}

func (s *Server) didOpen(params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	_, caps := s.config()
	lang := detectLanguage(string(item.LanguageID), item.URI)
	text := strings.Clone(item.Text)
	d := &document{uri: item.URI, version: item.Version, lang: lang, text: text,
		lines: newLineIndex(text, caps.encoding)}
	d.parsed = s.parse(item.URI, lang, text)
	s.docs.mu.Lock()
	old := s.docs.docs[item.URI]
	s.docs.docs[item.URI] = d
	s.docs.mu.Unlock()
	if old != nil {
		old.close()
	}
	s.scheduleBackground(d, 0)
	return nil
}

func (s *Server) didChange(params *protocol.DidChangeTextDocumentParams) error {
	d := s.docs.get(params.TextDocument.URI)
	if d == nil {
		return fmt.Errorf("didChange %s: %w", params.TextDocument.URI, errUnknownDocument)
	}
	_, caps := s.config()
	d.mu.Lock()
	for _, ch := range params.ContentChanges {
		switch c := ch.(type) {
		case *protocol.TextDocumentContentChangePartial:
			start, end := d.lines.offset(c.Range.Start), d.lines.offset(c.Range.End)
			if end < start {
				start, end = end, start
			}
			d.text = d.text[:start] + c.Text + d.text[end:]
			if d.parsed != nil {
				if err := d.parsed.Edit(start, end, []byte(c.Text)); err != nil {
					s.logger.Warn("incremental parse failed; reparsing", "uri", d.uri, "err", err)
					d.parsed.Close()
					d.parsed = s.parse(d.uri, d.lang, d.text)
				}
			}
		case *protocol.TextDocumentContentChangeWholeDocument:
			d.text = strings.Clone(c.Text)
			if d.parsed != nil {
				d.parsed.Close()
			}
			d.parsed = s.parse(d.uri, d.lang, d.text)
		}
		d.lines = newLineIndex(d.text, caps.encoding)
	}
	d.version = params.TextDocument.Version
	d.mu.Unlock()
	s.scheduleBackground(d, settleDelay)
	return nil
}

func (s *Server) didClose(params *protocol.DidCloseTextDocumentParams) error {
	s.docs.mu.Lock()
	d := s.docs.docs[params.TextDocument.URI]
	delete(s.docs.docs, params.TextDocument.URI)
	s.docs.mu.Unlock()
	if d != nil {
		d.close()
	}
	return nil
}

// close stops the document's background work and frees its syntax tree.
func (d *document) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopBackgroundLocked()
	if d.parsed != nil {
		d.parsed.Close()
		d.parsed = nil
	}
}

func (d *document) stopBackgroundLocked() {
	if d.bgTimer != nil {
		d.bgTimer.Stop()
		d.bgTimer = nil
	}
	if d.bgCancel != nil {
		d.bgCancel()
		d.bgCancel = nil
	}
}

func (st *store) closeAll() {
	st.mu.Lock()
	docs := st.docs
	st.docs = make(map[uri.URI]*document)
	st.mu.Unlock()
	for _, d := range docs {
		d.close()
	}
}

// cancelBackground stops every document's background summaries.
func (st *store) cancelBackground() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range st.docs {
		d.mu.Lock()
		d.stopBackgroundLocked()
		d.mu.Unlock()
	}
}
