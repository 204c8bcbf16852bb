package analysis

import "testing"

// TestFileDoc checks FileInfo.Doc: the package doc above a Go package
// clause, docstrings, leading file comments, and never a license header.
func TestFileDoc(t *testing.T) {
	tests := []struct {
		name, lang, src, want string
	}{
		{"go header and package doc", "go",
			"// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\n// Package foo does things.\npackage foo\n",
			"Package foo does things."},
		{"go multi-line package doc", "go",
			"// Copyright 2009 The Go Authors.\n\n// Package foo does things.\n//\n// More here.\npackage foo\n\nfunc F() {}\n",
			"Package foo does things.\nMore here."}, // joinDocs drops empty comment lines
		{"go block package doc", "go",
			"/*\nCopyright 2020 X.\n*/\n\n/*\nPackage foo does things.\n*/\npackage foo\n",
			"Package foo does things."},
		{"go only header", "go",
			"// Copyright 2009 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n\npackage foo\n",
			""},
		{"go header directly above package", "go",
			"// SPDX-License-Identifier: MIT\npackage foo\n", ""},
		{"go comment not above package", "go",
			"// Package foo does things.\n\npackage foo\n", ""},
		{"go package doc only", "go",
			"// Package foo does things.\npackage foo\n", "Package foo does things."},
		{"go build tag then package doc", "go",
			"//go:build linux\n\n// Package foo does things.\npackage foo\n", "Package foo does things."},
		{"go build tag directly above package doc", "go",
			"// Copyright 2024 Someone\n\n// Package foo does things.\n//go:build linux\npackage foo\n", "Package foo does things."},
		{"go only build tag above package", "go",
			"// Copyright 2024 Someone\n\n//go:build linux\npackage foo\n", ""},
		{"python module docstring", "python",
			"\"\"\"Tools for things.\"\"\"\n\nimport os\n", "Tools for things."},
		{"python license then docstring", "python",
			"# Copyright (c) 2021 Someone\n# Licensed under the Apache License, Version 2.0\n\n\"\"\"Tools for things.\"\"\"\n\nimport os\n",
			"Tools for things."},
		{"python only license", "python",
			"# Copyright (c) 2021 Someone\n# Licensed under the Apache License, Version 2.0\n\nimport os\n", ""},
		{"python leading comment", "python",
			"# Tools for things.\n\nimport os\n", "Tools for things."},
		{"js license then jsdoc", "javascript",
			"/*!\n * lib v1.0\n * (c) 2024 Someone\n * @license MIT\n */\n\n/**\n * @file Parses the config.\n */\n\nimport fs from 'fs';\n\nfunction f() {}\n",
			"Parses the config."},
		{"js only license", "javascript",
			"/**\n * Copyright 2024 Someone\n * SPDX-License-Identifier: MIT\n */\n\nfunction f() {}\n", ""},
		{"js license then function doc", "javascript",
			"// Copyright 2024 Someone\n\n/** Adds. */\nfunction add(a, b) { return a + b }\n", ""},
		{"java license before package", "java",
			"/*\n * Licensed under the Apache License, Version 2.0 (the \"License\");\n */\npackage a.b;\n\nclass A {}\n", ""},
		{"java package-info", "java",
			"/*\n * Copyright 2024 Someone\n */\n\n/**\n * Utilities for a.b.\n */\npackage a.b;\n",
			"Utilities for a.b."},
		{"rust crate doc after license", "rust",
			"// SPDX-License-Identifier: Apache-2.0\n\n//! Crate docs.\n\nfn f() {}\n", "Crate docs."},
		{"c file comment", "c",
			"/* list.c: a linked list. */\n\nint f(void) { return 0; }\n", "list.c: a linked list."},
		{"window language license", "", "// Copyright 2024 Someone\nplain text\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi, err := Parse(tt.lang, []byte(tt.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if fi.Doc != tt.want {
				t.Errorf("Doc = %q, want %q", fi.Doc, tt.want)
			}
		})
	}
}

func TestIsLicense(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Copyright 2009 The Go Authors. All rights reserved.", true},
		{"copyright (c) Someone", true},
		{"SPDX-License-Identifier: MIT", true},
		{"Licensed under the Apache License, Version 2.0", true},
		{"lib v1\n@license MIT", true},
		{"Permission is hereby granted, free of charge, to any person", true},
		{"Package license checks license files.", false},
		{"Package copyrights tracks copyright notices.", false},
		{"Tools for things.", false},
	}
	for _, tt := range tests {
		if got := IsLicense(tt.text); got != tt.want {
			t.Errorf("IsLicense(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
