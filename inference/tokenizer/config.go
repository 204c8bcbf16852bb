package tokenizer

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// fileJSON is the part of tokenizer.json this package reads.
type fileJSON struct {
	AddedTokens   []addedToken    `json:"added_tokens"`
	Normalizer    json.RawMessage `json:"normalizer"`
	PreTokenizer  json.RawMessage `json:"pre_tokenizer"`
	PostProcessor json.RawMessage `json:"post_processor"`
	Decoder       json.RawMessage `json:"decoder"`
	Model         modelJSON       `json:"model"`
}

type modelJSON struct {
	Type                    string   `json:"type"`
	Dropout                 *float64 `json:"dropout"`
	ContinuingSubwordPrefix *string  `json:"continuing_subword_prefix"`
	EndOfWordSuffix         *string  `json:"end_of_word_suffix"`
	ByteFallback            bool     `json:"byte_fallback"`
	IgnoreMerges            bool     `json:"ignore_merges"`
	// vocab and merges, the bulk of the file, are read token by token.
	vocab  map[string]int
	merges [][2]string
}

// configJSON is the part of tokenizer_config.json this package reads.
type configJSON struct {
	EOSToken                json.RawMessage   `json:"eos_token"`
	AdditionalSpecialTokens []json.RawMessage `json:"additional_special_tokens"`
	CleanUp                 *bool             `json:"clean_up_tokenization_spaces"`
	ChatTemplate            json.RawMessage   `json:"chat_template"`
}

// New builds a tokenizer from the contents of tokenizer.json and
// tokenizer_config.json (config may be nil).
func New(tokenizerJSON, config []byte) (*Tokenizer, error) {
	return newTokenizer(tokenizerJSON, config, "")
}

// newTokenizer is New with the chat template to use when config has none
// (the contents of a chat_template.jinja file, or "").
func newTokenizer(tokenizerJSON, config []byte, template string) (*Tokenizer, error) {
	f, err := parseFile(tokenizerJSON)
	if err != nil {
		return nil, fmt.Errorf("tokenizer.json: %w", err)
	}
	var cfg configJSON
	if len(config) > 0 {
		if err := json.Unmarshal(config, &cfg); err != nil {
			return nil, fmt.Errorf("tokenizer_config.json: %w", err)
		}
	}
	t := &Tokenizer{cleanup: cfg.CleanUp == nil || *cfg.CleanUp}
	if t.normalize, err = newNormalizer(f.Normalizer); err != nil {
		return nil, err
	}
	if t.stages, err = newStages(f.PreTokenizer); err != nil {
		return nil, err
	}
	if err := checkDecoder(f.Decoder); err != nil {
		return nil, err
	}
	if err := t.setVocab(f, specialTokens(f.AddedTokens, cfg.AdditionalSpecialTokens)); err != nil {
		return nil, err
	}
	t.setAdded(f.AddedTokens)
	if t.prefix, t.suffix, err = t.newPostProcessor(f.PostProcessor); err != nil {
		return nil, err
	}
	if err := t.setChat(&cfg, template); err != nil {
		return nil, err
	}
	return t, nil
}

// newStages builds the pre-tokenizer: any Splits with a supported regex and
// Digits steps, then one ByteLevel step.
func newStages(raw json.RawMessage) ([]stage, error) {
	var stages []stage
	var walk func(raw json.RawMessage) error
	walk = func(raw json.RawMessage) error {
		var cfg struct {
			Type           string            `json:"type"`
			PreTokenizers  []json.RawMessage `json:"pretokenizers"`
			AddPrefixSpace bool              `json:"add_prefix_space"`
			UseRegex       *bool             `json:"use_regex"`
			Behavior       string            `json:"behavior"`
			Individual     bool              `json:"individual_digits"`
			Invert         bool              `json:"invert"`
			Pattern        struct {
				Regex *string `json:"Regex"`
			} `json:"pattern"`
		}
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return err
		}
		if n := len(stages); n > 0 && stages[n-1].byteLevel {
			return fmt.Errorf("%w: pre-tokenizer %q after ByteLevel", ErrUnsupported, cfg.Type)
		}
		switch cfg.Type {
		case "Sequence":
			for _, sub := range cfg.PreTokenizers {
				if err := walk(sub); err != nil {
					return err
				}
			}
			return nil
		case "ByteLevel":
			st := stage{prefixSpace: cfg.AddPrefixSpace, byteLevel: true}
			if cfg.UseRegex == nil || *cfg.UseRegex {
				st.pat = patternGPT2
			}
			stages = append(stages, st)
			return nil
		case "Digits":
			stages = append(stages, stage{pat: digits{individual: cfg.Individual}})
			return nil
		case "Split":
			if cfg.Pattern.Regex == nil {
				return fmt.Errorf("%w: Split pre-tokenizer without a Regex pattern", ErrUnsupported)
			}
			pat := splitPatterns[*cfg.Pattern.Regex]
			if pat == nil {
				return fmt.Errorf("%w: Split regex %q", ErrUnsupported, *cfg.Pattern.Regex)
			}
			if cfg.Behavior != "Isolated" || cfg.Invert {
				return fmt.Errorf("%w: Split behavior %q (invert %v)", ErrUnsupported, cfg.Behavior, cfg.Invert)
			}
			stages = append(stages, stage{pat: pat})
			return nil
		}
		return fmt.Errorf("%w: pre-tokenizer type %q", ErrUnsupported, cfg.Type)
	}
	if isNull(raw) {
		return nil, fmt.Errorf("%w: no pre-tokenizer (byte-level BPE needs ByteLevel)", ErrUnsupported)
	}
	if err := walk(raw); err != nil {
		return nil, fmt.Errorf("pre-tokenizer: %w", err)
	}
	if n := len(stages); n == 0 || !stages[n-1].byteLevel {
		return nil, fmt.Errorf("%w: pre-tokenizer does not end with ByteLevel", ErrUnsupported)
	}
	return stages, nil
}

