package heuristic

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt and testdata/golden-zh.txt")

// goldenChunks are the sentences the issue asks for, one or more per
// language, as the analysis package describes the functions.
var goldenChunks = []analysis.Chunk{
	{Kind: analysis.KindMethod, Name: "Bucket.Take", Lang: "go", Facts: analysis.Facts{Receiver: "*Bucket",
		Params: []analysis.Param{{Name: "now", Type: "time.Time"}}, Results: []string{"bool"}}},
	{Kind: analysis.KindFunction, Name: "NewWalkDir", Lang: "go", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "root", Type: "string"}}, Results: []string{"*WalkDir"}}},
	{Kind: analysis.KindFunction, Name: "parseURL", Lang: "go", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "raw", Type: "string"}}, Results: []string{"*url.URL", "error"}}},
	{Kind: analysis.KindMethod, Name: "HTTPServer.Shutdown", Lang: "go", Facts: analysis.Facts{Receiver: "*HTTPServer",
		Params: []analysis.Param{{Name: "ctx", Type: "context.Context"}}, Results: []string{"error"}}},
	{Kind: analysis.KindFunction, Name: "cJSON_Delete", Lang: "c", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "item", Type: "cJSON *"}}, Results: []string{"void"}}},
	{Kind: analysis.KindFunction, Name: "cJSON_New_Item", Lang: "c", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "hooks", Type: "const internal_hooks * const"}}, Results: []string{"cJSON *"}}},
	{Kind: analysis.KindFunction, Name: "cJSON_IsArray", Lang: "c", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "item", Type: "const cJSON * const"}}, Results: []string{"cJSON_bool"}}},
	{Kind: analysis.KindFunction, Name: "Config::new", Lang: "rust", Facts: analysis.Facts{
		Params: []analysis.Param{{Name: "path", Type: "&Path"}}, Results: []string{"Self"}}},
	{Kind: analysis.KindMethod, Name: "Config::is_empty", Lang: "rust", Facts: analysis.Facts{Receiver: "Config", Results: []string{"bool"}}},
	{Kind: analysis.KindMethod, Name: "Parser.doublestarmap", Lang: "python", Facts: analysis.Facts{Receiver: "Parser",
		Params: []analysis.Param{{Name: "node"}}}},
	{Kind: analysis.KindFunction, Name: "load_settings", Lang: "python", Facts: analysis.Facts{Params: []analysis.Param{{Name: "path"}}}},
	{Kind: analysis.KindMethod, Name: "Queue.is_empty", Lang: "python", Facts: analysis.Facts{Receiver: "Queue"}},
	{Kind: analysis.KindMethod, Name: "ArrayList.isEmpty", Lang: "java", Facts: analysis.Facts{Receiver: "ArrayList", Results: []string{"boolean"}}},
	{Kind: analysis.KindMethod, Name: "ArrayList.getSize", Lang: "java", Facts: analysis.Facts{Receiver: "ArrayList", Results: []string{"int"}}},
	{Kind: analysis.KindFunction, Name: "isPlainObject", Lang: "javascript", Facts: analysis.Facts{Params: []analysis.Param{{Name: "value"}}}},
	{Kind: analysis.KindFunction, Name: "onClick", Lang: "javascript", Facts: analysis.Facts{Params: []analysis.Param{{Name: "event"}}}},
	{Kind: analysis.KindMethod, Name: "Subscriber.unsubscribe", Lang: "typescript", Facts: analysis.Facts{Receiver: "Subscriber", Results: []string{"void"}}},
	{Kind: analysis.KindMethod, Name: "Cache#fetch", Lang: "ruby", Facts: analysis.Facts{Receiver: "Cache", Params: []analysis.Param{{Name: "key"}}}},
	{Kind: analysis.KindMethod, Name: "Router.toArray", Lang: "php", Facts: analysis.Facts{Receiver: "Router", Results: []string{"array"}}},
	{Kind: analysis.KindMethod, Name: "Stack.Pop", Lang: "csharp", Facts: analysis.Facts{Receiver: "Stack", Results: []string{"T"}}},
}

