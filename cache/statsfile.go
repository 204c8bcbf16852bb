package cache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// statsDir is the folder, inside the cache directory, where each process
// using the cache keeps its counters (stats/<pid>.json), written every
// maintenance round and at Close, so that `summarizer-lsp cache stats`
// can show what running (and recently ended) servers saw.
const statsDir = "stats"

// statsMaxAge is how long a process's counters are kept after their last
// update.
const statsMaxAge = 24 * time.Hour

// ProcessStats are one process's counters as it last wrote them.
type ProcessStats struct {
	Pid     int       `json:"pid"`
	Updated time.Time `json:"updated"`
	Closed  bool      `json:"closed"` // written by Close: the process is done with the cache
	Stats
}

// writeStats records this process's counters in the cache directory.
func (c *Cache) writeStats(closed bool) error {
	dir := filepath.Join(c.dir, statsDir)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return err
	}
	b, err := json.Marshal(ProcessStats{Pid: os.Getpid(), Updated: c.now(), Closed: closed, Stats: c.Stats()})
	if err != nil {
		return err
	}
	name := filepath.Join(dir, strconv.Itoa(os.Getpid())+".json")
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, b, fileMode); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// ReadStats returns the counters the processes using the cache in dir
// recorded in the last 24 hours, newest first, and removes older ones.
func ReadStats(dir string) ([]ProcessStats, error) {
	entries, err := os.ReadDir(filepath.Join(dir, statsDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cache: stats: %w", err)
	}
	var out []ProcessStats
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		path := filepath.Join(dir, statsDir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var ps ProcessStats
		if json.Unmarshal(b, &ps) != nil || time.Since(ps.Updated) > statsMaxAge {
			os.Remove(path)
			continue
		}
		out = append(out, ps)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Updated.After(out[j].Updated) })
	return out, nil
}
