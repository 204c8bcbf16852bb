#!/bin/bash
# Benchmarks `summarizer-lsp explain` on a copy of the Go standard library's
# src/ with the built-in engine: src/net and all of src/, cold (empty cache)
# and warm, then again after one function of net/http/server.go changed.
# Prints each run's counts, wall time, peak RSS and CPU share.
#
# Usage: scripts/bench/explain-tree.sh [WORKDIR]   (default /tmp/explain-bench)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/explain-bench}
bin=$work/summarizer-lsp
rm -rf "$work" && mkdir -p "$work"
(cd "$repo" && go build -o "$bin" ./cmd/summarizer-lsp)
cp -r "$(go env GOROOT)/src" "$work/src"

run() { # name cache-name path
  /usr/bin/time -f "$1: wall %e s, peak RSS %M KB, CPU %P" \
    "$bin" explain --cache-dir "$work/cache-$2" "$3" >"$work/out-$1.md" 2>"$work/err-$1.txt" || {
    cat "$work/err-$1.txt"
    exit 1
  }
  grep -h -E "^$work|wall" "$work/err-$1.txt"
}

run net-cold net "$work/src/net"
run net-warm net "$work/src/net"
run src-cold src "$work/src"
run src-warm src "$work/src"
# One function changes: (*response).WriteHeader gets one more statement.
sed -i 's/^func (w \*response) WriteHeader(code int) {$/&\n\t_ = code/' "$work/src/net/http/server.go"
grep -q -A1 '^func (w \*response) WriteHeader(code int) {$' "$work/src/net/http/server.go"
run src-one-change src "$work/src"
run net-one-change net "$work/src/net"
