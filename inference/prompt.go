package inference

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// PromptRevision names the built-in prompt. It enters engine fingerprints
// (see PromptOptions.Revision): change it whenever BuildPrompt changes its
// output.
const PromptRevision = "summary-v2"

// systemPrompt is the system message of the built-in prompt.
const systemPrompt = "You are an expert programmer who explains code to other programmers. " +
	"Answer with one or two plain sentences, no lists, no code, no markdown."

// defaultUserPrompt is the built-in user message; see userPrompt.
const defaultUserPrompt = "Summarize what this {{language}} {{kind}} `{{name}}` does in one or two sentences.\n\n```{{lang}}\n{{code}}\n```"

// Bounds on the callee summaries a prompt quotes.
const (
	MaxPromptCallees   = 8
	maxCalleeSummary   = 200 // bytes of one callee's summary
	calleeSummaryIntro = "It calls these functions, summarized:"
)

// PromptOptions shape the chat prompt of a model engine.
type PromptOptions struct {
	// Template overrides the built-in user message; see userPrompt.
	Template string
	// Language is the BCP-47 tag of the language summaries are written in;
	// "" and "en" mean English.
	Language string
	// CodeTokens bounds the code in the prompt, as counted by Count; longer
	// chunks keep their head and tail. Zero or a nil Count: no bound.
	CodeTokens int
	Count      func(string) int
}

// Revision identifies everything in o that changes the prompt, for engine
// fingerprints.
func (o PromptOptions) Revision() string {
	rev := PromptRevision
	if o.Template != "" {
		rev += "\x00custom:" + o.Template
	}
	return rev + "\x00lang:" + o.Language + "\x00" + systemPrompt
}

// Prompt is a rendered chat prompt.
type Prompt struct {
	System, User string
	// Code is the code the prompt shows (doc comment removed, shortened);
	// CleanSummary drops answer lines that repeat it.
	Code string
}

// BuildPrompt renders the chat prompt for req: the system message, and the
// user message with the chunk's code and the summaries of the functions it
// calls.
func BuildPrompt(req Request, o PromptOptions) Prompt {
	if req.Overview != nil {
		return overviewPrompt(*req.Overview, o)
	}
	code := CodeWithoutDoc(req.Chunk)
	if o.Count != nil && o.CodeTokens > 0 {
		code = Shorten(code, o.CodeTokens, o.Count)
	}
	system := systemPrompt
	if name := summaryLanguageName(o.Language); name != "" {
		system += " Write the answer in " + name + "."
	}
	user := userPrompt(o.Template, req.Chunk, code)
	if callees := calleeLines(req.Callees); callees != "" {
		user += "\n\n" + calleeSummaryIntro + "\n" + callees
	}
	return Prompt{System: system, User: user, Code: code}
}

