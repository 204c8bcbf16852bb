package lsp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
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

// document is one open text document: its current version and the
// analyzer that chunks its versions.
type document struct {
	uri uri.URI
	az  *analyzer

	// mu guards cur and the background work of the current version.
	mu  sync.Mutex
	cur *version
	// bgCancel stops the background summaries of the previous version.
	bgCancel context.CancelFunc
	bgTimer  *time.Timer
}

// version is one immutable version of a document: its text and line index,
// built on the read loop, and its chunks, computed once when first asked
// for (off the read loop). Features hold a *version as their snapshot.
type version struct {
	uri    uri.URI
	number int32
	lang   string
	text   string
	lines  *lineIndex
	az     *analyzer
	seq    uint64 // the edits since the document opened

	fileOnce sync.Once
	fileInfo analysis.FileInfo
}

// file returns the version's chunks, computing them on first use.
func (v *version) file() analysis.FileInfo {
	v.fileOnce.Do(func() { v.fileInfo = v.az.chunks(v) })
	return v.fileInfo
}

// analyzer chunks a document's versions with one incremental
// analysis.Document. The read loop only appends edits to its log; the
// analysis document catches up with them when a version's chunks are
// asked for. Safe for concurrent use.
type analyzer struct {
	path   string
	lang   string
	opts   analysis.Options
	logger *slog.Logger
	// fallback is told why a version's chunks are line windows although
	// the language has a grammar.
	fallback func(reason string)

	// logMu guards log: the edits after the analysis document's text.
	logMu sync.Mutex
	log   []loggedEdit

	// mu guards doc and at, and is held while chunking.
	mu  sync.Mutex
	doc *analysis.Document // nil after close
	at  uint64             // the edit seq doc's text is at
}

// loggedEdit is one edit of the document, as the read loop applied it.
type loggedEdit struct {
	seq        uint64
	start, end int    // replaced byte range of the text before the edit
	text       string // inserted text
	wholeText  bool   // text replaces the whole document
	points     analysis.EditPoints
}

func newAnalyzer(path, lang, text string, opts analysis.Options, logger *slog.Logger, fallback func(reason string)) *analyzer {
	az := &analyzer{path: path, lang: lang, opts: opts, logger: logger, fallback: fallback}
	az.doc = az.newDocument(text)
	return az
}

func (az *analyzer) newDocument(text string) *analysis.Document {
	doc, err := analysis.NewDocument(az.lang, []byte(text), az.opts)
	if err != nil && !errors.Is(err, analysis.ErrBinary) {
		az.logger.Warn("cannot parse document", "path", az.path, "err", err)
	}
	return doc
}

// record appends an edit the read loop applied.
func (az *analyzer) record(e loggedEdit) {
	az.logMu.Lock()
	defer az.logMu.Unlock()
	if e.wholeText {
		az.log = az.log[:0]
	}
	az.log = append(az.log, e)
}

// chunks computes v's chunks: the analysis document catches up with the
// edits up to v and re-chunks incrementally. A version older than the
// analysis document is parsed on its own.
func (az *analyzer) chunks(v *version) analysis.FileInfo {
	fi := az.chunkLocked(v)
	if fi.Fallback != "" {
		az.fallback(fi.Fallback)
	}
	return fi
}

func (az *analyzer) chunkLocked(v *version) analysis.FileInfo {
	az.mu.Lock()
	defer az.mu.Unlock()
	if az.doc == nil || az.at > v.seq {
		return az.oneShot(v)
	}
	az.catchUp(v)
	fi := az.doc.File()
	fi.Path = az.path
	return fi
}

// catchUp applies the logged edits up to v. The caller holds mu.
func (az *analyzer) catchUp(v *version) {
	az.logMu.Lock()
	var edits []loggedEdit
	keep := az.log[:0]
	for _, e := range az.log {
		switch {
		case e.seq <= az.at:
		case e.seq <= v.seq:
			edits = append(edits, e)
		default:
			keep = append(keep, e)
		}
	}
	az.log = keep
	az.logMu.Unlock()
	for _, e := range edits {
		if e.wholeText {
			az.doc.Close()
			az.doc = az.newDocument(e.text)
			continue
		}
		if err := az.doc.Edit(analysis.Edit{Start: e.start, OldEnd: e.end, Text: []byte(e.text), Points: &e.points}); err != nil {
			az.logger.Warn("incremental parse failed; reparsing", "path", az.path, "err", err)
			break
		}
	}
	az.at = v.seq
	if string(az.doc.Text()) != v.text {
		az.doc.Close()
		az.doc = az.newDocument(v.text)
	}
}

