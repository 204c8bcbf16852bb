// Finding the summarizer-lsp binary and the settings it is started with.
import * as fs from "fs";
import * as path from "path";
import * as vscode from "vscode";

export const SECTION = "summarizer";

// Languages the server has grammars for, as VS Code language ids.
export const LANGUAGES = [
  "go", "python", "javascript", "typescript", "typescriptreact", "rust",
  "java", "c", "cpp", "csharp", "ruby", "php",
];

// Server setting names, as in the server's Config
// (inference/service/config.go). The other summarizer.* settings
// (serverPath, offerModelDownload) are the extension's.
const SERVER_SETTINGS = [
  "engine", "summaryLanguage", "modelPath", "modelVariant", "provider", "onnxruntimeLib",
  "endpoint", "remoteModel", "apiKeyEnv", "headers", "requestTimeoutMs", "keepAlive", "contextTokens",
  "slots", "hoverBudgetMs", "maxNewTokens", "samplingStrategy", "temperature", "topK", "topP",
  "seed", "numBeams", "cacheDir", "cacheUrl", "cachePasswordEnv", "cachePrefix", "cacheTtlSeconds",
  "cacheReadTimeoutMs", "cacheBatchTimeoutMs", "codeLens", "lensRepeatsDocComment",
  "backgroundSummaries", "logLevel",
];

// RESTRICTED are the settings a folder the user has not trusted may not set
// (package.json's restrictedConfigurations): each names a program, library,
// directory, server, credential or environment variable, which would let
// the folder run its code, read the user's secrets or receive their code.
export const RESTRICTED = [
  "serverPath", "onnxruntimeLib", "modelPath", "cacheDir",
  "endpoint", "apiKeyEnv", "headers", "cacheUrl", "cachePasswordEnv",
];

// API_KEY_ENV is the environment variable the extension gives the server the
// key stored with "Summarizer: Set API Key" in.
export const API_KEY_ENV = "SUMMARIZER_API_KEY";

// setting is summarizer.<key>. In a workspace that is not trusted, a
// restricted setting comes from the user's settings (or its default) only:
// VS Code already leaves the folder's value out, and this holds whatever
// form the folder's settings file takes.
export function setting<T>(key: string): T | undefined {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  if (vscode.workspace.isTrusted || !RESTRICTED.includes(key)) {
    return cfg.get<T>(key);
  }
  const i = cfg.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

// serverSettings is the summarizer.* configuration the server understands,
// with "~" expanded in paths. Empty strings are left out so the server keeps
// its own defaults for them; apiKeyEnv defaults to API_KEY_ENV when a key is
// stored (hasApiKey). clientDisplaysResults is not a user setting: the
// extension shows the explain commands' markdown itself (extension.ts), so
// the server must not also show a message or open a document.
export function serverSettings(hasApiKey: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    let value = setting(key);
    if (typeof value === "string") {
      if (value === "") {
        continue;
      }
      value = expandHome(value);
    }
    if (value !== undefined) {
      out[key] = value;
    }
  }
  if (hasApiKey && out.apiKeyEnv === undefined) {
    out.apiKeyEnv = API_KEY_ENV;
  }
  out.clientDisplaysResults = true;
  return out;
}

export function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) {
    return path.join(process.env.HOME ?? "", p.slice(1));
  }
  return p;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface ServerLocation {
  path?: string;
  // Where the extension looked, for the "not found" message.
  tried: string[];
}

// findServer looks at summarizer.serverPath (the user's, or the folder's
// once trusted), then the binary shipped in the extension
// (bin/summarizer-lsp), then PATH.
export function findServer(extensionPath: string): ServerLocation {
  const exe = process.platform === "win32" ? "summarizer-lsp.exe" : "summarizer-lsp";
  const tried: string[] = [];
  const configured = setting<string>("serverPath") ?? "";
  if (configured !== "") {
    const p = expandHome(configured);
    tried.push(`summarizer.serverPath (${p})`);
    return isExecutable(p) ? { path: p, tried } : { tried };
  }
  const bundled = path.join(extensionPath, "bin", exe);
  tried.push(`the extension (${bundled})`);
  if (isExecutable(bundled)) {
    return { path: bundled, tried };
  }
  // Relative entries ("." among them) would find a binary in whatever
  // directory the extension host runs in: only absolute ones count.
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => path.isAbsolute(d));
  tried.push("PATH");
  for (const dir of dirs) {
    const p = path.join(dir, exe);
    if (isExecutable(p)) {
      return { path: p, tried };
    }
  }
  return { tried };
}
