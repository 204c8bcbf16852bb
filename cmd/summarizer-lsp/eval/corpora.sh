#!/bin/sh
# Fetches the corpora the heuristic engine's eval figures were measured on
# into $SUMMARIZER_DEPS/eval (default <repo>/.cache/deps/eval). Idempotent and
# non-interactive. Needs npm (registry access) and, for Java, a JDK's
# lib/src.zip (Debian: openjdk-17-jdk-headless + openjdk-17-source) and unzip.
# The Go and Python corpora are the toolchains' own sources:
# $(go env GOROOT)/src and /usr/lib/python3.*. Only for measurements: no test
# needs these files.
#
# Tuning used golang.org/x/tools (module cache), Debian's Python
# dist-packages, express's dependencies + commander from here, npm's own
# dependencies (/usr/lib/node_modules/npm) and, for Java, java.sql,
# java.logging and javax.xml.stream of another JDK's src.zip; the
# held-out figures are the Go and Python standard libraries, java.base,
# lodash and rxjs/src.
set -eu
repo=$(cd "$(dirname "$0")/../../.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
dir=$deps/eval
mkdir -p "$dir"

# JavaScript / TypeScript: well-documented packages, pinned.
js=$dir/js
if [ ! -f "$js/.done" ]; then
	mkdir -p "$js"
	(cd "$js" && npm init -y >/dev/null &&
		npm install --no-audit --no-fund --ignore-scripts \
			lodash@4.17.21 express@4.21.2 commander@12.1.0 rxjs@7.8.1 >/dev/null)
	touch "$js/.done"
fi

# Java: java.base from the JDK sources.
java=$dir/java
if [ ! -f "$java/.done" ]; then
	src=""
	for z in /usr/lib/jvm/*/lib/src.zip; do
		[ -f "$z" ] && src=$z && break
	done
	if [ -z "$src" ]; then
		echo "corpora.sh: no JDK src.zip found (apt-get install openjdk-17-source); skipping Java" >&2
	else
		mkdir -p "$java"
		unzip -q -o "$src" 'java.base/java/util/*' 'java.base/java/io/*' 'java.base/java/lang/*' -d "$java"
		touch "$java/.done"
	fi
fi
echo "$dir"
