package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference/service"
)

// FuzzIncrementalSync applies random didChange notifications (random
// ranges, numbers no position can have among them) to a document of random
// text (CRLF, emoji, invalid bytes) and compares the server's text, line
// index and position conversion with a naive reference that re-reads the
// whole text for every position, and its chunks with a fresh parse.
func FuzzIncrementalSync(f *testing.F) {
	f.Add("a😀b\r\n漢字x\nlast", []byte{1, 0, 2, 0, 3, 7, 2, 1, 1, 5, 9, 0, 4}, false)
	f.Add("x\xffy\n\xe6\x80b\r\n", []byte{1, 0, 1, 0, 2, 0, 1, 1, 0, 250, 0, 2, 4}, true)
	f.Add("func a() {}\n\nfunc b() {\n\treturn\n}\n", []byte{1, 2, 0, 2, 0, 9, 3, 0, 3, 1, 4, 0, 12}, false)
	f.Add("def f(x):\r\n    return x\r\n", []byte{0, 251, 0, 0, 0, 3, 1, 1, 1, 1, 2, 252, 0}, false)
	f.Add("", []byte{1, 253, 254, 255, 249, 5, 6}, true)
	// Seeds from TestOutOfRangeEditsKeepTheText: negative, beyond 32 bits.
	f.Add("keep me\n", []byte{1, 251, 0, 0, 0, 1}, false)
	f.Add("keep me\n", []byte{1, 0, 252, 0, 0, 1}, false)
	f.Add("keep me\n", []byte{1, 0, 0, 253, 0, 1}, false)
	f.Fuzz(func(t *testing.T, text string, ops []byte, utf8Mode bool) {
		if len(text) > 4096 || len(ops) > 256 {
			return
		}
		enc := encodingUTF16
		if utf8Mode {
			enc = encodingUTF8
		}
		lang := []string{"go", "python", "javascript"}[len(text)%3]
		s := syncServer(enc)
		d := openForFuzz(t, s, lang, text)
		defer d.close()
		want := text
		r := &opReader{ops: ops}
		for version := int32(2); !r.done(); version++ {
			params, changes := r.notification(want)
			params.TextDocument.Version = version
			if err := s.didChange(params); err == nil {
				want = refApply(want, changes, enc)
			} else if refValid(changes) {
				t.Fatalf("didChange refused valid changes %v: %v", changes, err)
			}
			v := s.snapshot(d.uri)
			if v.text != want {
				t.Fatalf("after %v:\ntext %q\nwant %q", changes, v.text, want)
			}
			if fresh := newLineIndex(want, enc); !slices.Equal(v.lines.starts, fresh.starts) {
				t.Fatalf("after %v: line starts %v, want %v", changes, v.lines.starts, fresh.starts)
			}
			checkConversions(t, v.lines, r)
		}
		checkChunksMatchFreshParse(t, s.snapshot(d.uri))
	})
}

func syncServer(enc protocol.PositionEncodingKind) *Server {
	cfg := service.DefaultConfig()
	cfg.BackgroundSummaries = false
	s := New(Options{Config: cfg})
	s.logger = s.opts.Logger
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.caps.encoding = enc
	return s
}

func openForFuzz(t *testing.T, s *Server, lang, text string) *document {
	u := uri.URI("file:///fuzz/file")
	if err := s.didOpen(&protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: protocol.LanguageKind(lang), Version: 1, Text: text}}); err != nil {
		t.Fatal(err)
	}
	return s.docs.get(u)
}

// opReader turns fuzz bytes into changes and probe positions.
type opReader struct {
	ops []byte
	at  int
}

func (r *opReader) done() bool { return r.at >= len(r.ops) }

func (r *opReader) next() byte {
	if r.done() {
		return 0
	}
	b := r.ops[r.at]
	r.at++
	return b
}

// snippets are the texts changes insert.
var snippets = []string{"", "x", "\n", "\r\n", "\r", "😀", "漢字", "z̀", "\n\n", "a\r\nb", "func g() {\n}\n", "def h():\n    pass\n", "}", "{", "\"", "/*", "*/", "function k() { return 1 }\n"}

