package heuristic

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func TestSplitName(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"parseConfigFile", []string{"parse", "config", "file"}},
		{"ParseHTTPRequest2", []string{"parse", "HTTP", "request", "2"}},
		{"HTTPServer", []string{"HTTP", "server"}},
		{"read_all_lines", []string{"read", "all", "lines"}},
		{"__init__", []string{"init"}},
		{"Server.Handle", []string{"handle"}},
		{"kebab-case-name", []string{"kebab", "case", "name"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := SplitName(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Baseline("ParseHTTPRequest"); got != "parse http request" {
		t.Errorf("Baseline = %q", got)
	}
}

func TestThirdPerson(t *testing.T) {
	for in, want := range map[string]string{
		"parse": "parses", "flush": "flushes", "apply": "applies", "play": "plays",
		"fix": "fixes", "do": "does", "match": "matches", "go": "goes",
	} {
		if got := thirdPerson(in); got != want {
			t.Errorf("thirdPerson(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGenerate(t *testing.T) {
	tests := []struct {
		name  string
		chunk analysis.Chunk
		want  string
	}{
		{"verb and object", analysis.Chunk{Kind: analysis.KindFunction, Name: "parseConfigFile", Lang: "go"},
			"parseConfigFile parses the config file."},
		{"predicate on param", analysis.Chunk{Kind: analysis.KindFunction, Name: "isValid", Lang: "go",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "token", Type: "string"}}}},
			"isValid reports whether token is valid."},
		{"predicate on receiver", analysis.Chunk{Kind: analysis.KindMethod, Name: "File.IsDir", Lang: "go",
			Facts: analysis.Facts{Receiver: "*File"}},
			"IsDir reports whether the file is dir."},
		{"constructor func", analysis.Chunk{Kind: analysis.KindFunction, Name: "NewServer", Lang: "go"},
			"NewServer returns a new server."},
		{"getter", analysis.Chunk{Kind: analysis.KindMethod, Name: "Person.getName", Lang: "java"},
			"Returns the name of this person."},
		{"bare verb method", analysis.Chunk{Kind: analysis.KindMethod, Name: "Conn.Close", Lang: "go",
			Facts: analysis.Facts{Receiver: "*Conn"}},
			"Close closes the conn."},
		{"class constructor", analysis.Chunk{Kind: analysis.KindConstructor, Name: "HTTPClient.constructor", Lang: "typescript"},
			"Creates a new HTTP client."},
		{"python init", analysis.Chunk{Kind: analysis.KindMethod, Name: "Parser.__init__", Lang: "python"},
			"Initialize the parser."},
		{"stringer", analysis.Chunk{Kind: analysis.KindMethod, Name: "Point.String", Lang: "go"},
			"String returns a string representation of the point."},
		{"noun with result", analysis.Chunk{Kind: analysis.KindMethod, Name: "Buffer.Len", Lang: "go",
			Facts: analysis.Facts{Results: []string{"int"}}},
			"Len returns the len of the buffer."},
		{"event handler", analysis.Chunk{Kind: analysis.KindFunction, Name: "onClick", Lang: "javascript"},
			"Handles the click event."},
		{"test function", analysis.Chunk{Kind: analysis.KindFunction, Name: "TestParse", Lang: "go"},
			"TestParse tests the parse."},
		{"boolean result", analysis.Chunk{Kind: analysis.KindMethod, Name: "Label.Valid", Lang: "go",
			Facts: analysis.Facts{Receiver: "Label", Results: []string{"bool"}}},
			"Valid reports whether the label is valid."},
		{"trailing preposition takes param", analysis.Chunk{Kind: analysis.KindFunction, Name: "CalleesOf", Lang: "go",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "caller", Type: "*Node"}}, Results: []string{"[]*Node"}}},
			"CalleesOf returns the callees of caller."},
		{"bare verb prefers param", analysis.Chunk{Kind: analysis.KindMethod, Name: "Map.Delete", Lang: "go",
			Facts: analysis.Facts{Receiver: "*Map", Params: []analysis.Param{{Name: "key", Type: "string"}}}},
			"Delete deletes the key from the map."},
		{"verb mentions param", analysis.Chunk{Kind: analysis.KindFunction, Name: "load_settings", Lang: "python",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "path"}}}},
			"Load the settings for the given path."},
		{"option setter", analysis.Chunk{Kind: analysis.KindFunction, Name: "WithTimeout", Lang: "go"},
			"WithTimeout sets the timeout."},
		{"bare get", analysis.Chunk{Kind: analysis.KindMethod, Name: "Header.Get", Lang: "go",
			Facts: analysis.Facts{Receiver: "Header", Params: []analysis.Param{{Name: "key", Type: "string"}}, Results: []string{"string"}}},
			"Get returns the value for the given key."},
		{"verb in name needs no copula", analysis.Chunk{Kind: analysis.KindFunction, Name: "pidfdWorks", Lang: "go",
			Facts: analysis.Facts{Results: []string{"bool"}}},
			"pidfdWorks reports whether pidfd works."},
		{"verb first in boolean name", analysis.Chunk{Kind: analysis.KindMethod, Name: "writer.staysWithinBuffer", Lang: "go",
			Facts: analysis.Facts{Receiver: "*writer", Results: []string{"bool"}}},
			"staysWithinBuffer reports whether the writer stays within buffer."},
		{"lone preposition", analysis.Chunk{Kind: analysis.KindMethod, Name: "File.ReadAt", Lang: "go",
			Facts: analysis.Facts{Receiver: "File", Params: []analysis.Param{{Name: "b", Type: "[]byte"}, {Name: "off", Type: "int64"}}}},
			"ReadAt reads at the file for the given off."},
		{"abbreviated verb", analysis.Chunk{Kind: analysis.KindMethod, Name: "closeWaiter.Init", Lang: "go",
			Facts: analysis.Facts{Receiver: "closeWaiter"}},
			"Init initializes the close waiter."},
		{"error-only result is no value", analysis.Chunk{Kind: analysis.KindMethod, Name: "File.Chmod", Lang: "go",
			Facts: analysis.Facts{Receiver: "*File", Results: []string{"error"}}},
			"Chmod handles the chmod of the file."},
		{"short param uses type", analysis.Chunk{Kind: analysis.KindFunction, Name: "hasPrefix", Lang: "go",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "ctx", Type: "context.Context"}, {Name: "n", Type: "*ast.Node"}}}},
			"hasPrefix reports whether node has prefix."},
		{"short param of builtin type is not named", analysis.Chunk{Kind: analysis.KindFunction, Name: "hasPrefix", Lang: "go",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "s", Type: "string"}}}},
			"hasPrefix reports whether it has prefix."},
		{"phrasal verb", analysis.Chunk{Kind: analysis.KindFunction, Name: "cleanup", Lang: "javascript"},
			"Cleans up."},
		{"name starting with a preposition", analysis.Chunk{Kind: analysis.KindMethod, Name: "Command._checkForConflictingOptions", Lang: "javascript",
			Facts: analysis.Facts{Receiver: "Command"}},
			"Checks for conflicting options."},
		{"javascript constructor function", analysis.Chunk{Kind: analysis.KindFunction, Name: "ContentType", Lang: "javascript"},
			"Creates a new content type."},
		{"methods name no param", analysis.Chunk{Kind: analysis.KindMethod, Name: "Command.addHelpText", Lang: "javascript",
			Facts: analysis.Facts{Receiver: "Command", Params: []analysis.Param{{Name: "position"}, {Name: "text"}}}},
			"Adds the help text."},
		{"class", analysis.Chunk{Kind: analysis.KindClass, Name: "HTTPClient", Lang: "python",
			Children: []analysis.Chunk{{Kind: analysis.KindMethod, Name: "HTTPClient.get"}, {Kind: analysis.KindMethod, Name: "HTTPClient.post"}}},
			"The HTTP client class with 2 methods."},
		{"line window", analysis.Chunk{Kind: analysis.KindWindow, Name: "notes.txt:1", Lang: "plaintext",
			Range: analysis.Range{Start: analysis.Point{Line: 0}, End: analysis.Point{Line: 299}}},
			"Lines 1 to 300 of the file."},
		{"python special method", analysis.Chunk{Kind: analysis.KindMethod, Name: "Queue.__len__", Lang: "python", Facts: analysis.Facts{Receiver: "Queue"}},
			"Return the length of the queue."},
		{"alternate constructor", analysis.Chunk{Kind: analysis.KindMethod, Name: "Response.from_httplib", Lang: "python", Facts: analysis.Facts{Receiver: "Response"}},
			"Create a response from the httplib."},
		{"determiner takes no article", analysis.Chunk{Kind: analysis.KindFunction, Name: "getAllMessages", Lang: "python"},
			"Return all messages."},
		{"flag parameter is not the subject", analysis.Chunk{Kind: analysis.KindFunction, Name: "fuse_modules", Lang: "python",
			Facts: analysis.Facts{Params: []analysis.Param{{Name: "is_qat"}}}},
			"Fuse the modules."},
		{"go init", analysis.Chunk{Kind: analysis.KindFunction, Name: "init", Lang: "go"},
			"init initializes the package."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(tt.chunk)
			if got.Summary != tt.want || got.FromDoc {
				t.Errorf("describe(%s).Summary = %q (fromDoc %v), want %q", tt.chunk.Name, got.Summary, got.FromDoc, tt.want)
			}
		})
	}
}

