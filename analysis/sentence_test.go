package analysis

import "testing"

func TestFirstSentence(t *testing.T) {
	tests := []struct{ doc, want string }{
		{"// Open opens the named file for reading. If successful, methods on\n// the returned file can be used.", "Open opens the named file for reading."},
		{"Return the absolute path.\n\n    More text.", "Return the absolute path."},
		{"/**\n * Returns the {@code Foo} instance, e.g. the default one.\n *\n * @param x the x\n */", "Returns the Foo instance, e.g. the default one."},
		{"Parse a value\nfrom text\n\nArgs:\n  x: y", "Parse a value from text"},
		{"# Checks <b>whether</b> it works!  Yes.", "Checks whether it works!"},
		{"@deprecated use bar", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FirstSentence(tt.doc); got != tt.want {
			t.Errorf("FirstSentence(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}
