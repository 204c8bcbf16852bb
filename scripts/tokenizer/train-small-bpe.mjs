// Train a small GPT-2-style byte-level BPE tokenizer on the parity corpus and
// write it, Hugging Face layout, to inference/tokenizer/testdata/small/
// (tokenizer.json + tokenizer_config.json). Deterministic: the most frequent
// pair wins, ties go to the smaller "left right" string.
// Usage: node train-small-bpe.mjs [merges]   (default 1500)
import fs from 'node:fs';
import path from 'node:path';
import { testdata, corpusFiles, readCorpus } from './common.mjs';

const numMerges = Number(process.argv[2] ?? 1500);
const perFile = 30000; // characters of each corpus file used for training

// The GPT-2 byte-to-rune table.
const byteChar = [];
{
    let n = 0;
    for (let b = 0; b < 256; b++) {
        const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
        byteChar[b] = String.fromCodePoint(printable ? b : 256 + n++);
    }
}

const split = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
const enc = new TextEncoder();
const freq = new Map();
for (const f of corpusFiles()) {
    const text = readCorpus(f).slice(0, perFile);
    for (const m of text.matchAll(split)) {
        const w = Array.from(enc.encode(m[0]), (b) => byteChar[b]).join('');
        freq.set(w, (freq.get(w) ?? 0) + 1);
    }
}
const words = [...freq.entries()].map(([w, n]) => ({ syms: Array.from(w), n }));

const vocab = {};
byteChar.forEach((c, i) => { vocab[c] = i; });
let nextID = 256;
const merges = [];
for (let k = 0; k < numMerges; k++) {
    const counts = new Map();
    for (const { syms, n } of words) {
        for (let i = 0; i + 1 < syms.length; i++) {
            const key = syms[i] + ' ' + syms[i + 1];
            counts.set(key, (counts.get(key) ?? 0) + n);
        }
    }
    let best = null;
    let bestN = 0;
    for (const [key, n] of counts) {
        if (n > bestN || (n === bestN && key < best)) {
            best = key;
            bestN = n;
        }
    }
    if (best === null || bestN < 2) break;
    const [l, r] = best.split(' ');
    merges.push([l, r]);
    vocab[l + r] = nextID++;
    for (const w of words) {
        const out = [];
        for (let i = 0; i < w.syms.length; i++) {
            if (i + 1 < w.syms.length && w.syms[i] === l && w.syms[i + 1] === r) {
                out.push(l + r);
                i++;
            } else {
                out.push(w.syms[i]);
            }
        }
        w.syms = out;
    }
}

const added = [
    { content: '<|endoftext|>', special: true, normalized: false },
    { content: '<|im_start|>', special: true, normalized: false },
    { content: '<|im_end|>', special: true, normalized: false },
    { content: '[MASK]', special: true, normalized: false, lstrip: true, rstrip: true },
    { content: '<tool>', special: false, normalized: true },
].map((t) => ({
    id: nextID++, content: t.content, single_word: false, lstrip: t.lstrip ?? false,
    rstrip: t.rstrip ?? false, normalized: t.normalized, special: t.special,
}));

const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const tokenizer = {
    version: '1.0', truncation: null, padding: null, added_tokens: added,
    normalizer: null, pre_tokenizer: byteLevel, post_processor: byteLevel, decoder: byteLevel,
    model: {
        type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null,
        end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false,
        vocab, merges,
    },
};
const config = {
    add_prefix_space: false,
    bos_token: null,
    eos_token: '<|im_end|>',
    pad_token: '<|endoftext|>',
    unk_token: null,
    additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
    clean_up_tokenization_spaces: false,
    model_max_length: 2048,
    tokenizer_class: 'GPT2Tokenizer',
    chat_template: "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}" +
        "{{ '<|im_start|>system\\nYou are a tiny test model. Answer briefly.<|im_end|>\\n' }}{% endif %}" +
        "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
};
const out = path.join(testdata, 'small');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tokenizer, null, 1) + '\n');
fs.writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
console.error(`small tokenizer: ${merges.length} merges, ${nextID} ids, written to ${out}`);
