package cache

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"log/slog"
	"testing"
)

// benchValue is the size of a typical summary as the LSP layer stores it.
var benchValue = bytes.Repeat([]byte("s"), 512)

// benchEntries is how many entries the file holds while reads are measured.
const benchEntries = 10_000

// benchKeys are the keys of the entries fillBench writes.
var benchKeys = func() []Key {
	ks := make([]Key, benchEntries)
	for i := range ks {
		ks[i] = key(i)
	}
	return ks
}()

// fillBench opens a cache with drv in dir holding benchEntries entries.
func fillBench(b *testing.B, drv driver, dir string, memEntries int) *Cache {
	b.Helper()
	c, err := open(Options{Dir: dir, MemEntries: memEntries, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, drv)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	for _, k := range benchKeys {
		if err := c.Put(context.Background(), k, benchValue); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

// benchGet reads the filled entries round robin.
func benchGet(b *testing.B, c *Cache) {
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := benchKeys[i%len(benchKeys)]
		if _, ok, err := c.Get(ctx, k, 0, nil); !ok || err != nil {
			b.Fatalf("Get(%x) = %v, %v", k, ok, err)
		}
		i++
	}
}

// benchGetSQLite measures hits served by the file: with one memory slot
// and keys read round robin, every Get misses memory.
func benchGetSQLite(b *testing.B, drv driver) {
	benchGet(b, fillBench(b, drv, b.TempDir(), 1))
}

func benchPut(b *testing.B, drv driver) {
	c, err := open(Options{Dir: b.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, drv)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	b.ReportAllocs()
	var k Key
	for i := 0; b.Loop(); i++ {
		binary.LittleEndian.PutUint64(k[:], uint64(i))
		if err := c.Put(ctx, k, benchValue); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOpen measures opening (and closing) a file of benchEntries entries.
func benchOpen(b *testing.B, drv driver) {
	dir := b.TempDir()
	if err := fillBench(b, drv, dir, 1).Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := open(Options{Dir: dir}, drv)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetMemory measures a hit in the memory tier (target ≤ 50 µs).
func BenchmarkGetMemory(b *testing.B) {
	benchGet(b, fillBench(b, defaultDriver, b.TempDir(), benchEntries))
}

// BenchmarkGetSQLite measures a hit in the file tier (target ≤ 1 ms).
func BenchmarkGetSQLite(b *testing.B) { benchGetSQLite(b, defaultDriver) }

// BenchmarkPut measures storing a new entry in both tiers.
func BenchmarkPut(b *testing.B) { benchPut(b, defaultDriver) }

// BenchmarkOpen measures opening an existing file.
func BenchmarkOpen(b *testing.B) { benchOpen(b, defaultDriver) }
