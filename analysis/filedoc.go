package analysis

import (
	"regexp"
	"slices"
	"strings"
)

// leadingDoc returns the file's doc comment from the comments no
// declaration claimed:
//
//   - where the package doc sits above the package clause (spec.pkgDoc: Go),
//     the comment block directly above the clause (at most one line break
//     between them), as go/doc reads it; a comment block elsewhere, such as
//     a license header separated by a blank line, is no package doc;
//   - elsewhere (and in a Go file without a package clause) the first
//     comment block at the start of the file, after any license headers:
//     "/*! MIT license */ /** @file Does X. */" gives "Does X.". Java keeps
//     its package doc in package-info.java, directly above the package
//     declaration, which this rule finds too, while the comment above
//     "package" in other Java files is usually a license and skipped.
//
// A block is the comments separated by at most one line break. A license
// header (see IsLicense) is never the file doc: without another block the
// doc is "".
func (x *extractor) leadingDoc(lv levelResult) string {
	blocks := x.commentBlocks(lv.loose)
	if x.sp.pkgDoc && lv.hasPkg {
		for _, b := range blocks {
			last := b[len(b)-1]
			if last.span.end <= lv.pkgStart && isSpace(x.src[last.span.end:lv.pkgStart], 1) {
				b = slices.DeleteFunc(b, isDirective)
				if doc := joinDocs(b); !IsLicense(doc) {
					return doc
				}
				return ""
			}
		}
		return ""
	}
	at := 0 // blocks must follow one another from the start of the file
	for _, b := range blocks {
		if !isSpace(x.src[at:b[0].span.start], 1<<30) {
			return ""
		}
		doc := joinDocs(b)
		if !IsLicense(doc) {
			return stripFileTag(doc)
		}
		at = b[len(b)-1].span.end
	}
	return ""
}

// isDirective reports whether a comment is a Go directive ("//go:build",
// "//go:generate", "// +build", "//line"), which go/doc leaves out of doc
// comments.
func isDirective(it item) bool {
	t := it.text
	return strings.HasPrefix(t, "//go:") || strings.HasPrefix(t, "// +build") || strings.HasPrefix(t, "//line ")
}

// commentBlocks groups the comments among loose, absolute and in source
// order, into blocks of comments separated by at most one line break.
func (x *extractor) commentBlocks(loose []item) [][]item {
	var blocks [][]item
	for _, it := range loose {
		if it.role != roleComment {
			continue
		}
		if n := len(blocks); n > 0 {
			prev := blocks[n-1][len(blocks[n-1])-1]
			if prev.span.end <= it.span.start && isSpace(x.src[prev.span.end:it.span.start], 1) {
				blocks[n-1] = append(blocks[n-1], it)
				continue
			}
		}
		blocks = append(blocks, []item{it})
	}
	return blocks
}

// licenseText matches what marks a comment as a license header rather
// than documentation.
var licenseText = regexp.MustCompile(`(?i)^\W*copyright\b|copyright\s+(\(c\)|©|\d{4})|©\s*\d{4}|spdx-license-identifier|licensed under|all rights reserved|permission is hereby granted|@license\b|@preserve\b|governed by .{0,40}licen[cs]e|under the terms of the`)

// IsLicense reports whether a cleaned comment text is a license header:
// Copyright lines, SPDX identifiers, "Licensed under ...", "All rights
// reserved", the MIT grant, JSDoc @license.
func IsLicense(doc string) bool { return licenseText.MatchString(doc) }

// stripFileTag drops a leading JSDoc file tag: "@file Does X." → "Does X.".
func stripFileTag(doc string) string {
	for _, tag := range []string{"@fileoverview", "@overview", "@file"} {
		if rest, ok := strings.CutPrefix(doc, tag); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\n') {
			return strings.TrimSpace(rest)
		}
	}
	return doc
}

func joinDocs(docs []item) string {
	parts := make([]string, 0, len(docs))
	for _, d := range docs {
		if t := cleanComment(d.text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}
