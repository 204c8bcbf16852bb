package analysis

import (
	"slices"
	"testing"
)

func TestCallGraph(t *testing.T) {
	for _, tc := range []struct {
		lang, src string
		want      map[string][]string // caller → callees, in first-call order
	}{
		{"go", "package p\nfunc a() { b(); s := &S{}; s.m(); fmt.Println() }\nfunc b() {}\ntype S struct{}\nfunc (s *S) m() { s.n(); b(); s.m() }\nfunc (s *S) n() {}\n",
			map[string][]string{"a": {"b"}, "S.m": {"S.n", "b"}}},
		{"python", "class C:\n    def m(self):\n        self.n()\n        f()\n    def n(self):\n        pass\ndef f():\n    return C.m(None)\n",
			map[string][]string{"C.m": {"C.n", "f"}, "f": {"C.m"}}},
		{"rust", "struct S;\nimpl S {\n fn new() -> S { Self::helper(); S }\n fn helper() {}\n fn m(&self) { self.helper2(); free() }\n fn helper2(&self) {}\n}\nfn free() { S::new(); }\n",
			map[string][]string{"S.new": {"S.helper"}, "S.m": {"S.helper2", "free"}, "free": {"S.new"}}},
		{"javascript", "class A { m() { this.n(); f(); } n() {} }\nfunction f() { g() }\nconst g = () => 1;\n",
			map[string][]string{"A.m": {"A.n", "f"}, "f": {"g"}}},
		{"java", "class A { void m() { n(); this.n(); B.s(); } void n() {} static void s() {} }\n",
			map[string][]string{"A.m": {"A.n"}}},
		{"c", "static int h(int x) { return x; }\nint main() { return h(1); }\n",
			map[string][]string{"main": {"h"}}},
		{"ruby", "class A\n  def m\n    self.n\n    helper(1)\n  end\n  def n; end\n  def helper(x); end\nend\n",
			map[string][]string{"A.m": {"A.n", "A.helper"}}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			info, err := Parse(tc.lang, []byte(tc.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			chunks := Flatten(info.Chunks)
			graph := CallGraph(chunks)
			got := map[string][]string{}
			for i, callees := range graph {
				for _, j := range callees {
					got[chunks[i].Name] = append(got[chunks[i].Name], chunks[j].Name)
				}
			}
			for caller, want := range tc.want {
				if !slices.Equal(got[caller], want) {
					t.Errorf("%s calls %q, want %q", caller, got[caller], want)
				}
			}
			for caller := range got {
				if _, ok := tc.want[caller]; !ok {
					t.Errorf("%s calls %q, want nothing", caller, got[caller])
				}
			}
		})
	}
}

func TestCalleesFirst(t *testing.T) {
	for _, tc := range []struct {
		name  string
		graph [][]int
		want  [][]int
	}{
		{"empty", nil, nil},
		{"independent", [][]int{nil, nil}, [][]int{{0, 1}}},
		{"chain", [][]int{{1}, {2}, nil}, [][]int{{2}, {1}, {0}}},
		{"diamond", [][]int{{1, 2}, {3}, {3}, nil}, [][]int{{3}, {1, 2}, {0}}},
		{"recursion", [][]int{{1}, {0}, {1}}, [][]int{{1}, {0, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CalleesFirst(tc.graph)
			if !slices.EqualFunc(got, tc.want, slices.Equal[[]int]) {
				t.Errorf("CalleesFirst(%v) = %v, want %v", tc.graph, got, tc.want)
			}
			// Every call goes to an earlier level, except the one closing a cycle.
			at := map[int]int{}
			for l, nodes := range got {
				for _, n := range nodes {
					at[n] = l
				}
			}
			if len(at) != len(tc.graph) {
				t.Errorf("levels hold %d nodes, want %d", len(at), len(tc.graph))
			}
		})
	}
}
