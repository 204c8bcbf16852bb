// Serves N summary-shaped requests that arrive together on a running Ollama
// server, as BenchmarkSummaries does on the Go engine: a raw prompt of the
// shared ChatML system prefix followed by unique filler text, PROMPT tokens
// in all (calibrated with the server's prompt_eval_count), then NEW greedy
// tokens. One warm-up round first (it loads the model and lets every slot
// cache the shared prefix, as Ollama does for repeated prompts). Prints one
// JSON line: summaries/min and the mean time to first token.
//
// Usage: node ollama.mjs HOST MODEL --streams 10 --prompt-tokens 256 --new-tokens 32
const [host, model, ...rest] = process.argv.slice(2);
const opt = { streams: 10, 'prompt-tokens': 256, 'new-tokens': 32 };
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = Number(rest[i + 1]);
const system = '<|im_start|>system\nYou are an expert programmer who explains code to other programmers.<|im_end|>\n<|im_start|>user\n';
const words = 'open file read write close buffer parse token value error return index count table cache entry'.split(' ');

function filler(seed, n) {
  let x = seed * 2654435761 % 4294967296, out = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(words[x % words.length] + (x % 7));
  }
  return out.join(' ');
}

async function generate(prompt, numPredict) {
  const start = performance.now();
  const res = await fetch(`http://${host}/api/generate`, {
    method: 'POST',
    body: JSON.stringify({ model, prompt, raw: true, stream: true, keep_alive: -1,
      options: { num_predict: numPredict, temperature: 0, seed: 1, num_ctx: opt['prompt-tokens'] + opt['new-tokens'] + 64 } }),
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  let first = null, last = null, buf = '';
  const dec = new TextDecoder();
  for await (const chunk of res.body) {
    buf += dec.decode(chunk, { stream: true });
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (msg.error) throw new Error(msg.error);
      if (first === null && !msg.done) first = performance.now();
      if (msg.done) last = msg;
    }
  }
  return { ttft: (first ?? performance.now()) - start, wall: performance.now() - start,
    promptTokens: last.prompt_eval_count, evalCount: last.eval_count };
}

// Calibrate the filler length to the target prompt length.
let n = opt['prompt-tokens'];
for (let i = 0; i < 3; i++) {
  const r = await generate(system + filler(999, n), 1);
  n = Math.max(1, Math.round(n * (opt['prompt-tokens'] - 30) / Math.max(1, r.promptTokens - 30)));
}
const round = async (base) => {
  const start = performance.now();
  const rs = await Promise.all(Array.from({ length: opt.streams }, (_, i) => generate(system + filler(base + i, n), opt['new-tokens'])));
  return { wall: performance.now() - start, rs };
};
await round(1000);
const { wall, rs } = await round(2000);
console.log(JSON.stringify({
  engine: 'ollama', model, streams: opt.streams, promptTokens: rs.map(r => r.promptTokens), newTokens: rs.map(r => r.evalCount),
  summariesPerMin: opt.streams / (wall / 60000), meanTTFTs: rs.reduce((a, r) => a + r.ttft, 0) / rs.length / 1000, wallS: wall / 1000,
}));