// oneShot chunks v without the analysis document.
func (az *analyzer) oneShot(v *version) analysis.FileInfo {
	fi, err := analysis.Parse(az.lang, []byte(v.text), az.opts)
	if err != nil && !errors.Is(err, analysis.ErrBinary) {
		az.logger.Warn("cannot parse document", "path", az.path, "err", err)
	}
	fi.Path = az.path
	return fi
}

// close frees the syntax tree; later versions parse on their own.
func (az *analyzer) close() {
	az.mu.Lock()
	defer az.mu.Unlock()
	az.doc.Close()
	az.doc = nil
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

// snapshot returns the current version of u, or nil when u is not open.
func (s *Server) snapshot(u uri.URI) *version {
	d := s.docs.get(u)
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur
}

// current reports whether v is still its document's current version.
func (s *Server) current(v *version) bool {
	return s.snapshot(v.uri) == v
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

func (s *Server) didOpen(params *protocol.DidOpenTextDocumentParams) error {
	item := params.TextDocument
	cfg, caps := s.config()
	lang := detectLanguage(string(item.LanguageID), item.URI)
	text := strings.Clone(item.Text)
	path := filename(item.URI)
	opts := analysis.Options{WindowLines: cfg.Loc, ParseTimeout: s.opts.ParseTimeout, Logger: s.logger}
	az := newAnalyzer(path, lang, text, opts, s.logger, func(reason string) { s.parseFallback(path, reason) })
	d := &document{uri: item.URI, az: az}
	d.cur = &version{uri: item.URI, number: item.Version, lang: lang, text: text, lines: newLineIndex(text, caps.encoding), az: az}
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

// didChange applies the changes in order to a new version. A change whose
// range holds numbers that cannot be positions (negative, or beyond 32
// bits) is refused whole: the document keeps its text and version.
func (s *Server) didChange(params *didChangeParams) error {
	d := s.docs.get(params.TextDocument.URI)
	if d == nil {
		return fmt.Errorf("didChange %s: %w", params.TextDocument.URI, errUnknownDocument)
	}
	if err := params.check(); err != nil {
		return fmt.Errorf("didChange %s version %d: %w; the document is left unchanged", d.uri, params.TextDocument.Version, err)
	}
	d.mu.Lock()
	v := d.cur
	next := &version{uri: v.uri, number: params.TextDocument.Version, lang: v.lang, text: v.text, lines: v.lines, az: v.az, seq: v.seq}
	for _, ch := range params.ContentChanges {
		next.seq++
		if ch.Range == nil {
			next.text = strings.Clone(ch.Text)
			next.lines = newLineIndex(next.text, next.lines.encoding())
			d.az.record(loggedEdit{seq: next.seq, text: next.text, wholeText: true})
			continue
		}
		start, end := next.lines.offset(ch.Range.Start.position()), next.lines.offset(ch.Range.End.position())
		if end < start {
			start, end = end, start
		}
		pts := analysis.EditPoints{Start: next.lines.point(start), OldEnd: next.lines.point(end)}
		next.text = next.text[:start] + ch.Text + next.text[end:]
		next.lines = next.lines.edited(next.text, start, end, ch.Text)
		pts.NewEnd = next.lines.point(start + len(ch.Text))
		d.az.record(loggedEdit{seq: next.seq, start: start, end: end, text: ch.Text, points: pts})
	}
	d.cur = next
	d.mu.Unlock()
	s.scheduleBackground(d, settleDelay)
	return nil
}

// parseFallback tells the client, once per file, that a file's summaries
// are of line windows instead of functions, and why.
func (s *Server) parseFallback(path, reason string) {
	s.showOnce("fallback "+path, protocol.MessageTypeWarning,
		"%s: summaries are of line windows, not functions: %s.", filepath.Base(path), reason)
}

// errUnknownDocument answers requests about documents that are not open.
var errUnknownDocument = errors.New("document is not open")

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
	d.stopBackgroundLocked()
	d.mu.Unlock()
	d.az.close()
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