func checkDecoder(raw json.RawMessage) error {
	var cfg struct {
		Type string `json:"type"`
	}
	if !isNull(raw) {
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return fmt.Errorf("decoder: %w", err)
		}
	}
	if cfg.Type != "ByteLevel" {
		return fmt.Errorf("%w: decoder %q (byte-level BPE needs ByteLevel)", ErrUnsupported, cfg.Type)
	}
	return nil
}

// specialTokens returns the token strings that decoding may skip: special
// added tokens and the config's additional_special_tokens given as strings.
func specialTokens(added []addedToken, additional []json.RawMessage) map[string]bool {
	special := make(map[string]bool)
	for _, a := range added {
		if a.Special {
			special[a.Content] = true
		}
	}
	for _, r := range additional {
		var s string
		if json.Unmarshal(r, &s) == nil {
			special[s] = true
		}
	}
	return special
}

// setVocab builds the model and the per-id tables from the vocabulary, the
// merges and the added tokens.
func (t *Tokenizer) setVocab(f *fileJSON, special map[string]bool) error {
	m := &f.Model
	switch {
	case m.Type != "BPE":
		return fmt.Errorf("%w: model type %q", ErrUnsupported, m.Type)
	case m.Dropout != nil && *m.Dropout != 0:
		return fmt.Errorf("%w: BPE dropout", ErrUnsupported)
	case m.ContinuingSubwordPrefix != nil && *m.ContinuingSubwordPrefix != "":
		return fmt.Errorf("%w: BPE continuing_subword_prefix", ErrUnsupported)
	case m.EndOfWordSuffix != nil && *m.EndOfWordSuffix != "":
		return fmt.Errorf("%w: BPE end_of_word_suffix", ErrUnsupported)
	case m.ByteFallback:
		return fmt.Errorf("%w: BPE byte_fallback", ErrUnsupported)
	}
	// Token strings to ids: the vocabulary, overridden by added tokens.
	t.tokenID = m.vocab
	if t.tokenID == nil {
		t.tokenID = make(map[string]int)
	}
	size := 0
	for tok, id := range t.tokenID {
		if id < 0 || id > math.MaxInt32 {
			return fmt.Errorf("vocab: token %q: bad id %d", tok, id)
		}
		size = max(size, id+1)
	}
	for i := range f.AddedTokens {
		a := &f.AddedTokens[i]
		if a.ID < 0 || a.Content == "" {
			return fmt.Errorf("added token %q: bad id %d or empty content", a.Content, a.ID)
		}
		if a.SingleWord {
			return fmt.Errorf("%w: added token %q with single_word", ErrUnsupported, a.Content)
		}
		t.tokenID[a.Content] = a.ID
		size = max(size, a.ID+1)
	}
	if size > 2*len(t.tokenID)+1024 {
		return fmt.Errorf("vocab: ids up to %d for %d tokens", size-1, len(t.tokenID))
	}
	// The string of each id; an added token wins over a vocabulary token
	// with its id.
	strs := make([]string, size)
	t.tokens = make([]tokenInfo, size)
	for tok, id := range t.tokenID {
		strs[id] = tok
		t.tokens[id].valid = true
	}
	addedContent := make(map[string]bool, len(f.AddedTokens))
	for _, a := range f.AddedTokens {
		strs[a.ID] = a.Content
		addedContent[a.Content] = true
	}
	for id, s := range strs {
		info := &t.tokens[id]
		info.special = special[s]
		if addedContent[s] {
			info.verbatim, info.text = true, s
		} else {
			info.text, _ = byteLevelDecode(s)
		}
	}

	model := &bpe{merges: make(map[uint64]merge, len(m.merges))}
	for b := 0; b < 256; b++ {
		id, ok := t.tokenID[string(byteRune[b])]
		if !ok {
			return fmt.Errorf("vocab: no token for byte 0x%02x (%q); not a byte-level BPE vocabulary", b, string(byteRune[b]))
		}
		model.byteID[b] = int32(id)
	}
	var joined []byte
	for rank, p := range m.merges {
		joined = append(append(joined[:0], p[0]...), p[1]...)
		l, lok := t.tokenID[p[0]]
		r, rok := t.tokenID[p[1]]
		id, ok := t.tokenID[string(joined)]
		if !lok || !rok || !ok {
			return fmt.Errorf("merge %d (%q %q): token not in vocabulary", rank, p[0], p[1])
		}
		model.merges[pairKey(int32(l), int32(r))] = merge{rank: int32(rank), id: int32(id)}
	}
	if m.IgnoreMerges {
		model.whole = make(map[string]int32, len(t.tokenID))
		for tok, id := range t.tokenID {
			if raw, ok := byteLevelDecode(tok); ok {
				model.whole[raw] = int32(id)
			}
		}
	}
	t.model = model
	return nil
}

