package remote

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func readAll(r eventReader) ([]string, error) {
	var out []string
	for {
		data, err := r.next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(data))
	}
}

func TestSSEReader(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"lf", "data: a\n\ndata: b\n\n", []string{"a", "b"}},
		{"crlf", "data: a\r\n\r\ndata: [DONE]\r\n", []string{"a", "[DONE]"}},
		{"no space", "data:a\n\n", []string{"a"}},
		{"multi-line data", "data: a\ndata: b\n\n", []string{"a\nb"}},
		{"comments and fields", ": ping\nevent: message\nid: 3\nretry: 10\ndata: a\n\n", []string{"a"}},
		{"cut event", "data: a\n\ndata: b", []string{"a"}},
		{"blank lines only", "\n\n\r\n", nil},
	} {
		got, err := readAll(sseReader{newLineReader(strings.NewReader(tc.in))})
		if err != nil || strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestNDJSONReader(t *testing.T) {
	got, err := readAll(ndjsonReader{newLineReader(strings.NewReader("{\"a\":1}\r\n\n  \n{\"b\":2}"))})
	if err != nil || strings.Join(got, "|") != `{"a":1}|{"b":2}` {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestLineReaderBoundsLines(t *testing.T) {
	r := newLineReader(strings.NewReader(strings.Repeat("x", maxLine+1) + "\n"))
	if _, err := r.next(); !errors.Is(err, errLineTooLong) {
		t.Fatalf("err = %v, want errLineTooLong", err)
	}
	r = newLineReader(strings.NewReader(strings.Repeat("x", maxLine) + "\n"))
	if line, err := r.next(); err != nil || len(line) != maxLine {
		t.Fatalf("a line of exactly maxLine: %d bytes, %v", len(line), err)
	}
}

func TestStripThinking(t *testing.T) {
	for in, want := range map[string]string{
		"<think>a\nb</think>Opens.":          " Opens.",
		"Opens.<think>cut off":               "Opens. ",
		"reasoning</think>Opens.":            "Opens.",
		"Opens a file.":                      "Opens a file.",
		"<think>x</think>A<think>y</think>B": " A B",
	} {
		if got := stripThinking(in); got != want {
			t.Errorf("stripThinking(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzStreams feeds arbitrary bytes to both stream readers and event
// decoders: they must return errors, never panic or loop.
func FuzzStreams(f *testing.F) {
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: [DONE]\r\n"))
	f.Add([]byte("{\"message\":{\"content\":\"a\"},\"done\":true}\n{\"error\":\"x\"}\n"))
	f.Add([]byte("data: {\"error\":{\"message\":\"context length\"}}\n\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		for _, p := range []protocol{ollama{}, openAI{}} {
			r := p.newStream(newLineReader(strings.NewReader(string(in))))
			for range len(in) + 2 {
				data, err := r.next()
				if err != nil {
					break
				}
				_, _, _ = p.event(data)
			}
		}
	})
}

func FuzzErrorMessage(f *testing.F) {
	f.Add([]byte(`{"error":{"message":"x"}}`))
	f.Add([]byte(`{"error":"x"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if m := errorMessage(in); len(m) > 1000 {
			t.Fatalf("message of %d bytes", len(m))
		}
	})
}
