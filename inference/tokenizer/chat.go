package tokenizer

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrNoChatTemplate means tokenizer_config.json has no chat template.
var ErrNoChatTemplate = errors.New("tokenizer has no chat template")

// Message is one chat turn; Role is "system", "user" or "assistant".
type Message struct{ Role, Content string }

// chatTemplate is what ApplyChatTemplate knows of the model's template.
type chatTemplate struct {
	present bool
	chatML  bool
	// defaultSystem is the system message a ChatML template inserts when
	// the conversation has none (Qwen2.5: "You are Qwen, ..."); may be "".
	defaultSystem string
}

// defaultSystemRE finds a system turn written as one string literal in a
// ChatML Jinja template, "\n" written either escaped or raw.
var defaultSystemRE = regexp.MustCompile(`<\|im_start\|>system(?:\\n|\n)([^'"\\]*)<\|im_end\|>`)

// templateSource reads tokenizer_config.json's chat_template: a string, or
// a list of named templates of which "default" is used; "" if none.
func templateSource(raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var src string
	if err := json.Unmarshal(raw, &src); err == nil {
		return src, nil
	}
	var named []struct{ Name, Template string }
	if err := json.Unmarshal(raw, &named); err != nil {
		return "", fmt.Errorf("tokenizer_config.json chat_template: %w", err)
	}
	for _, n := range named {
		if n.Name == "default" {
			return n.Template, nil
		}
	}
	return "", nil
}

// newChatTemplate recognizes a Jinja chat template's format.
func newChatTemplate(src string) chatTemplate {
	ct := chatTemplate{present: src != "", chatML: strings.Contains(src, "<|im_start|>")}
	if m := defaultSystemRE.FindStringSubmatch(src); ct.chatML && m != nil {
		ct.defaultSystem = m[1]
	}
	return ct
}

// ApplyChatTemplate renders msgs as the model's chat template does, ending
// with the assistant's turn header when addGenerationPrompt is set. Only
// ChatML templates (Qwen, SmolLM) are supported; assistant turns are
// rendered plainly (no tool calls, no reasoning blocks).
func (t *Tokenizer) ApplyChatTemplate(msgs []Message, addGenerationPrompt bool) (string, error) {
	switch {
	case !t.chat.present:
		return "", ErrNoChatTemplate
	case !t.chat.chatML:
		return "", fmt.Errorf("%w: chat template other than ChatML", ErrUnsupported)
	}
	var b strings.Builder
	turn := func(role, content string) {
		b.WriteString("<|im_start|>" + role + "\n" + content + "<|im_end|>\n")
	}
	if t.chat.defaultSystem != "" && (len(msgs) == 0 || msgs[0].Role != "system") {
		turn("system", t.chat.defaultSystem)
	}
	for _, m := range msgs {
		switch m.Role {
		case "system", "user", "assistant":
			turn(m.Role, m.Content)
		default:
			return "", fmt.Errorf("%w: chat role %q", ErrUnsupported, m.Role)
		}
	}
	if addGenerationPrompt {
		b.WriteString("<|im_start|>assistant\n")
	}
	return b.String(), nil
}
