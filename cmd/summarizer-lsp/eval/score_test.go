package eval

import (
	"math"
	"reflect"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"  ParseConfigFile parses the config file.  ", []string{"parseconfigfile", "parses", "the", "config", "file", "."}},
		{"Reads foo_bar (see x.y)!", []string{"reads", "foo", "_", "bar", "(", "see", "x", ".", "y", ")", "!"}},
		{"Returns 3.14, or -1 & \"none\"", []string{"returns", "3", ".", "14", ",", "or", "-", "1", "&", "\"", "none", "\""}},
		{"Größe ändern", []string{"größe", "ändern"}},
		{"", []string{}},
	}
	for _, tt := range tests {
		if got := Tokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSentenceBLEU(t *testing.T) {
	tests := []struct {
		name, ref, cand string
		want            float64
	}{
		// Identical: every precision is 1 and there is no brevity penalty.
		{"identical", "Returns the name.", "returns the name .", 1},
		// p1=2/3, p2=(1+1)/(2+1), p3=(0+1)/(1+1), p4=(0+1)/(0+1); BP: 1-9/4.
		{"short candidate", "ParseConfigFile parses the config file at path.", "parse config file",
			math.Exp((2*math.Log(2.0/3)+math.Log(0.5))/4 + 1 - 9.0/4)},
		// p1=4/4, p2=(2+1)/(3+1), p3=(0+1)/(2+1), p4=(0+1)/(1+1); BP: 1-8/5.
		{"partial overlap", "Returns the name of the file.", "Returns the file name",
			math.Exp((math.Log(0.75)+math.Log(1.0/3)+math.Log(0.5))/4 + 1 - 8.0/5)},
		// No unigram in common: log(tiny) dominates and the score is ~0.
		{"disjoint", "Opens a socket.", "closes files", 0},
		// Longer candidate than reference: no brevity penalty, clipped counts.
		{"clipped repeats", "the cat", "the the the", math.Exp((math.Log(1.0/3) + math.Log(1.0/3) + math.Log(1.0/2) + math.Log(1.0/1)) / 4)},
	}
	for _, tt := range tests {
		got := SentenceBLEU(tt.ref, tt.cand)
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: SentenceBLEU = %.15f, want %.15f", tt.name, got, tt.want)
		}
	}
}

func TestRougeL(t *testing.T) {
	// LCS("returns the name of the file .", "returns the file name") = 3,
	// P = 3/4, R = 3/7, F = (1+β²)PR / (R+β²P) with β = 1.2.
	p, r, b2 := 0.75, 3.0/7, 1.44
	want := (1 + b2) * p * r / (r + b2*p)
	if got := RougeL("Returns the name of the file.", "Returns the file name"); math.Abs(got-want) > 1e-12 {
		t.Errorf("RougeL = %v, want %v", got, want)
	}
	if got := RougeL("a b c", "a b c"); got != 1 {
		t.Errorf("RougeL identical = %v", got)
	}
	if got := RougeL("a b c", "x y"); got != 0 {
		t.Errorf("RougeL disjoint = %v", got)
	}
	if got := RougeL("a b c", ""); got != 0 {
		t.Errorf("RougeL empty = %v", got)
	}
}