// describe summarizes a chunk alone (no file around it) in English.
func describe(c analysis.Chunk) inference.Result {
	res, err := New().Summarize(context.Background(), inference.Request{Chunk: c})
	if err != nil {
		panic(err) // only a done context fails
	}
	return res
}

func TestDescribeUsesDoc(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "Foo", Lang: "go", Doc: "Foo frobs the bar. More."}
	got := describe(c)
	if got.Summary != "Foo frobs the bar." || !got.FromDoc || got.Engine != "heuristic" {
		t.Errorf("Describe = %+v", got)
	}
}

func TestDetails(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "Store.Load", Lang: "go", Facts: analysis.Facts{
		Receiver: "*Store",
		Params:   []analysis.Param{{Name: "path", Type: "string"}, {Name: "n", Type: "int"}},
		Results:  []string{"[]byte", "error"},
		Calls:    []string{"os.ReadFile", "json.Unmarshal", "http.Get", "fmt.Println", "exec.Command", "s.parse"},
		Loops:    3, Branches: 5, Spawns: 1,
		ReceiverWrites: []string{"count", "cache"},
	}}
	want := []string{
		"Parameters: path string, n int",
		"Returns: []byte, error",
		"Calls: os.ReadFile, json.Unmarshal, http.Get, fmt.Println, exec.Command, s.parse",
		"Complexity: 3 loops, 5 branches (high)",
		"Side effects: file I/O, network, runs processes, prints output, spawns goroutines, mutates receiver (count, cache)",
	}
	if got := describe(c).Details; !reflect.DeepEqual(got, want) {
		t.Errorf("details:\n got %q\nwant %q", got, want)
	}
	quiet := analysis.Chunk{Name: "f", Lang: "python", Facts: analysis.Facts{Branches: 1, Calls: []string{"len"}}}
	if got := describe(quiet).Details; !reflect.DeepEqual(got, []string{"Calls: len", "Complexity: 0 loops, 1 branch (low)"}) {
		t.Errorf("quiet details = %q", got)
	}
}

