// Model onboarding: offers `summarizer-lsp models pull` when no model is
// configured, and sets summarizer.modelPath to what it downloaded.
import { spawn } from "child_process";
import * as vscode from "vscode";
import { expandHome, SECTION } from "./server";

export const DEFAULT_MODEL = "onnx-community/Qwen2.5-Coder-0.5B-Instruct";
export const DEFAULT_VARIANT = "q4";

// pullModel runs `serverPath models pull name --variant variant` with a
// cancellable progress notification and returns the model directory it
// printed last on stdout.
export async function pullModel(serverPath: string, name: string, variant: string, log: vscode.OutputChannel): Promise<string> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${name} (${variant})`, cancellable: true },
    (progress, token) =>
      new Promise<string>((resolve, reject) => {
        const args = ["models", "pull", name, "--variant", variant];
        // Models live under the server's cache directory.
        const cacheDir = vscode.workspace.getConfiguration(SECTION).get<string>("cacheDir", "");
        if (cacheDir !== "") {
          args.push("--cache-dir", expandHome(cacheDir));
        }
        log.appendLine(`running ${serverPath} ${args.join(" ")}`);
        const proc = spawn(serverPath, args, { stdio: ["ignore", "pipe", "pipe"] });
        token.onCancellationRequested(() => proc.kill());
        let stdout = "";
        let lastReport = "";
        proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        proc.stderr.on("data", (d: Buffer) => {
          // The progress bar redraws with \r; report its latest state.
          const text = d.toString().replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
          const parts = text.split(/[\r\n]/).map((s) => s.trim()).filter((s) => s !== "");
          const last = parts[parts.length - 1];
          if (last && last !== lastReport) {
            lastReport = last;
            progress.report({ message: last });
          }
        });
        proc.on("error", reject);
        proc.on("close", (code) => {
          if (token.isCancellationRequested) {
            reject(new Error("download cancelled (run it again to resume)"));
          } else if (code !== 0) {
            reject(new Error(`models pull exited with ${code}: ${lastReport}`));
          } else {
            const lines = stdout.trim().split("\n");
            resolve(lines[lines.length - 1].trim());
          }
        });
      }),
  );
}

// downloadAndConfigure pulls the default model and points summarizer.modelPath at it.
export async function downloadAndConfigure(serverPath: string, log: vscode.OutputChannel): Promise<void> {
  try {
    const dir = await pullModel(serverPath, DEFAULT_MODEL, DEFAULT_VARIANT, log);
    const cfg = vscode.workspace.getConfiguration(SECTION);
    await cfg.update("modelPath", dir, vscode.ConfigurationTarget.Global);
    await cfg.update("modelVariant", DEFAULT_VARIANT, vscode.ConfigurationTarget.Global);
    vscode.window.showInformationMessage(`Summarizer: model ready in ${dir}.`);
  } catch (err) {
    vscode.window.showErrorMessage(`Summarizer: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// offerModel asks once per session, when the engine may use a model but none
// is configured, whether to download one.
export async function offerModel(serverPath: string, log: vscode.OutputChannel): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  if (!cfg.get<boolean>("offerModelDownload", true) || cfg.get<string>("engine") === "heuristic" || cfg.get<string>("modelPath")) {
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    "Summarizer is using its built-in engine. Download a small local model (Qwen2.5-Coder 0.5B, a few hundred MB) for better summaries?",
    "Download",
    "Choose Folder…",
    "Don't Ask Again",
  );
  if (choice === "Download") {
    await downloadAndConfigure(serverPath, log);
  } else if (choice === "Choose Folder…") {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: "Use this model" });
    if (picked && picked.length > 0) {
      await cfg.update("modelPath", picked[0].fsPath, vscode.ConfigurationTarget.Global);
    }
  } else if (choice === "Don't Ask Again") {
    await cfg.update("offerModelDownload", false, vscode.ConfigurationTarget.Global);
  }
}
