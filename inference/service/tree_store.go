package service

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// Bounds on stored file and folder explanations, checked when read: a
// shared store is written by many people, so what it holds is untrusted.
const (
	maxStoredRecord   = 16 << 20
	maxOverviewBytes  = 8 << 10
	recordFormat      = 1
	maxRecordChunks   = 1 << 16
	maxRecordNameSize = 4 << 10
)

// record is the stored form of a file or folder explanation.
type record[T any] struct {
	Format int `json:"v"`
	Value  T   `json:"rec"`
}

// getRecord reads the value stored under k and checks it with check; a
// miss, a store error or an unusable value (one from a shared tier is then
// not kept locally) reports false.
func getRecord[T any](ctx context.Context, s *Summarizer, k Key, check func(*T) error) (*T, bool) {
	var out *T
	accept := func(raw []byte) bool {
		v := new(T)
		rec := record[*T]{Value: v}
		err := errInvalidValue
		if len(raw) <= maxStoredRecord {
			err = json.Unmarshal(raw, &rec)
		}
		if err == nil && rec.Format != recordFormat {
			err = fmt.Errorf("%w: format %d", errInvalidValue, rec.Format)
		}
		if err == nil {
			err = check(v)
		}
		if err != nil {
			s.logger.Debug("ignoring stored explanation", "key", k, "err", err)
			s.stats.invalid.Add(1)
			return false
		}
		out = v
		return true
	}
	_, ok, err := s.opts.Store.Get(ctx, k, s.opts.BatchStoreWait, accept)
	if err != nil && ctx.Err() == nil {
		s.logger.Warn("explanation store read failed", "err", err)
	}
	return out, err == nil && ok && out != nil
}

// putRecord stores v under k; failures are logged.
func (s *Summarizer) putRecord(k Key, v any) {
	raw, err := json.Marshal(record[any]{Format: recordFormat, Value: v})
	if err == nil {
		err = s.opts.Store.Put(s.ctx, k, raw)
	}
	if err != nil && s.ctx.Err() == nil {
		s.logger.Warn("explanation store write failed", "err", err)
	}
}

// lookupFile reads the stored explanation of a file, checked.
func (r *treeRun) lookupFile(ctx context.Context, k Key) (*FileSummary, bool) {
	fs, ok := getRecord(ctx, r.s, k, checkFileSummary)
	if !ok {
		return nil, false
	}
	fs.Key, fs.Cached = k, true
	for i, c := range fs.Chunks {
		fs.Chunks[i].Cached = true
		fs.Decls = append(fs.Decls, inference.Decl{Name: c.Name, Kind: c.Kind, Summary: c.Result.Summary})
	}
	return fs, true
}

// validOverview reports whether a stored overview is usable: not empty,
// bounded and UTF-8.
func validOverview(s string) bool {
	return s != "" && len(s) <= maxOverviewBytes && utf8.ValidString(s)
}

// folderRecord is the stored form of a folder's overview.
type folderRecord struct {
	Overview string `json:"overview"`
}

func checkFolderRecord(f *folderRecord) error {
	if !validOverview(f.Overview) {
		return fmt.Errorf("%w: folder overview", errInvalidValue)
	}
	return nil
}

// checkFileSummary bounds the text of a stored file explanation.
func checkFileSummary(fs *FileSummary) error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", errInvalidValue, what) }
	switch {
	case !validOverview(fs.Overview):
		return bad("overview too long or not UTF-8")
	case len(fs.Chunks) > maxRecordChunks:
		return bad("chunk list")
	}
	for _, c := range fs.Chunks {
		if len(c.Name) > maxRecordNameSize || !utf8.ValidString(c.Name) {
			return bad("chunk name")
		}
		if err := checkResult(c.Result); err != nil {
			return err
		}
	}
	return nil
}
