package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// schemaVersion is stored in PRAGMA user_version. A file with another
// non-zero version was written by an incompatible build and is moved aside.
const schemaVersion = 1

// busyTimeout is how long a statement waits for another connection or
// process holding the write lock. Writes are single short transactions, so
// reaching it means something is badly stuck; the caller then sees an error
// instead of a hang.
const busyTimeout = 5 * time.Second

// lockWait is how long opening waits for another process holding the
// directory's lock file.
var lockWait = busyTimeout

// evictBatch bounds the rows deleted per transaction, keeping the write
// lock short for the other process sharing the file.
const evictBatch = 1000

// readConns is the size of the reader connection pool.
const readConns = 4

// errUnusable marks a readable SQLite file that is not a usable cache: a
// schema from another build, or one that fails the structural check.
var errUnusable = errors.New("not a usable cache database")

// driver is a database/sql SQLite driver and how to read its errors.
type driver struct {
	name string
	// isCorrupt reports whether err is SQLITE_CORRUPT or SQLITE_NOTADB.
	isCorrupt func(err error) bool
}

// store is the persistent tier: one SQLite file in WAL mode, read through a
// small connection pool and written through a single connection, so writes
// from this process queue in Go and only contend with other processes.
// It is safe for concurrent use.
type store struct {
	path    string
	info    os.FileInfo // identity of the file when opened, to detect replacement
	rdb     *sql.DB
	wdb     *sql.DB
	getStmt *sql.Stmt // on rdb
	putStmt *sql.Stmt // on wdb

	closers []io.Closer // what was opened, in order
}

// dsn returns the data source name of the SQLite file at path. Both
// candidate drivers accept these parameters; a "file:" URI is handed to
// SQLite whole, so the path is escaped as a URI path ("file:///C:/x" for a
// Windows drive path).
func dsn(path string, write bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p}
	q := fmt.Sprintf("_busy_timeout=%d", busyTimeout.Milliseconds())
	if write {
		q += "&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate"
	} else {
		q += "&_query_only=1"
	}
	return u.String() + "?" + q
}

// openStore opens or creates the cache database at path. Errors from a file
// that is not a usable cache satisfy drv.isCorrupt or wrap errUnusable.
func openStore(ctx context.Context, drv driver, path string) (_ *store, err error) {
	s := &store{path: path}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if s.wdb, err = sql.Open(drv.name, dsn(path, true)); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.wdb)
	s.wdb.SetMaxOpenConns(1)
	if err = initSchema(ctx, s.wdb); err != nil {
		return nil, err
	}
	if s.rdb, err = sql.Open(drv.name, dsn(path, false)); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.rdb)
	s.rdb.SetMaxOpenConns(readConns)
	s.rdb.SetMaxIdleConns(readConns)
	if s.getStmt, err = s.rdb.PrepareContext(ctx, `SELECT value FROM entries WHERE key = ?`); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.getStmt)
	if s.putStmt, err = s.wdb.PrepareContext(ctx, `INSERT INTO entries(key, value, accessed) VALUES(?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, accessed = excluded.accessed`); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, s.putStmt)
	if s.info, err = os.Stat(path); err != nil {
		return nil, err
	}
	return s, nil
}

func initSchema(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	switch v {
	case schemaVersion:
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema
			WHERE name IN ('entries', 'entries_accessed')`).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return fmt.Errorf("%w: tables missing", errUnusable)
		}
		return tx.Commit()
	case 0:
	default:
		return fmt.Errorf("%w: version %d, want %d", errUnusable, v, schemaVersion)
	}
	for _, q := range []string{
		`CREATE TABLE entries (key BLOB PRIMARY KEY, value BLOB NOT NULL, accessed INTEGER NOT NULL)`,
		`CREATE INDEX entries_accessed ON entries(accessed)`,
		fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// check runs SQLite's structural check, which finds truncated and damaged
// files that would otherwise fail only once a bad page is read. It reads
// the whole file (about 85 ms for 200,000 entries), so it runs in the
// background rather than in Open.
func (s *store) check(ctx context.Context) error {
	var res string
	if err := s.rdb.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%w: quick_check: %s", errUnusable, res)
	}
	return nil
}

func (s *store) close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i].Close())
	}
	s.closers = nil
	return errors.Join(errs...)
}

func (s *store) get(ctx context.Context, k Key) ([]byte, bool, error) {
	var v []byte
	err := s.getStmt.QueryRowContext(ctx, k[:]).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

func (s *store) put(ctx context.Context, k Key, v []byte, at int64) error {
	_, err := s.putStmt.ExecContext(ctx, k[:], v, at)
	return err
}

// touch records access times in one transaction; an entry is never moved
// back in time, so a stale batch cannot undo another process's newer touch.
func (s *store) touch(ctx context.Context, times map[Key]int64) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `UPDATE entries SET accessed = ?1 WHERE key = ?2 AND accessed < ?1`)
	if err != nil {
		return err
	}
	for k, at := range times {
		if _, err := st.ExecContext(ctx, at, k[:]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *store) count(ctx context.Context) (int, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT count(*) FROM entries`).Scan(&n)
	return n, err
}

// evict deletes the n least recently accessed entries in batches of at most
// evictBatch rows per transaction, and returns how many it deleted.
func (s *store) evict(ctx context.Context, n int) (int, error) {
	done := 0
	for done < n {
		res, err := s.wdb.ExecContext(ctx, `DELETE FROM entries WHERE key IN
			(SELECT key FROM entries ORDER BY accessed LIMIT ?)`, min(evictBatch, n-done))
		if err != nil {
			return done, err
		}
		d, err := res.RowsAffected()
		if err != nil {
			return done, err
		}
		if d == 0 {
			break
		}
		done += int(d)
	}
	return done, nil
}

func (s *store) clear(ctx context.Context) error {
	_, err := s.wdb.ExecContext(ctx, `DELETE FROM entries`)
	return err
}
