package remote

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Bounds on what the engine reads from a server.
const (
	// maxLine bounds one NDJSON line or SSE line: a streamed chunk is a few
	// hundred bytes.
	maxLine = 1 << 20
	// maxErrorBody bounds the body of an error response or a model list
	// that is read for its message.
	maxErrorBody = 64 << 10
	// maxListBody bounds a model list (/api/tags, /v1/models, /api/show).
	maxListBody = 8 << 20
	// maxAnswer bounds the text of one answer: more than any summary; the
	// stream is closed once it is reached and the text so far is used.
	maxAnswer = 32 << 10
)

// errLineTooLong reports a stream line past maxLine.
var errLineTooLong = fmt.Errorf("a streamed line is longer than %d bytes", maxLine)

// lineReader reads '\n'-terminated lines of at most maxLine bytes, with a
// trailing '\r' removed.
type lineReader struct {
	r *bufio.Reader
}

func newLineReader(r io.Reader) *lineReader { return &lineReader{r: bufio.NewReaderSize(r, 64<<10)} }

// next returns the next line; io.EOF after the last one. A last line
// without '\n' is returned as a line. The slice is valid until the next
// call.
func (l *lineReader) next() ([]byte, error) {
	var buf []byte
	for {
		part, err := l.r.ReadSlice('\n')
		if len(buf)+len(part) > maxLine+1 { // the line and its '\n'
			return nil, errLineTooLong
		}
		switch {
		case err == nil && buf == nil:
			return bytes.TrimSuffix(part[:len(part)-1], []byte("\r")), nil
		case err == nil:
			buf = append(buf, part[:len(part)-1]...)
			return bytes.TrimSuffix(buf, []byte("\r")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			buf = append(buf, part...)
		case errors.Is(err, io.EOF) && len(buf)+len(part) > 0:
			return bytes.TrimSuffix(append(buf, part...), []byte("\r")), nil
		default:
			return nil, err
		}
	}
}

// ndjsonReader yields the non-blank lines of an NDJSON stream (Ollama).
type ndjsonReader struct{ lines *lineReader }

func (n ndjsonReader) next() ([]byte, error) {
	for {
		line, err := n.lines.next()
		if err != nil {
			return nil, err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, nil
		}
	}
}

// sseReader yields the data of each event of a text/event-stream
// (OpenAI-compatible servers): "data:" lines joined by '\n' up to a blank
// line; comments and other fields are skipped. An event cut off by the
// end of the stream is not returned.
type sseReader struct{ lines *lineReader }

// sseDone is the data of the event that ends an OpenAI stream.
var sseDone = []byte("[DONE]")

func (s sseReader) next() ([]byte, error) {
	var data []byte
	seen := false
	for {
		line, err := s.lines.next()
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			if seen {
				return data, nil
			}
			continue
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		if string(field) != "data" {
			continue // a comment (": ping"), event:, id:, retry:
		}
		value = bytes.TrimPrefix(value, []byte(" "))
		if seen {
			data = append(data, '\n')
		}
		data, seen = append(data, value...), true
		if len(data) > maxLine {
			return nil, errLineTooLong
		}
		if bytes.Equal(data, sseDone) {
			return data, nil // some servers end with "data: [DONE]" and no blank line
		}
	}
}
