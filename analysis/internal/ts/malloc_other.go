//go:build !linux || !cgo

package ts

// ReleaseMemory is a no-op where the C allocator needs no help.
func ReleaseMemory() {}
