// Serves N summary-shaped requests that arrive together on a running Ollama
// server, as BenchmarkSummaries does on the Go engine: a raw prompt of the
// shared ChatML system prefix followed by unique filler text, PROMPT tokens
// in all (calibrated with the server's prompt_eval_count), then NEW tokens
// (sampled, see generate). With --server-pid, the server's CPU time (the
// process and its runners: user + system) is sampled every 20 ms as well, and the figures are
// also given per CPU-minute and on that CPU clock, as BenchmarkSummaries does.
// One warm-up round first (it loads the model and lets every slot
// cache the shared prefix, as Ollama does for repeated prompts). Prints one
// JSON line: summaries/min and the mean time to first token.
//
// Usage: node ollama.mjs HOST MODEL --streams 10 --prompt-tokens 256 --new-tokens 32 [--server-pid PID]
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';

const [host, model, ...rest] = process.argv.slice(2);
const opt = { streams: 10, 'prompt-tokens': 256, 'new-tokens': 32, 'server-pid': 0 };
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

// cpuSeconds is the CPU time of pid and its descendants (clock ticks of 10 ms).
function cpuSeconds(pid) {
  const stats = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
      stats.push({ pid: Number(d), ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch { /* the process ended */ }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) if (tree.has(s.ppid) && !tree.has(s.pid)) { tree.add(s.pid); grew = true; }
  }
  return stats.filter(s => tree.has(s.pid)).reduce((a, s) => a + s.cpu, 0);
}

// generate streams one completion (node:http: fetch gives up after 300 s
// without response headers, which a loaded server can exceed). It samples
// (temperature 1, top 40, a fixed seed) instead of decoding greedily: greedy
// decoding of random weights repeats one token, and Ollama ends a stream
// whose reply repeats a token more than 30 times without its final message
// ("token repeat limit", llm/server.go). Sampling costs little next to a
// decode step (Ollama scans every logit per token either way).
function generate(prompt, numPredict) {
  const start = performance.now();
  const body = JSON.stringify({ model, prompt, raw: true, stream: true, keep_alive: -1,
    options: { num_predict: numPredict, temperature: 1, top_k: 40, seed: 1, num_ctx: opt['prompt-tokens'] + opt['new-tokens'] + 64 } });
  const [hostname, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: '/api/generate', method: 'POST' }, (res) => {
      let first = null, last = null, buf = '';
      const take = (line) => {
        if (!line.trim()) return;
        const msg = JSON.parse(line);
        if (msg.error) throw new Error(msg.error);
        if (first === null && !msg.done) first = performance.now();
        if (msg.done) last = msg;
      };
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let nl;
        try {
          while ((nl = buf.indexOf('\n')) >= 0) {
            take(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
          }
        } catch (err) { reject(err); }
      });
      res.on('end', () => {
        try { take(buf); } catch (err) { return reject(err); }
        if (res.statusCode !== 200 || last === null) return reject(new Error(`${model}: status ${res.statusCode}, stream ended without its final message`));
        const t = first ?? performance.now();
        resolve({ firstAt: t, ttft: t - start, wall: performance.now() - start,
          promptTokens: last.prompt_eval_count, evalCount: last.eval_count });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
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
const samples = [];
const sample = () => samples.push({ t: performance.now(), cpu: opt['server-pid'] ? cpuSeconds(opt['server-pid']) : 0 });
sample();
const ticker = setInterval(sample, 20);
const { wall, rs } = await round(2000);
clearInterval(ticker);
sample();
const cpuAt = (t) => {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1], b = samples[i];
    if (t <= b.t) return a.cpu + (b.cpu - a.cpu) * (t - a.t) / Math.max(1e-9, b.t - a.t);
  }
  return samples[samples.length - 1].cpu;
};
const cpu = samples[samples.length - 1].cpu - samples[0].cpu;
console.log(JSON.stringify({
  engine: 'ollama', model, streams: opt.streams, promptTokens: rs.map(r => r.promptTokens), newTokens: rs.map(r => r.evalCount),
  summariesPerMin: opt.streams / (wall / 60000), meanTTFTs: rs.reduce((a, r) => a + r.ttft, 0) / rs.length / 1000, wallS: wall / 1000,
  ...(opt['server-pid'] ? {
    cpuS: cpu, summariesPerCPUMin: opt.streams / (cpu / 60),
    meanTTFTCPUs: rs.reduce((a, r) => a + cpuAt(r.firstAt) - samples[0].cpu, 0) / rs.length,
  } : {}),
}));
