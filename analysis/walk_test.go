package analysis

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFactWalk checks that the facts walk (walk.go) finds exactly the
// facts the chunk query finds, on the golden inputs and generated files
// of every language it serves.
func TestFactWalk(t *testing.T) {
	inputs := map[string][]byte{}
	for lang := range factRulesOf {
		a := readArchive(t, filepath.Join("testdata", lang+".txtar"))
		for _, name := range a.names {
			if !strings.HasSuffix(name, ".chunks") {
				inputs[lang+"/"+name] = []byte(a.files[name])
			}
		}
		if generators[lang].block != nil {
			// Large enough for the parallel path.
			inputs[lang+"/generated"] = genSource(lang, 4000)
		}
	}
	for name, src := range inputs {
		lang, _, _ := strings.Cut(name, "/")
		if specFor(lang).walk == nil {
			if _, err := specFor(lang).compiledQuery(); err != nil || specFor(lang).walk == nil {
				t.Fatalf("%s: no facts walk (%v)", lang, err)
			}
		}
		want := chunkWith(t, lang, src, true)
		got := chunkWith(t, lang, src, false)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: facts walk and query differ:\n walk: %s\nquery: %s", name, outline(got), outline(want))
		}
	}
}

func chunkWith(t *testing.T, lang string, src []byte, noWalk bool) FileInfo {
	t.Helper()
	d, err := NewDocument(lang, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.noWalk = noWalk
	return d.File()
}
