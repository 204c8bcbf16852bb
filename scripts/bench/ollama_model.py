#!/usr/bin/env python3
"""Writes the fp32 ONNX decoder of scripts/fixtures/gen_qwen2.py as a Hugging
Face safetensors checkpoint that `ollama create` imports: model.safetensors
(float16, Hugging Face tensor names, tied embeddings), config.json,
tokenizer.json and tokenizer_config.json with a plain ChatML template (which
Ollama recognises). EOS is the tokenizer's <|im_end|> (the bench model carries the real Qwen tokenizer
over the generated one); the embedding rows of the EOS tokens are zeroed so that
random weights do not end replies early; speed does not depend on the values.

Debian packages: python3-onnx python3-numpy
Usage: ollama_model.py MODEL_DIR OUT_DIR   (MODEL_DIR holds onnx/model.onnx)
"""

import json
import os
import re
import shutil
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

CHATML = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
    " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
ATTN, MLP = {"q_proj", "k_proj", "v_proj", "o_proj"}, {"gate_proj", "up_proj", "down_proj"}


def hf_name(onnx_name):
    """The Hugging Face name of an initializer or MatMul node, or None for the tied head."""
    if onnx_name in ("embed_tokens.weight", "norm.weight"):
        return "model." + onnx_name
    m = re.fullmatch(r"layers\.(\d+)\.(\w+)\.(weight|bias)", onnx_name)
    if m:
        layer, mod, kind = m.groups()
        sub = "self_attn." if mod in ATTN else ""
        return f"model.layers.{layer}.{sub}{mod}.{kind}"
    m = re.fullmatch(r"/layers\.(\d+)/(\w+)/MatMul", onnx_name)
    if m:
        layer, mod = m.groups()
        sub = "self_attn." if mod in ATTN else "mlp." if mod in MLP else None
        return f"model.layers.{layer}.{sub}{mod}.weight" if sub else None
    return None


def tensors(model, eos):
    inits = {t.name: t for t in model.graph.initializer}
    out = {}
    for name, t in inits.items():
        if hf_name(name):
            out[hf_name(name)] = numpy_helper.to_array(t)
    for node in model.graph.node:
        if node.op_type == "MatMul" and node.input[1] in inits and hf_name(node.name):
            out[hf_name(node.name)] = numpy_helper.to_array(inits[node.input[1]]).T  # [in, out] -> [out, in]
    emb = out["model.embed_tokens.weight"].copy()
    emb[eos] = 0
    out["model.embed_tokens.weight"] = emb
    return {k: np.ascontiguousarray(v.astype(np.float16)) for k, v in out.items()}


def write_safetensors(path, ts):
    header, offset = {}, 0
    for name in sorted(ts):
        n = ts[name].nbytes
        header[name] = {"dtype": "F16", "shape": list(ts[name].shape), "data_offsets": [offset, offset + n]}
        offset += n
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for name in sorted(ts):
            f.write(ts[name].tobytes())


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "tokenizer_config.json")) as f:
        tok_cfg = json.load(f)
    with open(os.path.join(src, "tokenizer.json")) as f:
        added = {a["content"]: a["id"] for a in json.load(f)["added_tokens"]}
    eos = [added["<|im_end|>"], added["<|endoftext|>"]]
    ts = tensors(onnx.load(os.path.join(src, "onnx", "model.onnx")), eos)
    write_safetensors(os.path.join(out, "model.safetensors"), ts)
    with open(os.path.join(src, "config.json")) as f:
        cfg = json.load(f)
    cfg.update(torch_dtype="float16", eos_token_id=eos[0], bos_token_id=eos[1])
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    tok_cfg["chat_template"] = CHATML
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump(tok_cfg, f, indent=1)
    shutil.copy(os.path.join(src, "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    print(f"ollama_model: {len(ts)} tensors -> {out}")


if __name__ == "__main__":
    main()
