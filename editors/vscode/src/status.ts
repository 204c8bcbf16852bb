// The status bar item: the engine in use and pending background summaries.
import * as vscode from "vscode";

// Status is the server's summarizer/status notification (and the result of
// the summarizer.status command).
export interface Status {
  engine: string;
  queued: number;
  running: number;
}

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem("summarizer.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "Summarizer";
    this.item.command = "summarizerClient.showLog";
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = "$(sync~spin) Summarizer";
    this.item.tooltip = "Summarizer: starting the server";
    this.item.backgroundColor = undefined;
  }

  failed(reason: string): void {
    this.item.text = "$(error) Summarizer";
    this.item.tooltip = `Summarizer: ${reason} (click for the log)`;
    this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
  }

  update(s: Status): void {
    const engine = s.engine ?? "starting";
    const pending = (s.queued ?? 0) + (s.running ?? 0);
    let text = `${pending > 0 ? "$(sync~spin)" : "$(book)"} Summarizer: ${engine}`;
    if (pending > 0) {
      text += ` · ${pending} pending`;
    }
    this.item.text = text;
    this.item.backgroundColor = undefined;
    this.item.tooltip = [`Engine: ${engine}`, `Queued: ${s.queued}, running: ${s.running}`, "Click for the server log"].join("\n");
  }

  dispose(): void {
    this.item.dispose();
  }
}