func TestSideEffectsAcrossLanguages(t *testing.T) {
	tests := []struct {
		lang  string
		calls []string
		want  string
	}{
		{"python", []string{"open", "subprocess.run"}, "file I/O, runs processes"},
		{"javascript", []string{"fs.readFileSync", "fetch", "console.log"}, "file I/O, network, prints output"},
		{"java", []string{"System.out.println", "Files.readAllLines"}, "file I/O, prints output"},
		{"c", []string{"fopen", "socket", "printf"}, "file I/O, network, prints output"},
	}
	for _, tt := range tests {
		c := analysis.Chunk{Name: "f", Lang: tt.lang, Facts: analysis.Facts{Calls: tt.calls}}
		if got := strings.Join(sideEffects(c), ", "); got != tt.want {
			t.Errorf("%s %v: side effects %q, want %q", tt.lang, tt.calls, got, tt.want)
		}
	}
}

func TestSummarizeHonoursContext(t *testing.T) {
	e := New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Summarize(ctx, inference.Request{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Summarize on cancelled ctx: err = %v", err)
	}
	var _ inference.Engine = e
	if e.Name() != "heuristic" || !strings.Contains(e.Fingerprint(), "heuristic") {
		t.Errorf("Name/Fingerprint = %q/%q", e.Name(), e.Fingerprint())
	}
	res, err := e.Summarize(context.Background(), inference.Request{Chunk: analysis.Chunk{Name: "writeFile", Lang: "go"}})
	if err != nil || res.Summary != "writeFile writes the file." {
		t.Errorf("Summarize = %+v, %v", res, err)
	}
}

func TestOverview(t *testing.T) {
	file := analysis.FileInfo{
		Path: "pkg/config/loader.go", Lang: "go", Package: "config",
		Imports: []string{"encoding/json", "os", "net/http", "fmt"},
		Chunks: []analysis.Chunk{
			{Kind: analysis.KindStruct, Name: "Loader", Children: []analysis.Chunk{{Kind: analysis.KindMethod, Name: "Loader.Load"}}},
			{Kind: analysis.KindFunction, Name: "NewLoader"},
			{Kind: analysis.KindFunction, Name: "parse"},
		},
	}
	want := "This file of package config implements loader. It declares 1 type and 3 functions, including Loader, NewLoader and parse. It deals with JSON, the file system and HTTP."
	if got := New().Overview(file); got != want {
		t.Errorf("Overview:\n got %q\nwant %q", got, want)
	}
	class := analysis.FileInfo{
		Path: "src/shapes/index.ts", Lang: "typescript",
		Chunks: []analysis.Chunk{
			{Kind: analysis.KindClass, Name: "_Base"},
			{Kind: analysis.KindClass, Name: "Circle", Children: []analysis.Chunk{
				{Kind: analysis.KindConstructor, Name: "Circle.constructor", Lang: "typescript"},
				{Kind: analysis.KindMethod, Name: "Circle.area", Lang: "typescript"},
				{Kind: analysis.KindMethod, Name: "Circle._cache", Lang: "typescript"},
			}},
		},
	}
	want = "This file implements shapes. It declares 2 types and 3 functions, including Circle, Circle.area and _Base."
	if got := New().Overview(class); got != want {
		t.Errorf("Overview of class file:\n got %q\nwant %q", got, want)
	}
	test := analysis.FileInfo{Path: "tests/test_cache.py", Lang: "python", Doc: `"""Cache tests. Slow."""`}
	if got := New().Overview(test); got != "Cache tests." {
		t.Errorf("Overview with doc = %q", got)
	}
	test.Doc = "# Copyright 2020 The Authors. All rights reserved."
	if got := New().Overview(test); got != "This file tests cache." {
		t.Errorf("Overview of test file = %q", got)
	}
}

func TestDeterministic(t *testing.T) {
	c := analysis.Chunk{Name: "Sync.run", Lang: "python", Facts: analysis.Facts{
		Calls: []string{"print", "open", "requests.get", "os.system", "sqlite3.connect"}, Spawns: 2,
	}}
	first := describe(c)
	for range 50 {
		if got := describe(c); !reflect.DeepEqual(got, first) {
			t.Fatalf("Describe not deterministic: %+v vs %+v", got, first)
		}
	}
}

func BenchmarkSummarize(b *testing.B) {
	chunks := []analysis.Chunk{
		{Kind: analysis.KindMethod, Name: "Server.handleRequest", Lang: "go", Facts: analysis.Facts{
			Receiver: "*Server", Params: []analysis.Param{{Name: "w", Type: "http.ResponseWriter"}, {Name: "r", Type: "*http.Request"}},
			Calls: []string{"json.NewDecoder", "s.store.Get", "http.Error", "fmt.Fprintf"}, Branches: 4, ErrorChecks: 2, Returns: 3,
		}},
		{Kind: analysis.KindFunction, Name: "parse_config_file", Lang: "python", Facts: analysis.Facts{
			Params: []analysis.Param{{Name: "path"}}, Calls: []string{"open", "yaml.safe_load", "logger.info"}, Loops: 1, Returns: 1,
		}},
		{Kind: analysis.KindFunction, Name: "isValid", Lang: "javascript", Doc: "Checks the token. Returns true when valid."},
	}
	e := New()
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Summarize(ctx, inference.Request{Chunk: chunks[i%len(chunks)]}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
}
