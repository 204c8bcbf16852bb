package inference

import (
	"fmt"
	"strings"
	"testing"
)

func TestOverviewPromptIsBounded(t *testing.T) {
	var parts []Part
	for i := range MaxOverviewParts + 5 {
		parts = append(parts, Part{Name: fmt.Sprintf("f%d.go", i), Summary: strings.Repeat("word ", 100)})
	}
	p := BuildPrompt(Request{Overview: &Overview{Level: "folder", Name: "net/`http`", Lang: "go", Parts: parts}}, PromptOptions{Language: "de"})
	if !strings.Contains(p.User, "Go folder `net/http`") || !strings.Contains(p.System, "German") {
		t.Errorf("prompt does not name the folder or the language:\n%s\n%s", p.System, p.User)
	}
	if got := strings.Count(p.User, "\n- `"); got != MaxOverviewParts {
		t.Errorf("prompt quotes %d parts, want %d", got, MaxOverviewParts)
	}
	if !strings.Contains(p.User, "… and 5 more") {
		t.Errorf("prompt does not say how many parts were left out:\n%s", p.User)
	}
	for _, line := range strings.Split(p.User, "\n")[1:] {
		if len(line) > maxPartSummary+40 {
			t.Fatalf("part line of %d bytes is not bounded: %q", len(line), line)
		}
	}
	if strings.Contains(p.User, "```") {
		t.Error("an overview prompt has no code")
	}
}
