package cache

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// defaultDriver is the SQLite driver the cache uses; see docs/benchmarks.md
// and BenchmarkDriver for why.
var defaultDriver = driver{name: "sqlite", isCorrupt: moderncCorrupt}

func moderncCorrupt(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}
