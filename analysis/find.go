package analysis

// ChunkAt returns the innermost chunk whose Range or DocRange contains the
// byte offset, descending into Children.
func ChunkAt(chunks []Chunk, offset int) (Chunk, bool) {
	for _, c := range chunks {
		if !c.Range.Contains(offset) && !(c.Doc != "" && c.DocRange.Contains(offset)) {
			continue
		}
		if inner, ok := ChunkAt(c.Children, offset); ok {
			return inner, true
		}
		return c, true
	}
	return Chunk{}, false
}

// Flatten lists chunks in pre-order: each container, then its children.
func Flatten(chunks []Chunk) []Chunk {
	var out []Chunk
	var walk func([]Chunk)
	walk = func(cs []Chunk) {
		for _, c := range cs {
			out = append(out, c)
			walk(c.Children)
		}
	}
	walk(chunks)
	return out
}
