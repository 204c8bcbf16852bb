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

// getRecord reads the value stored under k into v; a miss, a store error
// or an unusable value reports false.
func (s *Summarizer) getRecord(ctx context.Context, k Key, v any) bool {
	raw, ok, err := s.opts.Store.Get(ctx, k, s.opts.BatchStoreWait)
	if err != nil && ctx.Err() == nil {
		s.logger.Warn("explanation store read failed", "err", err)
	}
	if err != nil || !ok {
		return false
	}
	if len(raw) > maxStoredRecord {
		s.stats.invalid.Add(1)
		return false
	}
	rec := record[any]{Value: v}
	if err := json.Unmarshal(raw, &rec); err != nil || rec.Format != recordFormat {
		s.logger.Debug("ignoring stored explanation", "key", k, "err", err)
		s.stats.invalid.Add(1)
		return false
	}
	return true
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
	fs := &FileSummary{}
	if !r.s.getRecord(ctx, k, fs) {
		return nil, false
	}
	if err := checkFileSummary(fs); err != nil {
		r.s.logger.Debug("ignoring stored explanation", "key", k, "err", err)
		r.s.stats.invalid.Add(1)
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
