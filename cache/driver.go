package cache

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// defaultDriver is the SQLite driver the cache uses: github.com/mattn/go-sqlite3
// (cgo). BenchmarkDriver compares it with the pure-Go modernc.org/sqlite on
// the same code paths. It reads hits about three times faster, and under
// the race detector, which every CI run uses, reads and writes stay
// 10–15 times faster because its C code is not instrumented. Being pure Go
// buys nothing here: tree-sitter and ONNX Runtime already require cgo.
var defaultDriver = driver{name: "sqlite3", isCorrupt: mattnCorrupt}

func mattnCorrupt(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrCorrupt || e.Code == sqlite3.ErrNotADB)
}
