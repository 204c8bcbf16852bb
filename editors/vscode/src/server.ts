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

// Server setting names, as in the server's Config (lsp/config.go). The other
// summarizer.* settings (serverPath, offerModelDownload) are the extension's.
const SERVER_SETTINGS = [
  "engine", "modelPath", "modelVariant", "provider", "onnxruntimeLib", "slots",
  "hoverBudgetMs", "maxNewTokens", "samplingStrategy", "temperature", "topK", "topP",
  "seed", "numBeams", "cacheDir", "codeLens", "backgroundSummaries", "logLevel",
  "cacheUrl", "cachePasswordEnv", "cachePrefix", "cacheTtlSeconds",
];

// serverSettings is the summarizer.* configuration the server understands,
// with "~" expanded in paths. Empty strings are left out so the server keeps
// its own defaults for them. clientDisplaysResults is not a user setting: the
// extension shows the explain commands' markdown itself (extension.ts), so
// the server must not also show a message or open a document.
export function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    let value = cfg.get(key);
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

// findServer looks at summarizer.serverPath, then the binary shipped in the
// extension (bin/summarizer-lsp), then PATH.
export function findServer(extensionPath: string): ServerLocation {
  const exe = process.platform === "win32" ? "summarizer-lsp.exe" : "summarizer-lsp";
  const tried: string[] = [];
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("serverPath", "");
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
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
  tried.push("PATH");
  for (const dir of dirs) {
    const p = path.join(dir, exe);
    if (isExecutable(p)) {
      return { path: p, tried };
    }
  }
  return { tried };
}
