// Showing explanations: markdown documents under the summarizer: scheme,
// opened in VS Code's markdown preview beside the editor.
import * as vscode from "vscode";

export const SCHEME = "summarizer";

// Explanations is the content provider behind summarizer: URIs. Safe to use
// from any extension callback (VS Code runs them on one thread).
export class Explanations implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? "";
  }

  // show stores markdown under a name and opens its preview beside the
  // active editor; showing the same name again replaces the content.
  async show(name: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md` });
    this.docs.set(uri.toString(), markdown);
    this.changed.fire(uri);
    await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

// baseName is the last path element of a URI string, for titles.
export function baseName(uri: string): string {
  const i = uri.lastIndexOf("/");
  return decodeURIComponent(i >= 0 ? uri.slice(i + 1) : uri);
}