// newPostProcessor returns the ids a post-processor adds before and after
// a single text.
func (t *Tokenizer) newPostProcessor(raw json.RawMessage) (prefix, suffix []int, err error) {
	if isNull(raw) {
		return nil, nil, nil
	}
	var cfg struct {
		Type       string            `json:"type"`
		Processors []json.RawMessage `json:"processors"`
		Single     []struct {
			SpecialToken *struct {
				ID string `json:"id"`
			} `json:"SpecialToken"`
			Sequence *struct {
				ID string `json:"id"`
			} `json:"Sequence"`
		} `json:"single"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, nil, fmt.Errorf("post-processor: %w", err)
	}
	switch cfg.Type {
	case "ByteLevel":
		return nil, nil, nil
	case "Sequence":
		for _, sub := range cfg.Processors {
			p, s, err := t.newPostProcessor(sub)
			if err != nil {
				return nil, nil, err
			}
			prefix = append(p, prefix...)
			suffix = append(suffix, s...)
		}
		return prefix, suffix, nil
	case "TemplateProcessing":
		seen := false
		for _, item := range cfg.Single {
			switch {
			case item.Sequence != nil && item.Sequence.ID == "A" && !seen:
				seen = true
			case item.SpecialToken != nil:
				id, ok := t.tokenID[item.SpecialToken.ID]
				if !ok {
					return nil, nil, fmt.Errorf("post-processor: special token %q not in vocabulary", item.SpecialToken.ID)
				}
				if seen {
					suffix = append(suffix, id)
				} else {
					prefix = append(prefix, id)
				}
			default:
				return nil, nil, fmt.Errorf("%w: TemplateProcessing single template item", ErrUnsupported)
			}
		}
		return prefix, suffix, nil
	}
	return nil, nil, fmt.Errorf("%w: post-processor type %q", ErrUnsupported, cfg.Type)
}

// setAdded sets up added-token matching: non-normalized tokens are matched
// in the raw text, normalized ones in the normalized text.
func (t *Tokenizer) setAdded(added []addedToken) {
	t.added = make(map[string]*addedToken, 2*len(added))
	var raw, normalized []string
	for i := range added {
		a := &added[i]
		t.added[a.Content] = a
		isNormalized := !a.Special
		if a.Normalized != nil {
			isNormalized = *a.Normalized
		}
		if isNormalized && t.normalize != nil {
			n := t.normalize(a.Content)
			normalized = append(normalized, n)
			t.added[n] = a
		} else {
			raw = append(raw, a.Content)
		}
	}
	if len(raw) > 0 {
		t.rawSplit = newSplitter(raw)
	}
	if len(normalized) > 0 {
		t.normSplit = newSplitter(normalized)
	}
}

// setChat reads the chat template (config's, else template) and the
// end-of-sequence tokens.
func (t *Tokenizer) setChat(cfg *configJSON, template string) error {
	eos, err := unmarshalToken(cfg.EOSToken)
	if err != nil {
		return fmt.Errorf("tokenizer_config.json eos_token: %w", err)
	}
	src, err := templateSource(cfg.ChatTemplate)
	if err != nil {
		return err
	}
	if src == "" {
		src = template
	}
	t.chat = newChatTemplate(src)
	names := []string{eos}
	if t.chat.chatML {
		names = append(names, "<|im_end|>", "<|endoftext|>")
	}
	for _, name := range names {
		if id, ok := t.tokenID[name]; ok && name != "" && !slices.Contains(t.eos, id) {
			t.eos = append(t.eos, id)
		}
	}
	return nil
}
