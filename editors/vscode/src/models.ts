// Model onboarding: offers `summarizer-lsp models pull` when no model is
// configured, and sets summarizer.modelPath to what it downloaded.
import { spawn } from "child_process";
import * as vscode from "vscode";
import { expandHome, SECTION, setting } from "./server";

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
        const cacheDir = setting<string>("cacheDir") ?? "";
        if (cacheDir !== "") {
          args.push("--cache-dir", expandHome(cacheDir));
        }
        log.appendLine(`running ${serverPath} ${args.join(" ")}`);
        const started = Date.now();
        const proc = spawn(serverPath, args, { stdio: ["ignore", "pipe", "pipe"] });
        log.appendLine(`models pull: pid ${proc.pid}`);
        token.onCancellationRequested(() => proc.kill());
        let stdout = "";
        let lastReport = "";
        proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        proc.stderr.on("data", (d: Buffer) => {
          // The progress bar redraws with \r; report its latest state.
          const text = d.toString().replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
          log.appendLine(`models pull stderr: ${JSON.stringify(text)}`);
          const parts = text.split(/[\r\n]/).map((s) => s.trim()).filter((s) => s !== "");
          const last = parts[parts.length - 1];
          if (last && last !== lastReport) {
            lastReport = last;
            progress.report({ message: last });
          }
        });
        proc.on("error", (err) => {
          log.appendLine(`models pull: ${err}`);
          reject(err);
        });
        proc.on("exit", (code, signal) => log.appendLine(`models pull: exit ${code} ${signal} after ${Date.now() - started} ms`));
        proc.on("close", (code) => {
          log.appendLine(`models pull: close ${code} after ${Date.now() - started} ms; stdout ${JSON.stringify(stdout)}`);
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

// SettingsUpdater writes summarizer.* settings (user settings) and tells the
// server once, when all are written: two separate updates would reload the
// model twice (and show its load error twice).
export type SettingsUpdater = (values: Record<string, unknown>) => Promise<void>;

// downloadAndConfigure pulls the default model and points summarizer.modelPath
// and modelVariant at it. The notice that it is ready comes last, after the
// server got the new settings.
export async function downloadAndConfigure(serverPath: string, log: vscode.OutputChannel,
  updateSettings: SettingsUpdater): Promise<void> {
  try {
    const dir = await pullModel(serverPath, DEFAULT_MODEL, DEFAULT_VARIANT, log);
    log.appendLine(`model pulled into ${dir}; updating the settings`);
    await updateSettings({ modelPath: dir, modelVariant: DEFAULT_VARIANT });
    log.appendLine("settings updated");
    vscode.window.showInformationMessage(`Summarizer: model ready in ${dir}.`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.appendLine(`model download failed: ${message}`);
    vscode.window.showErrorMessage(`Summarizer: ${message}`);
  }
}

// offerModel asks once per session, when the engine may use a local model
// but none is configured, whether to download one.
export async function offerModel(serverPath: string, log: vscode.OutputChannel, updateSettings: SettingsUpdater): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  if (!cfg.get<boolean>("offerModelDownload", true) || ["heuristic", "ollama", "openai"].includes(cfg.get<string>("engine") ?? "") ||
    setting<string>("modelPath")) {
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    "Summarizer is using its built-in engine. Download a small local model (Qwen2.5-Coder 0.5B, a few hundred MB) for better summaries?",
    "Download",
    "Choose Folder…",
    "Don't Ask Again",
  );
  if (choice === "Download") {
    await downloadAndConfigure(serverPath, log, updateSettings);
  } else if (choice === "Choose Folder…") {
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: "Use this model" });
    if (picked && picked.length > 0) {
      await cfg.update("modelPath", picked[0].fsPath, vscode.ConfigurationTarget.Global);
    }
  } else if (choice === "Don't Ask Again") {
    await cfg.update("offerModelDownload", false, vscode.ConfigurationTarget.Global);
  }
}