// number is a position number as a client might write it: mostly small
// values near the text's size, sometimes values no position can have.
func (r *opReader) number() wireNumber {
	switch b := r.next(); b {
	case 249:
		return "1.5"
	case 250:
		return "4294967295"
	case 251:
		return "-1"
	case 252:
		return "4294967296"
	case 253:
		return "99999999999999999999"
	case 254:
		return `"3"`
	case 255:
		return "1e2"
	default:
		return wireNumber(fmt.Sprint(b % 40))
	}
}

// notification reads one didChange notification of 1 to 3 changes.
func (r *opReader) notification(text string) (*didChangeParams, []contentChange) {
	n := int(r.next()%3) + 1
	var changes []contentChange
	for range n {
		kind := r.next()
		ins := snippets[int(r.next())%len(snippets)]
		if kind%8 == 0 {
			changes = append(changes, contentChange{Text: ins + text[:min(len(text), int(kind))]})
			continue
		}
		rg := &wireRange{Start: wirePosition{r.number(), r.number()}, End: wirePosition{r.number(), r.number()}}
		changes = append(changes, contentChange{Range: rg, Text: ins})
	}
	raw, err := json.Marshal(map[string]any{"textDocument": map[string]any{"uri": "file:///fuzz/file"}, "contentChanges": wireChanges(changes)})
	if err != nil {
		panic(err)
	}
	var p didChangeParams
	if err := protocol.Unmarshal(raw, &p); err != nil {
		panic(fmt.Sprintf("decoding %s: %v", raw, err))
	}
	return &p, changes
}

// wireChanges writes the changes' numbers as raw JSON.
func wireChanges(changes []contentChange) []map[string]any {
	out := make([]map[string]any, len(changes))
	for i, ch := range changes {
		out[i] = map[string]any{"text": strings.ToValidUTF8(ch.Text, "\uFFFD")}
		if ch.Range != nil {
			p := func(w wirePosition) map[string]any {
				return map[string]any{"line": json.RawMessage(w.Line), "character": json.RawMessage(w.Character)}
			}
			out[i]["range"] = map[string]any{"start": p(ch.Range.Start), "end": p(ch.Range.End)}
		}
	}
	return out
}

// refValid reports whether every number of the changes is an integer in
// [0, 2³²).
func refValid(changes []contentChange) bool {
	for _, ch := range changes {
		if ch.Range == nil {
			continue
		}
		for _, n := range []wireNumber{ch.Range.Start.Line, ch.Range.Start.Character, ch.Range.End.Line, ch.Range.End.Character} {
			var v int64
			if _, err := fmt.Sscanf(string(n), "%d", &v); err != nil || fmt.Sprint(v) != string(n) || v < 0 || v >= 1<<32 {
				return false
			}
		}
	}
	return true
}

// refApply applies the changes to text the slow way; a notification with
// an impossible number leaves the text as it is.
func refApply(text string, changes []contentChange, enc protocol.PositionEncodingKind) string {
	if !refValid(changes) {
		return text
	}
	for _, ch := range changes {
		txt := strings.ToValidUTF8(ch.Text, "\uFFFD")
		if ch.Range == nil {
			text = txt
			continue
		}
		num := func(n wireNumber) int {
			var v int
			fmt.Sscanf(string(n), "%d", &v)
			return v
		}
		start := refOffset(text, num(ch.Range.Start.Line), num(ch.Range.Start.Character), enc)
		end := refOffset(text, num(ch.Range.End.Line), num(ch.Range.End.Character), enc)
		if end < start {
			start, end = end, start
		}
		text = text[:start] + txt + text[end:]
	}
	return text
}

// refLine returns the byte offset and the content (without its line
// break) of line n, or ok false past the last line. Only "\n" ends a line;
// a "\r" before it belongs to the break.
func refLine(text string, n int) (start int, content string, ok bool) {
	lines := strings.Split(text, "\n")
	if n >= len(lines) {
		return 0, "", false
	}
	for _, l := range lines[:n] {
		start += len(l) + 1
	}
	return start, strings.TrimSuffix(lines[n], "\r"), true
}