// TestGolden checks the generated sentence of every golden chunk, in
// English and in Chinese, against testdata/golden.txt and
// testdata/golden-zh.txt (reviewed by hand; regenerate with -update and
// review the diff).
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		e    *Engine
	}{{"testdata/golden.txt", New()}, {"testdata/golden-zh.txt", New(Language("zh-CN"))}} {
		var b strings.Builder
		for _, c := range goldenChunks {
			res, err := tc.e.Summarize(context.Background(), inference.Request{Chunk: c})
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(c.Lang + " " + c.Name + ": " + res.Summary + "\n")
		}
		if *update {
			if err := os.WriteFile(tc.file, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", tc.file, got, want)
		}
	}
}

// TestStyleFromFile checks that the file's own documented functions decide
// the style, and that a chunk never learns from its own comment.
func TestStyleFromFile(t *testing.T) {
	target := analysis.Chunk{Kind: analysis.KindFunction, Name: "parseConfig", Lang: "go",
		Range: analysis.Range{StartByte: 100, EndByte: 200}}
	imperative := []analysis.Chunk{
		{Kind: analysis.KindFunction, Name: "load", Doc: "// Load the file.", Range: analysis.Range{StartByte: 0, EndByte: 50}},
		{Kind: analysis.KindFunction, Name: "save", Doc: "// Save the file.", Range: analysis.Range{StartByte: 50, EndByte: 99}},
	}
	tests := []struct {
		name   string
		chunks []analysis.Chunk
		want   string
	}{
		{"go default", nil, "parseConfig parses the config."},
		{"imperative file", imperative, "Parse the config."},
		{"own comment is not learned", []analysis.Chunk{imperative[0],
			{Kind: analysis.KindFunction, Name: "parseConfig", Doc: "// Parse it.", Range: target.Range}}, "parseConfig parses the config."},
		{"no periods", []analysis.Chunk{
			{Kind: analysis.KindFunction, Name: "load", Doc: "// Loads the file", Range: analysis.Range{StartByte: 0, EndByte: 50}},
			{Kind: analysis.KindFunction, Name: "save", Doc: "// Saves the file", Range: analysis.Range{StartByte: 50, EndByte: 99}},
		}, "Parses the config"},
	}
	for _, tt := range tests {
		req := inference.Request{Chunk: target, File: analysis.FileInfo{Lang: "go", Chunks: tt.chunks}}
		res, err := New().Summarize(context.Background(), req)
		if err != nil || res.Summary != tt.want {
			t.Errorf("%s: summary %q (%v), want %q", tt.name, res.Summary, err, tt.want)
		}
	}
}

func TestChineseLabels(t *testing.T) {
	c := analysis.Chunk{Name: "f", Lang: "go", Facts: analysis.Facts{Params: []analysis.Param{{Name: "n", Type: "int"}}, Results: []string{"int"}}}
	res, err := New(Language("zh")).Summarize(context.Background(), inference.Request{Chunk: c})
	if err != nil || len(res.Details) != 2 || res.Details[0] != "参数：n int" || res.Details[1] != "返回：int" {
		t.Errorf("zh details = %q (%v)", res.Details, err)
	}
	for tag, want := range map[string]bool{"zh": true, "zh-Hans": true, "ZH-cn": true, "en": false, "": false, "fr": false} {
		if IsChinese(tag) != want {
			t.Errorf("IsChinese(%q) = %v", tag, !want)
		}
	}
}

