// transformers.js side of the side-by-side benchmark: greedy generation of
// exactly --new-tokens tokens (EOS ignored) after --prompt-tokens random ids,
// for each batch size, on the same model directory as `summarizer-lsp bench`.
// Prints one JSON line per batch size with the Go bench's field names.
//
// Usage: node bench.mjs MODEL_DIR [--prompt-tokens 256] [--new-tokens 64]
//        [--slots 1,10] [--threads N] [--dtype fp32|q4]
// Setup: (cd scripts/bench && ONNXRUNTIME_NODE_INSTALL=skip npm ci)
import fs from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';

const args = process.argv.slice(2);
const dir = path.resolve(args[0] ?? '');
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const promptTokens = Number(opt('prompt-tokens', 256));
const newTokens = Number(opt('new-tokens', 64));
const slots = opt('slots', '1,10').split(',').map(Number);
const threads = Number(opt('threads', 0));
const dtype = opt('dtype', 'fp32'); // fp32: onnx/model.onnx, q4: onnx/model_q4.onnx
if (!fs.existsSync(path.join(dir, 'config.json'))) {
  console.error(`usage: node bench.mjs MODEL_DIR ...: no config.json in ${dir}`);
  process.exit(2);
}

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(dir) + '/';
const file = dtype === 'fp32' ? 'model.onnx' : `model_${dtype}.onnx`;
const external = fs.existsSync(path.join(dir, 'onnx', `${file}_data`));
const session_options = threads > 0 ? { intraOpNumThreads: threads } : {};
const model = await AutoModelForCausalLM.from_pretrained(path.basename(dir), {
  dtype, device: 'cpu', use_external_data_format: external, session_options,
});
const vocab = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'))).vocab_size;

let seed = 12345;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const pkg = (name) => JSON.parse(fs.readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url)));

async function run(batch, prompt, n) {
  const ids = new BigInt64Array(batch * prompt);
  for (let i = 0; i < ids.length; i++) ids[i] = BigInt(rand(Math.min(vocab, 150000)));
  const times = [];
  const streamer = { put: () => times.push(performance.now()), end: () => {} };
  const start = performance.now();
  await model.generate({
    input_ids: new Tensor('int64', ids, [batch, prompt]),
    attention_mask: new Tensor('int64', new BigInt64Array(batch * prompt).fill(1n), [batch, prompt]),
    max_new_tokens: n, min_new_tokens: n, do_sample: false, eos_token_id: -1, streamer,
  });
  // times[0]: the prompt; times[1]: the first new token; times[n]: the last.
  return { start, first: times[1], last: times[times.length - 1], tokens: times.length - 1 };
}

await run(1, Math.min(16, promptTokens), 2); // warm-up
for (const batch of slots) {
  const r = await run(batch, promptTokens, newTokens);
  const decode = (batch * (r.tokens - 1)) / ((r.last - r.first) / 1000);
  console.log(JSON.stringify({
    slots: batch, promptTokens, newTokens,
    timeToFirstTokenMs: r.first - r.start,
    prefillTokensPerSec: (batch * promptTokens) / ((r.first - r.start) / 1000),
    decodeTokensPerSec: decode, decodeTokensPerSecPerSlot: decode / batch,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    engine: `transformers.js ${pkg('@huggingface/transformers').version}`,
    onnxruntime: pkg('onnxruntime-node').version,
  }));
}
