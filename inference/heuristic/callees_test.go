package heuristic

import (
	"context"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

func TestSummariesUseCallees(t *testing.T) {
	undocumented := analysis.Chunk{Kind: analysis.KindFunction, Name: "loadLimits", Lang: "go", Text: "func loadLimits(path string) error {}",
		Facts: analysis.Facts{Params: []analysis.Param{{Name: "path", Type: "string"}}}}
	callees := []inference.Callee{
		{Name: "parseConfig", Summary: "parseConfig parses the config file. It accepts TOML."},
		{Name: "Limits.validate", Summary: "Validates the limits."},
		{Name: "helper", Summary: "A helper."}, // not a verb phrase: left out
		{Name: "Take", Summary: "Take takes a token from the bucket."},
		{Name: "more", Summary: "Opens more than the bound allows."},
	}
	plain, err := New().Summarize(context.Background(), inference.Request{Chunk: undocumented})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		chunk   analysis.Chunk
		callees []inference.Callee
		want    string
	}{
		{"composed", undocumented, callees, plain.Summary + " It parses the config file, validates the limits and takes a token from the bucket."},
		{"no callees", undocumented, nil, plain.Summary},
		{"none usable", undocumented, callees[2:3], plain.Summary},
		{"documented", analysis.Chunk{Kind: analysis.KindFunction, Name: "f", Lang: "go", Doc: "f frobs."}, callees, "f frobs."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := New().Summarize(context.Background(), inference.Request{Chunk: tc.chunk, Callees: tc.callees})
			if err != nil {
				t.Fatal(err)
			}
			if res.Summary != tc.want {
				t.Errorf("summary %q, want %q", res.Summary, tc.want)
			}
		})
	}
}

func TestChineseSummariesIgnoreCallees(t *testing.T) {
	c := analysis.Chunk{Kind: analysis.KindFunction, Name: "loadLimits", Lang: "go", Text: "func loadLimits() {}"}
	e := New(Language("zh"))
	plain, err := e.Summarize(context.Background(), inference.Request{Chunk: c})
	if err != nil {
		t.Fatal(err)
	}
	with, err := e.Summarize(context.Background(), inference.Request{Chunk: c, Callees: []inference.Callee{{Name: "parse", Summary: "Parses the file."}}})
	if err != nil || with.Summary != plain.Summary {
		t.Errorf("Chinese summary with callees %q, want %q (English callee clauses are not mixed in)", with.Summary, plain.Summary)
	}
}
