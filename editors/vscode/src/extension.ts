// The Summarizer extension: starts summarizer-lsp through
// vscode-languageclient, mirrors the summarizer.* settings to it, shows its
// explanations in a markdown preview and its state in the status bar. In a
// folder the user has not trusted it runs with the user's settings for
// everything that names a program, path, server or secret (trust.ts).
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  MessageType,
  ServerOptions,
  ShowMessageNotification,
  ShowMessageParams,
  State,
} from "vscode-languageclient/node";
import { baseName, Explanations, SCHEME } from "./display";
import { downloadAndConfigure, offerModel } from "./models";
import { API_KEY_ENV, findServer, LANGUAGES, SECTION, serverSettings } from "./server";
import { Status, StatusItem } from "./status";
import { IgnoredSettingsWarning } from "./trust";

// API_KEY_SECRET names the model server's API key in VS Code's secret storage.
const API_KEY_SECRET = "summarizer.apiKey";

let client: LanguageClient | undefined;
// The running server's binary and whether it got an API key: a change of
// either needs a new process, any other setting change is sent to it.
let serverPath: string | undefined;
let serverHasKey = false;
let apiKey: string | undefined;
// The server settings last sent (initializationOptions or
// workspace/didChangeConfiguration), as JSON, and how many updateSettings
// batches are running: a batch sends the server its final state once.
let sentSettings = "";
let holdSettings = 0;

// pushSettings sends the server its settings when they differ from the last
// ones sent. Every change reloads the engine (a model load for the onnx
// engine, and a "model failed to load" message when it cannot), so the
// intermediate states of a batch are not sent, nor the same state twice.
async function pushSettings(): Promise<void> {
  if (holdSettings > 0 || !client || !client.isRunning()) {
    return;
  }
  const settings = serverSettings(apiKey !== undefined);
  const json = JSON.stringify(settings);
  if (json === sentSettings) {
    return;
  }
  sentSettings = json;
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } });
}

// updateSettings writes summarizer.<key> = value (user settings) for each
// entry, and then tells the server once.
async function updateSettings(values: Record<string, unknown>): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  holdSettings++;
  try {
    for (const [key, value] of Object.entries(values)) {
      await cfg.update(key, value, vscode.ConfigurationTarget.Global);
    }
  } finally {
    holdSettings--;
  }
  await pushSettings();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Summarizer", { log: true });
  const trace = vscode.window.createOutputChannel("Summarizer Trace", { log: true });
  const explanations = new Explanations();
  const status = new StatusItem();
  const ignored = new IgnoredSettingsWarning(output);
  apiKey = await context.secrets.get(API_KEY_SECRET);
  context.subscriptions.push(output, trace, explanations, status,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, explanations));
  await vscode.commands.executeCommand("setContext", "summarizer.languages", LANGUAGES);

  const start = async (): Promise<void> => {
    const found = findServer(context.extensionPath);
    if (!found.path) {
      status.failed("server not found");
      serverNotFound(found.tried);
      return;
    }
    serverPath = found.path;
    serverHasKey = apiKey !== undefined;
    output.appendLine(`starting ${serverPath}${serverHasKey ? ` with the stored API key in $${API_KEY_ENV}` : ""}`);
    client = newClient(serverPath, apiKey, output, trace, explanations);
    // Registered before start, so they replace the client's defaults as soon
    // as the connection is up.
    client.onNotification("summarizer/status", (s: Status) => status.update(s));
    client.onNotification(ShowMessageNotification.type, (m) => showServerMessage(m, output));
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        status.failed("server stopped");
      }
    });
    try {
      await client.start();
    } catch (err) {
      status.failed("server failed to start");
      vscode.window.showErrorMessage(`Summarizer: ${serverPath} failed to start: ${String(err)}`, "Show Log")
        .then((c) => c && output.show(true));
      return;
    }
    const s = await client.sendRequest<Status>("workspace/executeCommand", { command: "summarizer.status", arguments: [] });
    if (s) {
      status.update(s);
    }
    void offerModel(serverPath, output, updateSettings);
  };

  const restart = async (): Promise<void> => {
    if (client) {
      await client.stop().catch(() => undefined);
      client = undefined;
    }
    status.starting();
    await start();
  };

  // apply brings the server in line with the settings: a new process when
  // its binary or its API key changed, else the changed settings.
  const apply = async (): Promise<void> => {
    void ignored.check();
    if (!client || findServer(context.extensionPath).path !== serverPath || serverHasKey !== (apiKey !== undefined)) {
      await restart();
    } else {
      await pushSettings();
    }
  };

  const editorOrWarn = (): vscode.TextEditor | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
      vscode.window.showWarningMessage(`Summarizer explains ${LANGUAGES.join(", ")} files; open one first.`);
      return undefined;
    }
    if (!client || !client.isRunning()) {
      vscode.window.showWarningMessage("Summarizer: the server is not running (Summarizer: Show Log).");
      return undefined;
    }
    return editor;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand("summarizerClient.explainFile", async () => {
      const editor = editorOrWarn();
      if (editor) {
        await vscode.commands.executeCommand("summarizer.explainFile", editor.document.uri.toString());
      }
    }),
    vscode.commands.registerCommand("summarizerClient.explainFunction", async () => {
      const editor = editorOrWarn();
      if (editor) {
        const p = editor.selection.active;
        await vscode.commands.executeCommand("summarizer.explainFunction", editor.document.uri.toString(),
          { line: p.line, character: p.character });
      }
    }),
    vscode.commands.registerCommand("summarizerClient.clearCache", async () => {
      if (client?.isRunning()) {
        await vscode.commands.executeCommand("summarizer.clearCache");
        vscode.window.showInformationMessage("Summarizer: cache cleared.");
      }
    }),
    vscode.commands.registerCommand("summarizerClient.showLog", () => output.show(true)),
    vscode.commands.registerCommand("summarizerClient.restart", restart),
    vscode.commands.registerCommand("summarizerClient.pullModel", async () => {
      if (!serverPath) {
        serverNotFound(findServer(context.extensionPath).tried);
        return;
      }
      await downloadAndConfigure(serverPath, output, updateSettings);
    }),
    vscode.commands.registerCommand("summarizerClient.setApiKey", async () => {
      const key = await vscode.window.showInputBox({
        title: "Summarizer: API key of the model server",
        prompt: `Kept in VS Code's secret storage and given to the server in $${API_KEY_ENV}; never written to settings.`,
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined || key.trim() === "") {
        return;
      }
      apiKey = key.trim();
      await context.secrets.store(API_KEY_SECRET, apiKey);
      output.appendLine("API key stored; restarting the server");
      await apply();
    }),
    vscode.commands.registerCommand("summarizerClient.clearApiKey", async () => {
      apiKey = undefined;
      await context.secrets.delete(API_KEY_SECRET);
      output.appendLine("API key removed; restarting the server");
      await apply();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(SECTION)) {
        await apply();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine("folder trusted: applying its settings");
      await apply();
    }),
  );
  void ignored.check();
  await start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}