// TestVerbHabitFromFile checks that the verb the file's comments use for
// a name verb replaces the generic one ("Retrieves" for getters in JDBC).
func TestVerbHabitFromFile(t *testing.T) {
	doc := func(name, text string, at int) analysis.Chunk {
		return analysis.Chunk{Kind: analysis.KindMethod, Name: "ResultSet." + name, Lang: "java", Doc: "/** " + text + " */",
			Range: analysis.Range{StartByte: at, EndByte: at + 10}}
	}
	file := analysis.FileInfo{Lang: "java", Chunks: []analysis.Chunk{
		doc("getMetaData", "Retrieves the number, types and properties of this result set's columns.", 0),
		doc("getStatement", "Retrieves the object that produced this result set.", 20),
	}}
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "ResultSet.getFetchSize", Lang: "java",
		Facts: analysis.Facts{Receiver: "ResultSet", Results: []string{"int"}}, Range: analysis.Range{StartByte: 40, EndByte: 50}}
	res, err := New().Summarize(context.Background(), inference.Request{Chunk: c, File: file})
	if want := "Retrieves the fetch size of this result set."; err != nil || res.Summary != want {
		t.Errorf("summary %q (%v), want %q", res.Summary, err, want)
	}
}

// BenchmarkSummarizeInFile summarizes an undocumented function of a file
// with 50 documented ones, so the style is learned on every call.
func BenchmarkSummarizeInFile(b *testing.B) {
	var file analysis.FileInfo
	for i := range 50 {
		file.Chunks = append(file.Chunks, analysis.Chunk{Kind: analysis.KindFunction, Name: "getThing" + string(rune('A'+i%26)),
			Lang: "go", Doc: "// getThing returns the thing for the given key.", Range: analysis.Range{StartByte: i * 100, EndByte: i*100 + 90}})
	}
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "Server.handleRequest", Lang: "go", Facts: analysis.Facts{
		Receiver: "*Server", Params: []analysis.Param{{Name: "w", Type: "http.ResponseWriter"}, {Name: "r", Type: "*http.Request"}}},
		Range: analysis.Range{StartByte: 6000, EndByte: 6100}}
	e := New()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Summarize(ctx, inference.Request{Chunk: c, File: file}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
}

