package tokenizer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// sizeHint is about the size of tokenizer.json per vocabulary entry (and
// per merge); it sizes the tables up front.
const sizeHint = 80

// parseFile reads tokenizer.json. The vocabulary and the merges, nearly all
// of its bytes, are read token by token into their final form; the other,
// small settings are gathered and decoded with encoding/json.
func parseFile(data []byte) (*fileJSON, error) {
	var f fileJSON
	var top, model rawObject
	dec := jsontext.NewDecoder(bytes.NewReader(data), jsontext.AllowDuplicateNames(true))
	err := eachField(dec, func(name string) error {
		if name != "model" {
			return top.copyField(dec, name)
		}
		return eachField(dec, func(name string) (err error) {
			switch name {
			case "vocab":
				f.Model.vocab, err = readVocab(dec, len(data)/sizeHint)
			case "merges":
				f.Model.merges, err = readMerges(dec, len(data)/sizeHint)
			default:
				err = model.copyField(dec, name)
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(top.bytes(), &f); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(model.bytes(), &f.Model); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return &f, nil
}

// rawObject collects object fields as raw JSON.
type rawObject struct{ buf []byte }

func (o *rawObject) copyField(dec *jsontext.Decoder, name string) error {
	v, err := dec.ReadValue()
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if len(o.buf) == 0 {
		o.buf = append(o.buf, '{')
	} else {
		o.buf = append(o.buf, ',')
	}
	o.buf, err = jsontext.AppendQuote(o.buf, name)
	if err != nil {
		return err
	}
	o.buf = append(append(o.buf, ':'), v...)
	return nil
}

func (o *rawObject) bytes() []byte {
	if len(o.buf) == 0 {
		return []byte("{}")
	}
	return append(o.buf, '}')
}

// eachField reads an object, calling fn with each field name; fn must read
// the field's value.
func eachField(dec *jsontext.Decoder, fn func(name string) error) error {
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return fmt.Errorf("expected an object (%v)", err)
	}
	for dec.PeekKind() == '"' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := fn(tok.String()); err != nil {
			return err
		}
	}
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '}' {
		return fmt.Errorf("expected the end of an object (%v)", err)
	}
	return nil
}

// readString reads a string token.
func readString(dec *jsontext.Decoder) (string, error) {
	tok, err := dec.ReadToken()
	if err != nil || tok.Kind() != '"' {
		return "", fmt.Errorf("expected a string (%v)", err)
	}
	return tok.String(), nil
}

// readVocab reads the vocabulary object, token → id.
func readVocab(dec *jsontext.Decoder, hint int) (map[string]int, error) {
	vocab := make(map[string]int, hint)
	err := eachField(dec, func(name string) error {
		tok, err := dec.ReadToken()
		if err != nil || tok.Kind() != '0' {
			return fmt.Errorf("vocab: token %q: id is not a number (%v)", name, err)
		}
		id, err := tok.Int()
		if err != nil {
			return fmt.Errorf("vocab: token %q: %w", name, err)
		}
		vocab[name] = int(id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("vocab: %w", err)
	}
	return vocab, nil
}

// readMerges reads the merges, in rank order, written either as
// "left right" strings or as [left, right] pairs.
func readMerges(dec *jsontext.Decoder, hint int) ([][2]string, error) {
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return nil, err
	}
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, fmt.Errorf("merges: not an array (%v)", err)
	}
	merges := make([][2]string, 0, hint)
	for rank := 0; dec.PeekKind() != ']'; rank++ {
		var p [2]string
		var err error
		switch dec.PeekKind() {
		case '"':
			var s string
			if s, err = readString(dec); err != nil {
				return nil, fmt.Errorf("merge %d: %w", rank, err)
			}
			var ok bool
			if p[0], p[1], ok = strings.Cut(s, " "); !ok {
				return nil, fmt.Errorf("merge %d %q: no space", rank, s)
			}
		case '[':
			if _, err = dec.ReadToken(); err != nil {
				return nil, fmt.Errorf("merge %d: %w", rank, err)
			}
			for i := range p {
				if p[i], err = readString(dec); err != nil {
					return nil, fmt.Errorf("merge %d: %w", rank, err)
				}
			}
			if tok, err := dec.ReadToken(); err != nil || tok.Kind() != ']' {
				return nil, fmt.Errorf("merge %d: not a pair (%v)", rank, err)
			}
		default:
			return nil, fmt.Errorf("merge %d: neither a string nor a pair", rank)
		}
		merges = append(merges, p)
	}
	_, err := dec.ReadToken()
	return merges, err
}
