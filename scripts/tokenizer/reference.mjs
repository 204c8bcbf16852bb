// Write the reference token ids that inference/tokenizer's parity test checks:
// testdata/reference/<name>.json.gz for the Qwen3 tokenizer (fetched by
// scripts/fetch-qwen-tokenizer.sh) and for each variant (testdata/variants.json)
// of the small generated tokenizer (testdata/small). The reference is
// transformers.js (@huggingface/transformers, pinned in package.json).
// Usage: node reference.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { testdata, qwenDir, corpusFiles, readCorpus, loadTokenizer } from './common.mjs';

const hard = JSON.parse(fs.readFileSync(path.join(testdata, 'hardcases.json'), 'utf8'));
const files = corpusFiles();
// The variants are checked on the first file of each language.
const firstPerLang = files.filter((f, i) => i === 0 || f.split('/')[0] !== files[i - 1].split('/')[0]);

const chats = [
    { messages: [{ role: 'system', content: 'You explain code.' }, { role: 'user', content: 'Explain:\nfunc f() {}' }], add_generation_prompt: true },
    { messages: [{ role: 'user', content: 'Hi <|im_end|> there' }], add_generation_prompt: true },
    { messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'U1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'U2' }], add_generation_prompt: true },
    { messages: [{ role: 'user', content: 'no prompt' }], add_generation_prompt: false },
];

// A small deterministic PRNG (mulberry32) for the random decode cases.
function rng(seed) {
    return () => {
        seed = (seed + 0x6D2B79F5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function run(tok, sources) {
    const cases = sources.map(([source, text]) => {
        const ids = tok.encode(text, { add_special_tokens: false });
        const c = { source, ids };
        const withSpecial = tok.encode(text, { add_special_tokens: true });
        if (JSON.stringify(withSpecial) !== JSON.stringify(ids)) c.ids_special = withSpecial;
        if (ids.length > 0) {
            const decoded = tok.decode(ids, { skip_special_tokens: false });
            const skipped = tok.decode(ids, { skip_special_tokens: true });
            if (decoded !== text) c.decoded = decoded;
            if (skipped !== decoded) c.decoded_skip = skipped;
        }
        return c;
    });
    const next = rng(42);
    const size = tok._tokenizer.model.vocab.length;
    const random_decode = [];
    for (let i = 0; i < 300; i++) {
        const n = 1 + Math.floor(next() * 6);
        const ids = Array.from({ length: n }, () => Math.floor(next() * size));
        random_decode.push({
            ids,
            text: tok.decode(ids, { skip_special_tokens: false }),
            text_skip: tok.decode(ids, { skip_special_tokens: true }),
        });
    }
    const chat = chats.map((c) => ({
        ...c,
        text: tok.apply_chat_template(c.messages, { tokenize: false, add_generation_prompt: c.add_generation_prompt }),
    }));
    return { cases, random_decode, chat };
}

function write(name, data) {
    const dir = path.join(testdata, 'reference');
    fs.mkdirSync(dir, { recursive: true });
    const gz = zlib.gzipSync(JSON.stringify(data), { level: 9 });
    fs.writeFileSync(path.join(dir, name + '.json.gz'), gz);
    const n = data.cases.reduce((s, c) => s + c.ids.length, 0);
    console.error(`${name}: ${data.cases.length} texts, ${n} ids, ${gz.length} bytes`);
}

const hardSources = hard.map((t, i) => [`hard:${i}`, t]);
const corpusSources = (list) => list.map((f) => [`corpus:${f}`, readCorpus(f)]);

if (!fs.existsSync(path.join(qwenDir, 'tokenizer.json'))) {
    console.error(`missing ${qwenDir}: run scripts/fetch-qwen-tokenizer.sh`);
    process.exit(1);
}
const qwen = await loadTokenizer(qwenDir);
write('qwen3', run(qwen, [...hardSources, ...corpusSources(files)]));

const small = path.join(testdata, 'small');
const baseTok = JSON.parse(fs.readFileSync(path.join(small, 'tokenizer.json'), 'utf8'));
const baseCfg = JSON.parse(fs.readFileSync(path.join(small, 'tokenizer_config.json'), 'utf8'));
const variants = JSON.parse(fs.readFileSync(path.join(testdata, 'variants.json'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokref-'));
for (const v of variants) {
    const tokJSON = { ...baseTok, ...(v.tokenizer ?? {}), model: { ...baseTok.model, ...(v.model ?? {}) } };
    const cfgJSON = { ...baseCfg, ...(v.config ?? {}) };
    const dir = path.join(tmp, v.name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokJSON));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(cfgJSON));
    const tok = await loadTokenizer(dir);
    const list = v.name === 'base' ? files : firstPerLang;
    write('small-' + v.name, run(tok, [...hardSources, ...corpusSources(list)]));
}
fs.rmSync(tmp, { recursive: true });
