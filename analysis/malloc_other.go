//go:build !linux || !cgo

package analysis

// releaseCMemory is a no-op where the C allocator needs no help.
func releaseCMemory() {}
