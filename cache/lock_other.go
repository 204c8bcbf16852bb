//go:build !unix

package cache

import (
	"fmt"
	"os"
)

// lockFile creates path and returns a no-op unlock: this platform has no
// advisory lock in the standard library, so opening and rebuilding the
// database is not serialized between processes here.
func lockFile(path string) (unlock func() error, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	return f.Close, nil
}
