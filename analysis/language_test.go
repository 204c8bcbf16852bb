package analysis

import "testing"

// TestEveryGrammarHasADescriptor keeps the descriptor table and the
// grammars in step: a language added to specs needs its name, doc style
// and unit word.
func TestEveryGrammarHasADescriptor(t *testing.T) {
	for _, id := range Languages() {
		l, ok := languages[id]
		if !ok || l.Name == "" || l.Doc == DocNone || l.Unit == "" {
			t.Errorf("language %q: descriptor %+v (present %v) lacks a name, doc style or unit", id, l, ok)
		}
	}
	if l := LanguageOf("cpp"); l.Name != "C++" || l.Fence != "cpp" || l.ID != "cpp" {
		t.Errorf("LanguageOf(cpp) = %+v", l)
	}
	if l := LanguageOf("zig"); l.Name != "zig" || l.Doc != DocNone || l.Fence != "zig" {
		t.Errorf("LanguageOf(zig) = %+v", l)
	}
	if l := LanguageOf(""); l.Name != "source" {
		t.Errorf("LanguageOf(\"\") = %+v", l)
	}
}
