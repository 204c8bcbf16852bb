package analysis

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected outlines in testdata/*.txtar")

// archive is a txtar archive: a comment, then "-- name --" sections.
type archive struct {
	comment string
	names   []string
	files   map[string]string
}

func readArchive(t *testing.T, path string) *archive {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := &archive{files: map[string]string{}}
	cur := ""
	var buf strings.Builder
	flush := func() {
		if cur == "" {
			a.comment = buf.String()
		} else {
			a.files[cur] = buf.String()
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			cur = trimmed[3 : len(trimmed)-3]
			a.names = append(a.names, cur)
			continue
		}
		buf.WriteString(line)
	}
	flush()
	return a
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, n := range a.names {
		fmt.Fprintf(&b, "-- %s --\n%s", n, a.files[n])
	}
	return b.Bytes()
}

// option reads "key: value" from the archive comment.
func (a *archive) option(key string) string {
	for _, line := range strings.Split(a.comment, "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestGolden chunks every input of testdata/*.txtar and compares the
// outline with the section "<input>.chunks".
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			a := readArchive(t, path)
			var opts Options
			if v := a.option("windowLines"); v != "" {
				opts.WindowLines, _ = strconv.Atoi(v)
			}
			changed := false
			for _, name := range a.names {
				if strings.HasSuffix(name, ".chunks") {
					continue
				}
				lang := a.option("lang")
				if lang == "" {
					lang = LanguageForPath(name)
				}
				src := []byte(a.files[name])
				fi, err := Parse(lang, src, opts)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				checkInvariants(t, src, fi.Chunks)
				got := outline(fi)
				want, ok := a.files[name+".chunks"]
				if *update {
					if !ok {
						a.names = append(a.names, name+".chunks")
					}
					if got != want {
						a.files[name+".chunks"] = got
						changed = true
					}
					continue
				}
				if !ok {
					t.Fatalf("%s: no section %s.chunks (run go test -update)", name, name)
				}
				if got != want {
					t.Errorf("%s: outline differs (run go test -update and review the diff)\n--- got ---\n%s--- want ---\n%s", name, got, want)
				}
			}
			if changed {
				if err := os.WriteFile(path, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// checkInvariants verifies what every chunk promises: Text is the source of
// Range, Points agree with bytes, the doc comment lies outside the range
// (Python docstrings excepted), children lie inside their container.
func checkInvariants(t *testing.T, src []byte, chunks []Chunk) {
	t.Helper()
	li := newLineIndex(src)
	for _, c := range Flatten(chunks) {
		r := c.Range
		if r.StartByte < 0 || r.EndByte > len(src) || r.StartByte > r.EndByte {
			t.Fatalf("%s: range %+v outside text of %d bytes", c.Name, r, len(src))
		}
		if c.Text != string(src[r.StartByte:r.EndByte]) {
			t.Errorf("%s: Text is not the source of Range", c.Name)
		}
		if li.rng(r.StartByte, r.EndByte) != r {
			t.Errorf("%s: points %+v disagree with bytes", c.Name, r)
		}
		if c.Doc != "" {
			d := c.DocRange
			if li.rng(d.StartByte, d.EndByte) != d {
				t.Errorf("%s: doc points %+v disagree with bytes", c.Name, d)
			}
			if d.EndByte > r.StartByte && !r.Contains(d.StartByte) {
				t.Errorf("%s: doc range %+v overlaps range %+v", c.Name, d, r)
			}
		}
		if c.Facts.Lines != lineCount([]byte(c.Text)) {
			t.Errorf("%s: Lines %d, text has %d", c.Name, c.Facts.Lines, lineCount([]byte(c.Text)))
		}
		for _, k := range c.Children {
			if k.Range.StartByte < r.StartByte || k.Range.EndByte > r.EndByte {
				t.Errorf("%s: child %s outside its container", c.Name, k.Name)
			}
		}
	}
}

// outline renders chunks in the golden format: one line per chunk with kind,
// name and 1-based lines, then its signature, doc and non-zero facts.
func outline(fi FileInfo) string {
	var b strings.Builder
	if fi.Package != "" {
		fmt.Fprintf(&b, "package: %s\n", fi.Package)
	}
	if len(fi.Imports) > 0 {
		fmt.Fprintf(&b, "imports: %s\n", strings.Join(fi.Imports, ", "))
	}
	if fi.Doc != "" {
		fmt.Fprintf(&b, "doc: %s\n", oneLine(fi.Doc))
	}
	fmt.Fprintf(&b, "lines: %d\n", fi.Lines)
	var walk func(cs []Chunk, indent string)
	walk = func(cs []Chunk, indent string) {
		for _, c := range cs {
			fmt.Fprintf(&b, "%s%s %s L%s", indent, c.Kind, c.Name, lines(c.Range))
			if c.Doc != "" {
				fmt.Fprintf(&b, " doc L%s", lines(c.DocRange))
			}
			b.WriteString("\n")
			fmt.Fprintf(&b, "%s  sig: %s\n", indent, c.Signature)
			if c.Doc != "" {
				fmt.Fprintf(&b, "%s  doc: %s\n", indent, oneLine(c.Doc))
			}
			if f := facts(c.Facts); f != "" {
				fmt.Fprintf(&b, "%s  facts: %s\n", indent, f)
			}
			walk(c.Children, indent+"  ")
		}
	}
	walk(fi.Chunks, "")
	return b.String()
}

// lines renders a range as 1-based first-last lines; a range that ends at
// the start of a line ends on the line before.
func lines(r Range) string {
	last := r.End.Line
	if r.End.Column > 0 || last == r.Start.Line {
		last++
	}
	return fmt.Sprintf("%d-%d", r.Start.Line+1, last)
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ⏎ ") }

func facts(f Facts) string {
	var parts []string
	add := func(k string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				parts = append(parts, k+"="+v)
			}
		case int:
			if v != 0 {
				parts = append(parts, fmt.Sprintf("%s=%d", k, v))
			}
		case []string:
			if len(v) > 0 {
				parts = append(parts, k+"=["+strings.Join(v, "; ")+"]")
			}
		}
	}
	add("receiver", f.Receiver)
	add("recv", f.ReceiverVar)
	var ps []string
	for _, p := range f.Params {
		ps = append(ps, strings.TrimSpace(p.Name+" "+p.Type))
	}
	add("params", ps)
	add("results", f.Results)
	add("decorators", f.Decorators)
	add("modifiers", f.Modifiers)
	add("calls", f.Calls)
	add("loops", f.Loops)
	add("branches", f.Branches)
	add("returns", f.Returns)
	add("throws", f.Throws)
	add("catches", f.Catches)
	add("errchecks", f.ErrorChecks)
	add("awaits", f.Awaits)
	add("yields", f.Yields)
	add("spawns", f.Spawns)
	add("writes", f.ReceiverWrites)
	return strings.Join(parts, " ")
}
