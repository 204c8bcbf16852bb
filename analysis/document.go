package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"sync"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/internal/ts"
)

// Options tune chunking. The zero value means the defaults.
type Options struct {
	// WindowLines is the most lines of a window chunk (languages without a
	// grammar, or files too large to parse). Default 300.
	WindowLines int
	// MaxParseBytes is the largest text parsed with tree-sitter; larger
	// texts get window chunks. Default 8 MiB.
	MaxParseBytes int
	// ParseTimeout bounds one tree-sitter parse; a parse that runs out
	// gives window chunks. Default 2s plus 200µs per KiB of text.
	ParseTimeout time.Duration
	// Logger hears of parses that fall back to line windows and of query
	// failures; nil discards.
	Logger *slog.Logger
}

const (
	defaultWindowLines   = 300
	defaultMaxParseBytes = 8 << 20
)

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.WindowLines <= 0 {
		o.WindowLines = defaultWindowLines
	}
	if o.MaxParseBytes <= 0 {
		o.MaxParseBytes = defaultMaxParseBytes
	}
	return o
}

var (
	// ErrBinary reports content that is not text (it holds NUL bytes); such
	// content gets no chunks.
	ErrBinary = errors.New("analysis: binary content")
	// ErrEditRange reports an edit whose offsets lie outside the text.
	ErrEditRange = errors.New("analysis: edit out of range")
)

// Parse chunks src as language lang in one go. An unknown or empty lang
// gives window chunks. Binary content gives a FileInfo without chunks and
// ErrBinary. Safe for concurrent use.
func Parse(lang string, src []byte, opts Options) (FileInfo, error) {
	d, err := NewDocument(lang, src, opts)
	defer d.Close()
	d.oneShot = true // its tree must not push open documents' trees out
	return d.File(), err
}

// Document is a parsed document kept for incremental re-chunking after
// edits. It is NOT safe for concurrent use. The caller must Close it.
type Document struct {
	lang string
	sp   *spec
	opts Options
	text []byte
	file *FileInfo
	memo map[uint64]*unitResult
	seed maphash.Seed
	// queried counts the bytes the last File had to query (not memoized).
	queried int

	// treeMu guards the tree, which the process-wide tree LRU may drop
	// from another goroutine.
	treeMu sync.Mutex
	tree   *ts.Tree // nil when not parsed (yet, or any more)
	stale  bool     // the tree was edited but not re-parsed
	// touched is set when a parse made the tree; File then tells the LRU,
	// unless the document lives for one Parse call only.
	touched bool
	oneShot bool
	// noWalk makes the query find every body fact (tests compare it with
	// the facts walk of walk.go).
	noWalk bool
}

// NewDocument parses src as language lang. The returned Document is usable
// even when err is ErrBinary (it then has no chunks until edits make it
// text); the caller must Close it. NewDocument keeps src: the caller must
// not modify it afterwards.
func NewDocument(lang string, src []byte, opts Options) (*Document, error) {
	d := &Document{lang: lang, sp: specFor(lang), opts: opts.withDefaults(), text: src, seed: maphash.MakeSeed()}
	if isBinary(src) {
		return d, ErrBinary
	}
	return d, nil
}

func isBinary(src []byte) bool { return bytes.IndexByte(src, 0) >= 0 }

// Text returns the current text. Callers must not modify it. Every Edit
// makes a new slice, so a returned text stays valid.
func (d *Document) Text() []byte { return d.text }

// Edit is a replacement of the bytes [Start, OldEnd) of a text by Text.
// Points, when set, are where the edit starts and ends in the text before
// and after it; a caller that keeps a line index passes them, and the
// document then never scans the text for them.
type Edit struct {
	Start, OldEnd int
	Text          []byte
	Points        *EditPoints
}

// EditPoints are the points (line, byte column) of an edit: its start, the
// end of the replaced bytes before the edit and the end of the inserted
// bytes after it.
type EditPoints struct{ Start, OldEnd, NewEnd Point }

