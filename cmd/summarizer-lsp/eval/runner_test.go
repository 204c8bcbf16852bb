package eval

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
	"github.com/summarizer-lsp/summarizer-lsp/inference/heuristic"
)

// references are the first sentences of the documented functions in
// testdata/corpus.
var references = map[string]string{
	"Area":        "Area returns the area of the rectangle.",
	"ParseShape":  "ParseShape parses a shape name.",
	"load_config": "Load the configuration file at path.",
}

// oracle answers each chunk with its reference sentence and checks that it
// never sees the doc comment it is scored against.
type oracle struct {
	t    *testing.T
	mu   sync.Mutex
	seen []string
}

func (o *oracle) Name() string        { return "oracle" }
func (o *oracle) Fingerprint() string { return "oracle" }
func (o *oracle) Summarize(ctx context.Context, req inference.Request) (inference.Result, error) {
	if err := ctx.Err(); err != nil {
		return inference.Result{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	c := req.Chunk
	o.seen = append(o.seen, c.Name)
	if c.Doc != "" {
		o.t.Errorf("engine saw the doc comment of %s: %q", c.Name, c.Doc)
	}
	for _, f := range analysis.Flatten(req.File.Chunks) {
		if f.Name == c.Name && f.Doc != "" {
			o.t.Errorf("engine saw the doc comment of %s in the file: %q", c.Name, f.Doc)
		}
	}
	if strings.Contains(c.Text, "configuration file at") || strings.Contains(c.Text, "area of the rectangle") {
		o.t.Errorf("engine saw the doc comment in the text of %s: %q", c.Name, c.Text)
	}
	return inference.Result{Summary: references[c.Name]}, nil
}

func TestRunScoresDocumentedFunctions(t *testing.T) {
	o := &oracle{t: t}
	rep, err := Run(context.Background(), o, []string{"testdata/corpus"}, Options{Examples: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Engine != "oracle" || rep.Files != 2 || len(rep.Examples) != 2 {
		t.Errorf("report engine %q, %d files, %d examples", rep.Engine, rep.Files, len(rep.Examples))
	}
	if len(rep.Languages) != 2 || rep.Languages[0].Lang != "go" || rep.Languages[1].Lang != "python" {
		t.Fatalf("languages = %+v", rep.Languages)
	}
	goScore, pyScore := rep.Languages[0], rep.Languages[1]
	if goScore.N != 2 || pyScore.N != 1 || rep.Overall.N != 3 {
		t.Errorf("n: go %d, python %d, overall %d; seen %v", goScore.N, pyScore.N, rep.Overall.N, o.seen)
	}
	for _, s := range []Score{goScore, pyScore, rep.Overall} {
		if math.Abs(s.BLEU-100) > 1e-9 || math.Abs(s.RougeL-100) > 1e-9 {
			t.Errorf("%s: perfect summaries scored BLEU %v, ROUGE-L %v", s.Lang, s.BLEU, s.RougeL)
		}
	}
	wantBase := 50 * (SentenceBLEU(references["Area"], "area") + SentenceBLEU(references["ParseShape"], "parse shape"))
	if math.Abs(goScore.BaselineBLEU-wantBase) > 1e-9 {
		t.Errorf("go baseline BLEU = %v, want %v", goScore.BaselineBLEU, wantBase)
	}
	if goScore.Ratio() <= 1 {
		t.Errorf("ratio = %v, want > 1", goScore.Ratio())
	}
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go", "python", "all", "100.00", "first-line", "engine oracle, 2 files"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestRunFilters(t *testing.T) {
	rep, err := Run(context.Background(), heuristic.New(), []string{"testdata/corpus"}, Options{Langs: []string{"python"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Languages) != 1 || rep.Languages[0].Lang != "python" || rep.Overall.N != 1 {
		t.Errorf("lang filter: %+v", rep.Languages)
	}
	rep, err = Run(context.Background(), heuristic.New(), []string{"testdata/corpus"}, Options{MaxFiles: 1})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.Overall.N != 2 {
		t.Errorf("max files: %d files, n %d", rep.Files, rep.Overall.N)
	}
}

func TestRunErrors(t *testing.T) {
	if _, err := Run(context.Background(), heuristic.New(), []string{"testdata/nodocs"}, Options{}); !errors.Is(err, ErrNoSamples) {
		t.Errorf("no docs: err = %v, want ErrNoSamples", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, heuristic.New(), []string{"testdata/corpus"}, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if _, err := Run(context.Background(), heuristic.New(), []string{"testdata/missing"}, Options{}); err == nil {
		t.Error("missing path: no error")
	}
}

func TestHideDoc(t *testing.T) {
	text := "def f():\n    \"\"\"Doc.\"\"\"\n    return 1\n"
	start := strings.Index(text, `"""`)
	end := strings.LastIndex(text, `"""`) + 3
	c := analysis.Chunk{
		Text: text, Doc: "Doc.",
		Range:    analysis.Range{StartByte: 100, EndByte: 100 + len(text)},
		DocRange: analysis.Range{StartByte: 100 + start, EndByte: 100 + end},
	}
	got := hideDoc(c)
	if got.Doc != "" || got.Text != "def f():\n    \n    return 1\n" || got.DocRange != (analysis.Range{}) {
		t.Errorf("hideDoc = %+v", got)
	}
	// A doc comment before the chunk leaves the text alone.
	c.DocRange = analysis.Range{StartByte: 10, EndByte: 20}
	if got := hideDoc(c); got.Text != text || got.Doc != "" {
		t.Errorf("hideDoc outside = %+v", got)
	}
}
