package cache

import (
	"errors"
	"testing"

	"github.com/mattn/go-sqlite3"
)

// The cache runs on modernc.org/sqlite. BenchmarkDriver compares it with
// github.com/mattn/go-sqlite3 (cgo) on the same code paths; the figures and
// the reasoning are in docs/benchmarks.md.

var mattnDriver = driver{name: "sqlite3", isCorrupt: func(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrCorrupt || e.Code == sqlite3.ErrNotADB)
}}

var drivers = []struct {
	name string
	drv  driver
}{
	{"modernc", defaultDriver},
	{"mattn", mattnDriver},
}

func BenchmarkDriver(b *testing.B) {
	for _, d := range drivers {
		b.Run(d.name+"/GetSQLite", func(b *testing.B) { benchGetSQLite(b, d.drv) })
		b.Run(d.name+"/Put", func(b *testing.B) { benchPut(b, d.drv) })
		b.Run(d.name+"/Open", func(b *testing.B) { benchOpen(b, d.drv) })
	}
}
