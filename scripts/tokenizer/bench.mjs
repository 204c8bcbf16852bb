// Benchmark the transformers.js reference on the parity corpus, the same
// corpus as `go test -bench EncodeQwen3 ./inference/tokenizer/`: the time and
// memory to load the Qwen3 tokenizer, then encode throughput (whole corpus
// per pass, one thread). Rates are given per second of wall time and of
// process CPU time (steadier on a shared machine).
// Usage: node bench.mjs [passes]   (default 5)
import { performance } from 'node:perf_hooks';
import { qwenDir, corpusFiles, readCorpus, loadTokenizer } from './common.mjs';

const passes = Number(process.argv[2] ?? 5);
const texts = corpusFiles().map(readCorpus);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

const cpuSeconds = (u) => (u.user + u.system) / 1e6;
const rss0 = process.memoryUsage().rss;
let t0 = performance.now();
let c0 = process.cpuUsage();
const tok = await loadTokenizer(qwenDir);
const loadMs = performance.now() - t0;
const loadCPU = cpuSeconds(process.cpuUsage(c0)) * 1000;
const rss1 = process.memoryUsage().rss;
console.log(`load: ${loadMs.toFixed(0)} ms wall, ${loadCPU.toFixed(0)} ms CPU, ` +
    `RSS ${(rss1 / 2 ** 20).toFixed(0)} MiB (+${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB)`);

for (let p = 0; p < passes; p++) {
    let tokens = 0;
    t0 = performance.now();
    c0 = process.cpuUsage();
    for (const t of texts) tokens += tok.encode(t, { add_special_tokens: false }).length;
    const s = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(process.cpuUsage(c0));
    console.log(`pass ${p + 1}: ${tokens} tokens, ${bytes} bytes in ${(s * 1000).toFixed(0)} ms: ` +
        `${Math.round(tokens / s)} tokens/s, ${Math.round(tokens / cpu)} tokens/cpu-s, ${(bytes / s / 1e6).toFixed(2)} MB/s`);
}