// refChars lists the characters of a line: each one's byte offset and its
// offset in the encoding's units. An invalid byte is one character, of one
// unit in either encoding.
func refChars(content string, enc protocol.PositionEncodingKind) (bytes, units []int, total int) {
	var runes []rune
	for i, r := range content {
		bytes = append(bytes, i)
		runes = append(runes, r)
	}
	for k, r := range runes {
		units = append(units, total)
		switch {
		case enc == encodingUTF16:
			total += len(utf16.Encode([]rune{r}))
		case k+1 < len(bytes):
			total += bytes[k+1] - bytes[k]
		default:
			total += len(content) - bytes[k]
		}
	}
	return bytes, units, total
}

// refOffset is the byte offset of (line, char): past the last line is the
// end of the text, past a line's end is the line's end, inside a character
// is its start.
func refOffset(text string, line, char int, enc protocol.PositionEncodingKind) int {
	start, content, ok := refLine(text, line)
	if !ok {
		return len(text)
	}
	bytes, units, total := refChars(content, enc)
	if char >= total {
		return start + len(content)
	}
	k := 0
	for k+1 < len(units) && units[k+1] <= char {
		k++
	}
	return start + bytes[k]
}

// refPosition is the position of a byte offset, clamped to the text;
// inside a character is its start.
func refPosition(text string, off int, enc protocol.PositionEncodingKind) protocol.Position {
	off = min(max(off, 0), len(text))
	line := strings.Count(text[:off], "\n")
	start, content, _ := refLine(text, line)
	col := min(off-start, len(content))
	bytes, units, total := refChars(content, enc)
	char := total
	if col < len(content) {
		k := 0
		for k+1 < len(bytes) && bytes[k+1] <= col {
			k++
		}
		char = units[k]
	}
	return protocol.Position{Line: uint32(line), Character: uint32(char)}
}

// checkConversions compares offset, position and positions with the
// reference at probe points read from the fuzz bytes.
func checkConversions(t *testing.T, x *lineIndex, r *opReader) {
	t.Helper()
	enc := x.encoding()
	var offs []int
	for range 4 {
		line, char := int(r.next()%40), int(r.next()%40)
		p := protocol.Position{Line: uint32(line), Character: uint32(char)}
		if got, want := x.offset(p), refOffset(x.text, line, char, enc); got != want {
			t.Fatalf("%s offset(%v) of %q = %d, want %d", enc, p, x.text, got, want)
		}
		off := int(r.next()) - 8
		offs = append(offs, off)
		if got, want := x.position(off), refPosition(x.text, off, enc); got != want {
			t.Fatalf("%s position(%d) of %q = %v, want %v", enc, off, x.text, got, want)
		}
	}
	got := x.positions(offs)
	for i, off := range offs {
		if want := refPosition(x.text, off, enc); got[i] != want {
			t.Fatalf("%s positions(%v)[%d] of %q = %v, want %v", enc, offs, i, x.text, got[i], want)
		}
	}
}

// checkChunksMatchFreshParse compares the chunks of the incrementally
// edited analysis document with those of a parse of the text from scratch.
func checkChunksMatchFreshParse(t *testing.T, v *version) {
	t.Helper()
	got := v.file()
	want, _ := analysis.Parse(v.lang, []byte(v.text), analysis.Options{WindowLines: service.DefaultConfig().Loc})
	type key struct {
		kind analysis.Kind
		name string
		rg   analysis.Range
	}
	flat := func(cs []analysis.Chunk) []key {
		var out []key
		var walk func([]analysis.Chunk)
		walk = func(cs []analysis.Chunk) {
			for _, c := range cs {
				out = append(out, key{c.Kind, c.Name, c.Range})
				walk(c.Children)
			}
		}
		walk(cs)
		return out
	}
	if g, w := flat(got.Chunks), flat(want.Chunks); !slices.Equal(g, w) {
		t.Fatalf("incremental chunks of %q:\n%v\nfresh parse:\n%v", v.text, g, w)
	}
}
