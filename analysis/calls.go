package analysis

import "strings"

// CallGraph resolves the calls of each chunk (Facts.Calls) to the chunks
// of the same list they name: a plain call ("parse") to the function of
// that name, or to a method of the caller's own class when the language
// calls those without a receiver (Java, Ruby); a call on the receiver
// ("s.validate", "self.save", "this.load", "Self::new") to the method of
// the caller's class; a qualified call ("Config.load", "S::new") to the
// chunk of that qualified name. Calls through other values are not
// resolved: that needs types. graph[i] lists the callees of chunks[i]
// (never i itself) in the order of their first call. Containers are never
// callees.
func CallGraph(chunks []Chunk) [][]int {
	byName := make(map[string]int, len(chunks))
	for i, c := range chunks {
		if _, dup := byName[c.Name]; !dup && !c.Kind.IsContainer() && c.Kind != KindWindow && c.Name != "" {
			byName[c.Name] = i
		}
	}
	graph := make([][]int, len(chunks))
	for i, c := range chunks {
		for _, call := range c.Facts.Calls {
			j, ok := resolveCall(byName, c.Facts, call)
			if ok && j != i && !contains(graph[i], j) {
				graph[i] = append(graph[i], j)
			}
		}
	}
	return graph
}

// resolveCall finds the chunk a call names, as CallGraph describes.
func resolveCall(byName map[string]int, f Facts, call string) (int, bool) {
	call = strings.NewReplacer("::", ".", "->", ".").Replace(call)
	recv := f.Receiver
	if i := strings.LastIndexByte(call, '.'); i >= 0 {
		qual, name := call[:i], call[i+1:]
		if recv != "" && (qual == f.ReceiverVar || qual == "self" || qual == "this" || qual == "Self") {
			if j, ok := byName[recv+"."+name]; ok {
				return j, true
			}
		}
		j, ok := byName[call]
		return j, ok
	}
	if recv != "" {
		if j, ok := byName[recv+"."+call]; ok {
			return j, true
		}
	}
	j, ok := byName[call]
	return j, ok
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CalleesFirst groups the nodes of a call graph into levels such that
// every node calls only nodes of earlier levels, except along a cycle of
// recursion, which is broken at the call that closes it. Nodes calling
// nothing form level 0; each level lists its nodes in increasing order.
func CalleesFirst(graph [][]int) [][]int {
	const (
		unvisited = iota
		onStack
		done
	)
	state := make([]int, len(graph))
	level := make([]int, len(graph))
	var visit func(i int)
	visit = func(i int) {
		state[i] = onStack
		for _, j := range graph[i] {
			if state[j] == unvisited {
				visit(j)
			}
			if state[j] == done {
				level[i] = max(level[i], level[j]+1)
			}
		}
		state[i] = done
	}
	top := 0
	for i := range graph {
		if state[i] == unvisited {
			visit(i)
		}
		top = max(top, level[i])
	}
	if len(graph) == 0 {
		return nil
	}
	levels := make([][]int, top+1)
	for i, l := range level {
		levels[l] = append(levels[l], i)
	}
	return levels
}
