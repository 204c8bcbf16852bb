package cache

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// moderncDriver is the pure-Go candidate BenchmarkDriver measures against
// the cache's cgo driver; it is not used outside tests.
var moderncDriver = driver{name: "sqlite", isCorrupt: func(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	code := e.Code() & 0xff
	return code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB
}}

var drivers = []struct {
	name string
	drv  driver
}{
	{"mattn", defaultDriver},
	{"modernc", moderncDriver},
}

// BenchmarkDriver compares the SQLite drivers on the cache's own code paths.
func BenchmarkDriver(b *testing.B) {
	for _, d := range drivers {
		b.Run(d.name+"/GetSQLite", func(b *testing.B) { benchGetSQLite(b, d.drv) })
		b.Run(d.name+"/Put", func(b *testing.B) { benchPut(b, d.drv) })
		b.Run(d.name+"/Open", func(b *testing.B) { benchOpen(b, d.drv) })
	}
}

// TestDrivers runs the corruption handling on both drivers: each must
// classify SQLite's "not a database" error so a garbage file is moved aside.
func TestDrivers(t *testing.T) {
	for _, d := range drivers {
		t.Run(d.name, func(t *testing.T) {
			dir := t.TempDir()
			garbage := bytes.Repeat([]byte("not SQLite "), 100)
			if err := os.WriteFile(filepath.Join(dir, FileName), garbage, 0o644); err != nil {
				t.Fatal(err)
			}
			logger, logged := captureLog()
			c, err := open(Options{Dir: dir, Logger: logger}, d.drv)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			mustPut(t, c, 1)
			mustGet(t, c, 1)
			if m := corruptFiles(t, dir); len(m) != 1 || !strings.Contains(logged(), "moved aside") {
				t.Fatalf("moved %q, log %q", m, logged())
			}
		})
	}
}
