#!/usr/bin/env bash
# Side-by-side decode benchmark: `summarizer-lsp bench` (Go, onnxruntime_go +
# ONNX Runtime 1.24.1) and transformers.js (its own onnxruntime-node) on the
# same model files, one after the other in one run, JSON lines on stdout.
# Run scripts/bench/setup.sh first.
#
# Usage: scripts/bench/run.sh [MODEL_DIR] (default: the shape-identical
#        Qwen2.5-0.5B); VARIANT=fp32|q4 (default fp32), SLOTS=1,10,
#        PROMPT_TOKENS=256, NEW_TOKENS=64, REPEAT=1 (alternate the two engines
#        this many times: on a shared machine compare medians).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
model=$(cd "${1:-$deps/models/qwen2.5-0.5b-shape}" && pwd)
variant=${VARIANT:-fp32}
slots=${SLOTS:-1,10}
prompt=${PROMPT_TOKENS:-256}
new=${NEW_TOKENS:-64}
repeat=${REPEAT:-1}

[[ -d $here/node_modules/@huggingface/transformers ]] || { echo "run scripts/bench/setup.sh first" >&2; exit 1; }
echo "# $(date -u +%FT%TZ) $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB" >&2
(cd "$repo" && go build -o bin/summarizer-lsp ./cmd/summarizer-lsp)
for ((i = 1; i <= repeat; i++)); do
	echo "# round $i go, load $(cut -d' ' -f1 /proc/loadavg)" >&2
	ONNXRUNTIME_LIB=$deps/onnxruntime "$repo/bin/summarizer-lsp" bench --model "$model" --model-variant "$variant" \
		--slots "$slots" --prompt-tokens "$prompt" --new-tokens "$new" --json
	echo "# round $i transformers.js, load $(cut -d' ' -f1 /proc/loadavg)" >&2
	node "$here/bench.mjs" "$model" --dtype "$variant" --slots "$slots" --prompt-tokens "$prompt" --new-tokens "$new"
done