// calleeLines lists the first callees, one "- `name`: summary" line each.
func calleeLines(callees []Callee) string {
	var b strings.Builder
	for i, c := range callees {
		if i == MaxPromptCallees {
			break
		}
		summary := strings.Join(strings.Fields(c.Summary), " ")
		if len(summary) > maxCalleeSummary {
			summary = strings.ToValidUTF8(summary[:maxCalleeSummary], "") + "…"
		}
		fmt.Fprintf(&b, "- `%s`: %s\n", strings.ReplaceAll(c.Name, "`", ""), summary)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// summaryLanguages names the languages a summary may be asked in, by the
// primary BCP-47 subtag; other tags are passed to the model as they are.
var summaryLanguages = map[string]string{
	"zh": "Simplified Chinese", "zh-hant": "Traditional Chinese", "zh-tw": "Traditional Chinese",
	"ja": "Japanese", "ko": "Korean", "de": "German", "fr": "French", "es": "Spanish",
	"pt": "Portuguese", "ru": "Russian", "it": "Italian",
}

// summaryLanguageName is how the system prompt names the language of tag;
// "" for English.
func summaryLanguageName(tag string) string {
	t := strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	if t == "" || t == "en" || strings.HasPrefix(t, "en-") {
		return ""
	}
	if n, ok := summaryLanguages[t]; ok {
		return n
	}
	if i := strings.IndexByte(t, '-'); i > 0 {
		if n, ok := summaryLanguages[t[:i]]; ok {
			return n
		}
	}
	return tag
}

// userPrompt renders the user message for a chunk whose (doc-stripped,
// possibly shortened) source is code. template overrides the built-in one
// when not empty; it may use {{language}} ("Go"), {{lang}} ("go"), {{kind}},
// {{name}} and {{code}}, and gets the code appended when it has no {{code}}.
func userPrompt(template string, c analysis.Chunk, code string) string {
	if template == "" {
		template = defaultUserPrompt
	}
	if !strings.Contains(template, "{{code}}") {
		template += "\n\n{{code}}"
	}
	kind := string(c.Kind)
	if kind == "" || c.Kind == analysis.KindWindow {
		kind = "code"
	}
	name := c.Name
	if name == "" {
		name = "(anonymous)"
	}
	lang := analysis.LanguageOf(c.Lang)
	return strings.NewReplacer(
		"{{language}}", lang.Name,
		"{{lang}}", c.Lang,
		"{{kind}}", kind,
		"{{name}}", name,
		"{{code}}", code,
	).Replace(template)
}

// CodeWithoutDoc returns the chunk's text without its doc comment when the
// comment lies inside the text (a Python docstring); leading doc comments
// are outside Chunk.Text already.
func CodeWithoutDoc(c analysis.Chunk) string {
	d, r := c.DocRange, c.Range
	if c.Doc == "" || d.StartByte < r.StartByte || d.EndByte > r.EndByte || d.EndByte <= d.StartByte ||
		d.EndByte-r.StartByte > len(c.Text) {
		return c.Text
	}
	before := c.Text[:d.StartByte-r.StartByte]
	after := c.Text[d.EndByte-r.StartByte:]
	// Drop the line the docstring stood on when nothing else is on it.
	if strings.TrimSpace(before[strings.LastIndexByte(before, '\n')+1:]) == "" {
		if i := strings.IndexByte(after, '\n'); i >= 0 && strings.TrimSpace(after[:i]) == "" {
			before = before[:strings.LastIndexByte(before, '\n')+1]
			after = after[i+1:]
		}
	}
	return before + after
}

// Shorten cuts code to at most budget tokens as counted by count, keeping
// the first lines (the signature and the head of the body) and the last
// lines, with a line saying how many lines were left out between them.
// The first line is always kept, even when it alone exceeds the budget.
func Shorten(code string, budget int, count func(string) int) string {
	if count(code) <= budget {
		return code
	}
	lines := strings.SplitAfter(code, "\n")
	indent := leadingSpace(lines[min(1, len(lines)-1)])
	omitted := func(n int) string { return fmt.Sprintf("%s... (%d lines omitted)\n", indent, n) }
	join := func(head, tail int) string {
		return strings.Join(lines[:head], "") + omitted(tail-head) + strings.Join(lines[tail:], "")
	}
	// Fill greedily from per-line counts, two head lines for each tail line.
	head, tail := 1, len(lines)
	used := count(lines[0]) + count(omitted(len(lines)))
	for head < tail {
		next := head
		if head > 2*(len(lines)-tail)+1 {
			next = tail - 1
		}
		if used += count(lines[next]); used > budget {
			break
		}
		if next == head {
			head++
		} else {
			tail--
		}
	}
	if head >= tail {
		return code
	}
	// Per-line counts only approximate the joined text's: trim until it fits.
	out := join(head, tail)
	for count(out) > budget && (head > 1 || tail < len(lines)) {
		if tail < len(lines) && (head == 1 || len(lines)-tail >= (head-1)/2) {
			tail++
		} else {
			head--
		}
		out = join(head, tail)
	}
	return out
}

func leadingSpace(s string) string {
	return s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
}

var (
	fenceRE    = regexp.MustCompile("(?s)```.*?(```|$)")
	sentenceRE = regexp.MustCompile(`[.!?](\s|$)`)
	labelRE    = regexp.MustCompile(`(?i)^(summary|answer|explanation)\s*:\s*`)
)

// CleanSummary turns a model's raw answer into at most two plain
// sentences: code fences and inline code marks removed, lines of the code
// itself dropped, a leading "Summary:" label removed, control characters
// and undecodable bytes (U+FFFD) dropped, whitespace collapsed. It returns
// "" when nothing usable is left.
func CleanSummary(raw, code string) string {
	s := strings.Map(func(r rune) rune {
		if r == unicode.ReplacementChar || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return -1
		}
		return r
	}, raw)
	s = fenceRE.ReplaceAllString(s, " ")
	codeLines := map[string]bool{}
	for _, l := range strings.Split(code, "\n") {
		if t := strings.TrimSpace(l); len(t) > 3 {
			codeLines[t] = true
		}
	}
	var kept []string
	for _, l := range strings.Split(s, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || codeLines[t] {
			continue
		}
		kept = append(kept, strings.TrimLeft(t, "-*# "))
	}
	s = strings.Join(strings.Fields(strings.Join(kept, " ")), " ")
	s = labelRE.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "`", "")
	ends := sentenceRE.FindAllStringIndex(s, 2)
	if len(ends) == 2 {
		s = s[:ends[1][0]+1]
	}
	return strings.TrimSpace(s)
}
