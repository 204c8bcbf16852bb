package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

const smallTokenizer = "../../inference/tokenizer/testdata/small"

// runCmd runs the root command with args and stdin, returning stdout.
func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&out)
	err := root.Execute()
	return out.String(), err
}

func TestTokenizeRoundTrip(t *testing.T) {
	texts := []string{"func main() {\n\tprintln(\"héllo\")\n}", "  tabs\tand\r\nCRLF 🙂", ""}
	var in strings.Builder
	for _, s := range texts {
		b, _ := json.Marshal(s)
		in.Write(b)
		in.WriteByte('\n')
	}
	ids, err := runCmd(t, in.String(), "tokenize", "--tokenizer", smallTokenizer, "--jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(ids, "\n"), "\n")
	if len(lines) != len(texts) {
		t.Fatalf("got %d id lines for %d texts:\n%s", len(lines), len(texts), ids)
	}
	decoded, err := runCmd(t, ids, "tokenize", "--tokenizer", smallTokenizer, "--decode")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSuffix(decoded, "\n"), "\n") {
		var s string
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("decoded line %q: %v", line, err)
		}
		if s != texts[i] {
			t.Errorf("round trip %q → %s → %q", texts[i], lines[i], s)
		}
	}
	// Without --jsonl the whole input is one text: one array.
	whole, err := runCmd(t, "a\nb\n", "tokenize", "--tokenizer", smallTokenizer)
	if err != nil || strings.Count(whole, "\n") != 1 || !strings.HasPrefix(whole, "[") {
		t.Errorf("whole-input encode = %q, %v", whole, err)
	}
}

func TestTokenizeErrors(t *testing.T) {
	if _, err := runCmd(t, "", "tokenize"); err == nil || !strings.Contains(err.Error(), "--tokenizer") {
		t.Errorf("missing --tokenizer: %v", err)
	}
	if _, err := runCmd(t, "", "tokenize", "--tokenizer", t.TempDir()); err == nil {
		t.Error("a directory without tokenizer.json loaded")
	}
	if _, err := runCmd(t, "[1, 99999999]\n", "tokenize", "--tokenizer", smallTokenizer, "--decode"); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("out-of-range id: %v", err)
	}
	if _, err := runCmd(t, "not json\n", "tokenize", "--tokenizer", smallTokenizer, "--jsonl"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad jsonl line: %v", err)
	}
}