function newClient(command: string, key: string | undefined, output: vscode.LogOutputChannel,
  trace: vscode.LogOutputChannel, explanations: Explanations): LanguageClient {
  // The key goes in the process's environment only (the client adds
  // process.env), never in settings, arguments or the log.
  const env = key === undefined ? undefined : { [API_KEY_ENV]: key };
  const serverOptions: ServerOptions = { command, args: ["serve"], options: { env } };
  const initializationOptions = serverSettings(key !== undefined);
  sentSettings = JSON.stringify(initializationOptions);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions,
    outputChannel: output,
    traceOutputChannel: trace,
    middleware: {
      // Lenses, code actions and the palette commands all run through here:
      // show the markdown the explain commands return. serverSettings() sends
      // clientDisplaysResults, so the server neither shows a message nor
      // opens a document of its own: this preview is the only one.
      executeCommand: async (cmd, args, next) => {
        const result = await next(cmd, args);
        if (typeof result === "string" && result !== "") {
          const file = typeof args[0] === "string" ? baseName(args[0]) : "";
          if (cmd === "summarizer.explainFunction") {
            const line = typeof args[1]?.line === "number" ? `:${args[1].line + 1}` : "";
            await explanations.show(`Explain ${file}${line}`, result);
          } else if (cmd === "summarizer.explainFile") {
            await explanations.show(`Overview of ${file}`, result);
          }
        }
        return result;
      },
    },
  };
  return new LanguageClient("summarizer", "Summarizer", serverOptions, clientOptions);
}

function serverNotFound(tried: string[]): void {
  vscode.window.showErrorMessage(
    `Summarizer: the summarizer-lsp server was not found (looked in ${tried.join(", ")}). ` +
      "Install it (go install github.com/summarizer-lsp/summarizer-lsp/cmd/summarizer-lsp@latest) " +
      "or set summarizer.serverPath to its absolute path.",
    "Open Settings",
  ).then((choice) => {
    if (choice === "Open Settings") {
      vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.serverPath`);
    }
  });
}

// showServerMessage shows window/showMessage, with a fix attached to the
// two failures users can act on: a missing ONNX Runtime library and a model
// that does not load.
function showServerMessage(m: ShowMessageParams, output: vscode.OutputChannel): void {
  const text = `Summarizer: ${m.message.replace(/^summarizer-lsp: /, "")}`;
  if (m.message.includes("ONNX Runtime library not found")) {
    vscode.window.showErrorMessage(
      `${text} Set summarizer.onnxruntimeLib to the libonnxruntime shared library ` +
        "(from the onnxruntime-node npm package or an ONNX Runtime release).",
      "Set Library Path", "Use Built-in Engine",
    ).then((c) => fixChoice(c));
    return;
  }
  if (m.message.includes("model failed to load")) {
    vscode.window.showErrorMessage(
      `${text} Check summarizer.modelPath, or download a model.`,
      "Download a Model", "Set Model Path", "Use Built-in Engine",
    ).then((c) => fixChoice(c));
    return;
  }
  switch (m.type) {
    case MessageType.Error:
      vscode.window.showErrorMessage(text, "Show Log").then((c) => c && output.show(true));
      break;
    case MessageType.Warning:
      vscode.window.showWarningMessage(text);
      break;
    default:
      vscode.window.showInformationMessage(text);
  }
}

function fixChoice(choice: string | undefined): void {
  switch (choice) {
    case "Set Library Path":
      vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.onnxruntimeLib`);
      break;
    case "Set Model Path":
      vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.modelPath`);
      break;
    case "Download a Model":
      vscode.commands.executeCommand("summarizerClient.pullModel");
      break;
    case "Use Built-in Engine":
      vscode.workspace.getConfiguration(SECTION).update("engine", "heuristic", vscode.ConfigurationTarget.Global);
      break;
  }
}
