#!/usr/bin/env bash
# Prepares the side-by-side decode benchmark (scripts/bench/run.sh):
#   1. ONNX Runtime for the Go side (scripts/fetch-onnxruntime.sh);
#   2. a Qwen2.5-0.5B-Instruct shape-identical model with random weights,
#      fp32 (onnx/model.onnx + model.onnx_data, 2.4 GB), int4
#      (onnx/model_q4.onnx, MatMulNBits), int8 (onnx/model_quantized.onnx,
#      MatMulInteger) and fp16 (onnx/model_fp16.onnx), in
#      $SUMMARIZER_DEPS/models/qwen2.5-0.5b-shape,
#      with the real Qwen tokenizer (scripts/fetch-qwen-tokenizer.sh);
#   3. transformers.js and its onnxruntime-node in scripts/bench/node_modules.
# Needs: apt packages python3-torch python3-onnx python3-numpy libopenblas0-pthread
# npm; ~6 GB of memory and ~2 minutes on 2 cores. Idempotent, non-interactive.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
model=$deps/models/qwen2.5-0.5b-shape
python=${PYTHON:-/usr/bin/python3}

"$repo/scripts/fetch-onnxruntime.sh"
"$repo/scripts/fetch-qwen-tokenizer.sh"

if [[ ! -f $model/onnx/model.onnx_data ]]; then
	rm -rf "$model"
	"$python" "$repo/scripts/fixtures/gen_qwen2.py" qwen2.5-0.5b "$model"
fi
if [[ ! -f $model/onnx/model_q4.onnx ]]; then
	"$python" "$repo/scripts/fixtures/quantize_q4.py" "$model/onnx/model.onnx" "$model/onnx/model_q4.onnx"
fi
if [[ ! -f $model/onnx/model_quantized.onnx_data ]]; then
	"$python" "$repo/scripts/fixtures/quantize_int8.py" "$model/onnx/model.onnx" "$model/onnx/model_quantized.onnx"
fi
if [[ ! -f $model/onnx/model_fp16.onnx_data ]]; then
	"$python" "$repo/scripts/fixtures/convert_fp16.py" "$model/onnx/model.onnx" "$model/onnx/model_fp16.onnx"
fi
cp "$deps/qwen-tokenizer/tokenizer.json" "$deps/qwen-tokenizer/tokenizer_config.json" "$model/"

if [[ ! -d $here/node_modules/@huggingface/transformers ]]; then
	(cd "$here" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund)
fi
echo "bench setup: model in $model"