// BenchmarkSummarizeLikeSibling summarizes an undocumented function of a
// file of 50 documented ones that name their objects, so every call
// compares the function with its siblings and follows one of them.
func BenchmarkSummarizeLikeSibling(b *testing.B) {
	things := strings.Fields("apple bean berry cake corn date egg fig grape herb kale leek lime " +
		"melon nut oat olive pea pear plum rice rye salt tea yam")
	var file analysis.FileInfo
	for i := range 50 {
		thing := things[i%len(things)]
		name := "get" + capitalize(thing) + "Count"
		file.Chunks = append(file.Chunks, analysis.Chunk{Kind: analysis.KindMethod, Name: "Store." + name, Lang: "go",
			Doc:   "// " + name + " returns the number of " + thing + " items in the store.",
			Range: analysis.Range{StartByte: i * 100, EndByte: i*100 + 90}})
	}
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "Store.getWidgetCount", Lang: "go",
		Facts: analysis.Facts{Receiver: "*Store", Results: []string{"int"}}, Range: analysis.Range{StartByte: 6000, EndByte: 6100}}
	e := New()
	ctx := context.Background()
	if res, _ := e.Summarize(ctx, inference.Request{Chunk: c, File: file}); res.Summary != "getWidgetCount returns the number of widget items in the store." {
		b.Fatalf("summary %q does not follow the siblings", res.Summary)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Summarize(ctx, inference.Request{Chunk: c, File: file}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
}

// TestPredicateLeadFromFile checks that yes/no summaries take the lead the
// file's comments use ("Retrieves whether" in JDBC).
func TestPredicateLeadFromFile(t *testing.T) {
	doc := func(name, text string, at int) analysis.Chunk {
		return analysis.Chunk{Kind: analysis.KindMethod, Name: "DatabaseMetaData." + name, Lang: "java", Doc: "/** " + text + " */",
			Range: analysis.Range{StartByte: at, EndByte: at + 10}}
	}
	file := analysis.FileInfo{Lang: "java", Chunks: []analysis.Chunk{
		doc("nullsAreSortedHigh", "Retrieves whether NULL values are sorted high.", 0),
		doc("isReadOnly", "Retrieves whether this database is in read-only mode.", 20),
	}}
	c := analysis.Chunk{Kind: analysis.KindMethod, Name: "DatabaseMetaData.supportsBatchUpdates", Lang: "java",
		Facts: analysis.Facts{Receiver: "DatabaseMetaData", Results: []string{"boolean"}}, Range: analysis.Range{StartByte: 40, EndByte: 50}}
	res, err := New().Summarize(context.Background(), inference.Request{Chunk: c, File: file})
	if want := "Retrieves whether this database meta data supports batch updates."; err != nil || res.Summary != want {
		t.Errorf("summary %q (%v), want %q", res.Summary, err, want)
	}
}

// TestFrameFromFile checks that a function is described in the phrasing
// the file's documented functions of the same name verb use around their
// object, taken from the one whose name is nearest (then the one nearest
// in the file), or in the sentence of
// a function whose name differs in a few words (or none: an override in
// another class), and that a function never learns from its own comment.
func TestFrameFromFile(t *testing.T) {
	doc := func(lang, name, text string, at int) analysis.Chunk {
		return analysis.Chunk{Kind: analysis.KindMethod, Name: name, Lang: lang, Doc: text,
			Range: analysis.Range{StartByte: at, EndByte: at + 10}}
	}
	target := func(lang, name string) analysis.Chunk {
		return analysis.Chunk{Kind: analysis.KindMethod, Name: name, Lang: lang, Range: analysis.Range{StartByte: 100, EndByte: 110},
			Facts: analysis.Facts{Results: []string{"Cursor"}}}
	}
	tests := []struct {
		name   string
		chunks []analysis.Chunk
		c      analysis.Chunk
		want   string
	}{
		{"java", []analysis.Chunk{
			doc("java", "DatabaseMetaData.supportsTransactions", "/** Retrieves whether this database supports transactions. */", 0),
			doc("java", "DatabaseMetaData.getURL", "/** Retrieves the URL for this DBMS. */", 20),
		}, target("java", "DatabaseMetaData.supportsBatchUpdates"), "Retrieves whether this database supports batch updates."},
		{"nearest in the file", []analysis.Chunk{
			doc("java", "PreparedStatement.setNull", "/** Sets the designated parameter to SQL {@code NULL}. */", 0),
			doc("java", "PreparedStatement.setNString", "/** Sets the designated parameter to a {@code String} object. */", 40),
			doc("java", "PreparedStatement.setInt", "/** Sets the designated parameter to the given Java {@code int} value. */", 60),
		}, target("java", "PreparedStatement.setLong"), "Sets the designated parameter to the given Java long value."},
		{"nearest name", []analysis.Chunk{
			doc("go", "Cursor.FirstChild", "// FirstChild returns the first child of the current node.", 0),
			doc("go", "Cursor.Parent", "// Parent returns the parent of the current node, or nil.", 90),
		}, target("go", "Cursor.LastChild"), "LastChild returns the last child of the current node."},
		{"identifier kept", []analysis.Chunk{
			doc("python", "Parser.parse_args", "\"\"\"Parse the ``args`` of the command line.\"\"\"", 0),
		}, target("python", "Parser.parse_known_args"), "Parse the ``known_args`` of the command line."},
		{"go name first", []analysis.Chunk{
			doc("go", "Cursor.FirstChild", "// FirstChild returns the first child of the current node.", 0),
		}, target("go", "Cursor.LastChild"), "LastChild returns the last child of the current node."},
		{"similar name", []analysis.Chunk{
			doc("python", "reset_accumulated_memory_stats", `"""Resets the "accumulated" (historical) stats tracked by the allocator."""`, 0),
			doc("python", "memory_stats", `"""Returns a dictionary of memory allocator statistics."""`, 20),
		}, target("python", "reset_peak_memory_stats"), `Resets the "peak" (historical) stats tracked by the allocator.`},
		{"similar name, go", []analysis.Chunk{
			doc("go", "Function.addResultVar", "// addResultVar adds a result for a variable v to the function.", 0),
		}, target("go", "Function.addParamVar"), "addParamVar adds a param for a variable v to the function."},
		{"same name, another class", []analysis.Chunk{
			doc("python", "Vector.__add__", `"""The add operator for Vector."""`, 0),
		}, target("python", "Matrix.__add__"), "The add operator for Matrix."},
		{"article", []analysis.Chunk{
			doc("java", "Timestamp.toInstant", "/** Converts this Timestamp object to an Instant. */", 0),
		}, target("java", "Timestamp.toLocalDateTime"), "Converts this Timestamp object to a local date time."},
		{"javascript", []analysis.Chunk{
			doc("javascript", "isArray", "/** Checks if `value` is classified as an `Array` object. */", 0),
		}, target("javascript", "isArguments"), "Checks if `value` is classified as an `Arguments` object."},
		{"typescript override", []analysis.Chunk{
			doc("typescript", "Subject.complete", "/** Completes the subject, notifying every observer. */", 0),
		}, target("typescript", "ReplaySubject.complete"), "Completes the subject, notifying every observer."},
		{"rust", []analysis.Chunk{
			doc("rust", "Config::set_path", "/// Sets the path of the config file.", 0),
		}, target("rust", "Config::set_name"), "Sets the name of the config file."},
		{"c prefix", []analysis.Chunk{
			doc("c", "png_get_image_width", "/* Returns the image width in pixels. */", 0),
		}, target("c", "png_get_image_height"), "Returns the image height in pixels."},
		{"own comment is not learned", []analysis.Chunk{
			doc("go", "Cursor.LastChild", "// LastChild returns the last child of the current node.", 100),
		}, target("go", "Cursor.LastChild"), "LastChild returns the last child of the cursor."},
	}
	for _, tt := range tests {
		req := inference.Request{Chunk: tt.c, File: analysis.FileInfo{Lang: tt.c.Lang, Chunks: tt.chunks}}
		res, err := New().Summarize(context.Background(), req)
		if err != nil || res.Summary != tt.want {
			t.Errorf("%s: summary %q (%v), want %q", tt.name, res.Summary, err, tt.want)
		}
	}
}

// TestSiblingsOddInput checks that odd names and doc sentences (bare
// punctuation, one-letter and underscore names, non-ASCII words, names that
// are all verb) neither crash the sibling phrasing nor leak into it.
func TestSiblingsOddInput(t *testing.T) {
	docs := []string{"`", "— …", "*", "Get `x`.", "Ünïcödé größe ÄNDERN.", "getFoo", "``getFoo``", "Returns the get foo."}
	names := []string{"_", "__", "x", "get", "getFoo", "get_foo_", "Größe", "__init__", "$get", "A.B.getFoo"}
	var chunks []analysis.Chunk
	for i, d := range docs {
		for j, n := range names {
			at := (i*len(names) + j) * 10
			chunks = append(chunks, analysis.Chunk{Kind: analysis.KindMethod, Name: n, Lang: "python", Doc: d,
				Range: analysis.Range{StartByte: at, EndByte: at + 5}})
		}
	}
	for _, n := range names {
		c := analysis.Chunk{Kind: analysis.KindMethod, Name: n, Lang: "python", Range: analysis.Range{StartByte: 9000, EndByte: 9005}}
		res, err := New().Summarize(context.Background(), inference.Request{Chunk: c, File: analysis.FileInfo{Lang: "python", Chunks: chunks}})
		if err != nil || strings.TrimSpace(res.Summary) == "" {
			t.Errorf("%s: summary %q (%v)", n, res.Summary, err)
		}
	}
}
