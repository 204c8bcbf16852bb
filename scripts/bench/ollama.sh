#!/usr/bin/env bash
# Serves BenchmarkSummaries' workload on a real Ollama server, for each
# quantization, one JSON line each (scripts/bench/ollama.mjs). Needs the
# Ollama build of scripts/ollama/build.sh (native CPU flags), the bench model
# of scripts/bench/setup.sh, python3-onnx, python3-numpy and node.
#
# The server log goes to $SUMMARIZER_DEPS/ollama-bench-serve.log.
# Usage: scripts/bench/ollama.sh; STREAMS=10 PROMPT_TOKENS=256 NEW_TOKENS=32
#        QUANTS="f16 q8_0 q4_K_M"
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
ollama=$deps/ollama/bin/ollama
model=$deps/models/qwen2.5-0.5b-shape
hf=$deps/models/qwen2.5-0.5b-shape-hf
streams=${STREAMS:-10}
[[ -x $ollama ]] || { echo "ollama.sh: no $ollama: run scripts/ollama/build.sh" >&2; exit 1; }
[[ -f $model/onnx/model.onnx ]] || { echo "ollama.sh: no $model: run scripts/bench/setup.sh" >&2; exit 1; }
[[ -f $hf/model.safetensors ]] || /usr/bin/python3 "$here/ollama_model.py" "$model" "$hf"

work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/home" "$deps/ollama-models"
HOME=$work/home OLLAMA_HOST=127.0.0.1:$port OLLAMA_MODELS=$deps/ollama-models OLLAMA_NUM_PARALLEL=$streams \
	OLLAMA_NO_CLOUD=1 OLLAMA_KEEP_ALIVE=-1 "$ollama" serve >"$deps/ollama-bench-serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/version" >/dev/null 2>&1 && break; sleep 0.1; done
export OLLAMA_HOST=127.0.0.1:$port HOME=$work/home
echo "FROM $hf" >"$work/Modelfile"
for q in ${QUANTS:-f16 q8_0 q4_K_M}; do
	if ! "$ollama" list | grep -q "^shape-$q:"; then
		if [[ $q == f16 ]]; then
			"$ollama" create "shape-$q" -f "$work/Modelfile" >&2
		else
			"$ollama" create "shape-$q" --quantize "$q" -f "$work/Modelfile" >&2
		fi
	fi
	echo "# $(date -u +%FT%TZ) ollama shape-$q, load $(cut -d' ' -f1 /proc/loadavg)" >&2
	node "$here/ollama.mjs" "127.0.0.1:$port" "shape-$q" --streams "$streams" \
		--prompt-tokens "${PROMPT_TOKENS:-256}" --new-tokens "${NEW_TOKENS:-32}" --server-pid "$pid"
	"$ollama" stop "shape-$q" >&2 || true
done
