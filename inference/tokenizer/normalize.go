package tokenizer

import (
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// normalizer rewrites text before pre-tokenization.
type normalizer func(string) string

// newNormalizer builds the normalizer a tokenizer.json "normalizer" value
// describes; nil (JSON null) means none.
func newNormalizer(raw json.RawMessage) (normalizer, error) {
	if isNull(raw) {
		return nil, nil
	}
	var cfg struct {
		Type        string            `json:"type"`
		Normalizers []json.RawMessage `json:"normalizers"`
		Prepend     string            `json:"prepend"`
		Pattern     struct {
			String *string `json:"String"`
			Regex  *string `json:"Regex"`
		} `json:"pattern"`
		Content string `json:"content"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("normalizer: %w", err)
	}
	switch cfg.Type {
	case "NFC":
		return norm.NFC.String, nil
	case "NFD":
		return norm.NFD.String, nil
	case "NFKC":
		return norm.NFKC.String, nil
	case "NFKD":
		return norm.NFKD.String, nil
	case "Prepend":
		return func(s string) string { return cfg.Prepend + s }, nil
	case "Replace":
		if cfg.Pattern.String == nil {
			return nil, fmt.Errorf("%w: Replace normalizer with a regex pattern", ErrUnsupported)
		}
		old := *cfg.Pattern.String
		if old == "" {
			return nil, fmt.Errorf("%w: Replace normalizer with an empty pattern", ErrUnsupported)
		}
		return func(s string) string { return strings.ReplaceAll(s, old, cfg.Content) }, nil
	case "Sequence":
		var seq []normalizer
		for i, sub := range cfg.Normalizers {
			n, err := newNormalizer(sub)
			if err != nil {
				return nil, fmt.Errorf("normalizer sequence item %d: %w", i, err)
			}
			if n != nil {
				seq = append(seq, n)
			}
		}
		return func(s string) string {
			for _, n := range seq {
				s = n(s)
			}
			return s
		}, nil
	}
	return nil, fmt.Errorf("%w: normalizer type %q", ErrUnsupported, cfg.Type)
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}