// Edit applies e to the text. The syntax tree is edited to match and
// re-parsed incrementally on the next File call.
func (d *Document) Edit(e Edit) error {
	if e.Start < 0 || e.Start > e.OldEnd || e.OldEnd > len(d.text) {
		return fmt.Errorf("edit [%d, %d) of %d bytes: %w", e.Start, e.OldEnd, len(d.text), ErrEditRange)
	}
	next := make([]byte, 0, len(d.text)-(e.OldEnd-e.Start)+len(e.Text))
	next = append(next, d.text[:e.Start]...)
	next = append(next, e.Text...)
	next = append(next, d.text[e.OldEnd:]...)
	d.treeMu.Lock()
	defer d.treeMu.Unlock()
	if d.tree != nil {
		pts := e.Points
		if pts == nil {
			pts = &EditPoints{pointAt(d.text, e.Start), pointAt(d.text, e.OldEnd), pointAt(next, e.Start+len(e.Text))}
		}
		d.tree.Edit(e.Start, e.OldEnd, e.Start+len(e.Text), toSitter(pts.Start), toSitter(pts.OldEnd), toSitter(pts.NewEnd))
		d.stale = true
	}
	d.text = next
	d.file = nil
	return nil
}

func pointAt(text []byte, off int) Point {
	return Point{Line: bytes.Count(text[:off], []byte{'\n'}), Column: off - (bytes.LastIndexByte(text[:off], '\n') + 1)}
}

func toSitter(p Point) sitter.Point {
	return sitter.Point{Row: uint32(p.Line), Column: uint32(p.Column)}
}

// File returns the chunks of the current text. It is computed once per
// version of the text and then returned from memory.
func (d *Document) File() FileInfo {
	if d.file == nil {
		fi := d.compute()
		d.file = &fi
		if d.touched && !d.oneShot {
			d.touched = false
			trees.touch(d)
		}
	}
	return *d.file
}

func (d *Document) compute() FileInfo {
	fi := FileInfo{Lang: d.lang, Lines: lineCount(d.text), Chunks: []Chunk{}}
	if isBinary(d.text) {
		return fi
	}
	d.treeMu.Lock()
	defer d.treeMu.Unlock()
	if d.sp == nil || len(d.text) > d.opts.MaxParseBytes {
		d.closeTree()
		d.memo = nil
		fi.Chunks = windows(d.lang, d.text, d.opts.WindowLines)
		if d.sp != nil {
			fi.Fallback = fmt.Sprintf("the file is larger than the %d bytes that are parsed", d.opts.MaxParseBytes)
		}
		return fi
	}
	if err := d.parse(); err != nil {
		d.opts.Logger.Warn("tree-sitter parse failed; using line windows", "lang", d.lang, "bytes", len(d.text), "err", err)
		fi.Chunks = windows(d.lang, d.text, d.opts.WindowLines)
		fi.Fallback = "parsing it ran out of its time limit"
		return fi
	}
	q, err := d.sp.compiledQuery()
	if err != nil {
		d.opts.Logger.Error("chunk query", "lang", d.lang, "err", err)
		fi.Chunks = windows(d.lang, d.text, d.opts.WindowLines)
		return fi
	}
	x := &extractor{sp: d.sp, q: q, logger: d.opts.Logger, src: d.text, lines: newLineIndex(d.text), seed: d.seed, oldMemo: d.memo, noWalk: d.noWalk}
	fi = x.run(d.tree)
	d.memo = x.memo
	d.queried = x.queried
	d.opts.Logger.Debug("chunked", "lang", d.lang, "bytes", len(d.text), "units", len(x.memo), "queriedBytes", x.queried)
	return fi
}

// parse brings the tree up to date with the text.
func (d *Document) parse() error {
	if d.tree != nil && !d.stale {
		return nil
	}
	p := d.sp.parser()
	defer d.sp.release(p)
	limit := d.opts.ParseTimeout
	if limit <= 0 {
		// Generous for the largest text parsed; a hung parse ends here.
		limit = 2*time.Second + time.Duration(len(d.text)/1024)*200*time.Microsecond
	}
	p.SetOperationLimit(int(max(limit.Microseconds(), 1)))
	tree, err := ts.Parse(p, d.tree, d.text)
	d.closeTree()
	if err != nil {
		d.memo = nil
		p.Reset()
		return fmt.Errorf("parse %s: %w", d.lang, err)
	}
	d.tree = tree
	// Not now: touch may wait for other documents' treeMu.
	d.touched = true
	return nil
}

// closeTree frees the tree. The caller holds treeMu.
func (d *Document) closeTree() {
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
	d.stale = false
}

// Close frees the syntax tree. The Document must not be used afterwards.
// Close on a nil Document does nothing.
func (d *Document) Close() {
	if d == nil {
		return
	}
	trees.remove(d)
	d.treeMu.Lock()
	d.closeTree()
	d.treeMu.Unlock()
}
