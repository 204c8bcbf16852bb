// Workspace trust: in a folder the user has not trusted, VS Code leaves out
// the folder's values of the settings package.json lists under
// capabilities.untrustedWorkspaces.restrictedConfigurations (a program, a
// library, directories, servers, credentials): getConfiguration() returns
// the user's values for them (and setting() in server.ts makes sure of it).
// This module finds the values left out, so the user is told why they do
// not apply.
import { parse, ParseError } from "jsonc-parser";
import * as vscode from "vscode";
import { RESTRICTED, SECTION } from "./server";

// workspaceSettingsFiles are the files whose settings are the folder's own:
// each folder's .vscode/settings.json and a multi-root workspace's file.
function workspaceSettingsFiles(): vscode.Uri[] {
  const files = (vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, ".vscode", "settings.json"));
  const ws = vscode.workspace.workspaceFile;
  if (ws && ws.scheme !== "untitled") {
    files.push(ws);
  }
  return files;
}

// restrictedKeysIn lists the summarizer.* restricted settings set in a
// settings file's text (JSON with comments; a .code-workspace file keeps them
// under "settings").
export function restrictedKeysIn(text: string, isWorkspaceFile: boolean): string[] {
  const errors: ParseError[] = [];
  let root = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (isWorkspaceFile) {
    root = root?.settings;
  }
  if (typeof root !== "object" || root === null) {
    return [];
  }
  return RESTRICTED.filter((key) => root[`${SECTION}.${key}`] !== undefined ||
    (typeof root[SECTION] === "object" && root[SECTION] !== null && root[SECTION][key] !== undefined));
}

// ignoredSettings lists, with "summarizer." in front, the restricted settings
// this window's folders set that VS Code ignores because the workspace is
// not trusted; empty when it is trusted.
export async function ignoredSettings(): Promise<string[]> {
  if (vscode.workspace.isTrusted) {
    return [];
  }
  const found = new Set<string>();
  for (const uri of workspaceSettingsFiles()) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue; // no such file
    }
    const isWorkspaceFile = uri.toString() === vscode.workspace.workspaceFile?.toString();
    for (const key of restrictedKeysIn(text, isWorkspaceFile)) {
      found.add(`${SECTION}.${key}`);
    }
  }
  return [...found].sort();
}

// IgnoredSettingsWarning tells the user which of the folder's settings do
// not apply and why, with a button to trust the folder. It warns once per
// distinct list, so a settings change that leaves the list as it was says
// nothing again.
export class IgnoredSettingsWarning {
  private shown = "";

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async check(): Promise<void> {
    const ignored = await ignoredSettings();
    const key = ignored.join(",");
    if (key === this.shown) {
      return;
    }
    this.shown = key;
    if (ignored.length === 0) {
      return;
    }
    const many = ignored.length > 1;
    const message = `Summarizer: this folder is not trusted, so its setting${many ? "s" : ""} ${ignored.join(", ")} ` +
      `${many ? "are" : "is"} ignored: ${many ? "they name" : "it names"} a program, library, directory, server ` +
      "or secret, which would let the folder run its code or receive your code. Your user settings apply instead; " +
      "trust the folder to apply its own.";
    this.log.warn(message);
    const choice = await vscode.window.showWarningMessage(message, "Manage Workspace Trust");
    if (choice === "Manage Workspace Trust") {
      await vscode.commands.executeCommand("workbench.trust.manage");
    }
  }
}
