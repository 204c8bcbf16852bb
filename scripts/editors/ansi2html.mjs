// Converts a terminal capture with ANSI SGR colors (tmux capture-pane -e -p)
// to a self-contained HTML page, for screenshots of terminal editors.
// Usage: node ansi2html.mjs < screen.ansi > screen.html
import { readFileSync } from "node:fs";

const base = ["#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
  "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"];

function xterm256(n) {
  if (n < 16) return base[n];
  if (n < 232) {
    const v = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return `rgb(${v[Math.floor(i / 36)]},${v[Math.floor(i / 6) % 6]},${v[i % 6]})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const input = readFileSync(0, "utf8");
let state = {};
let html = "";

function apply(params) {
  const p = params === "" ? [0] : params.split(";").map(Number);
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0) state = {};
    else if (c === 1) state.bold = true;
    else if (c === 3) state.italic = true;
    else if (c === 4) state.underline = true;
    else if (c === 7) state.reverse = true;
    else if (c === 22) state.bold = false;
    else if (c === 23) state.italic = false;
    else if (c === 24) state.underline = false;
    else if (c === 27) state.reverse = false;
    else if (c >= 30 && c <= 37) state.fg = base[c - 30];
    else if (c >= 90 && c <= 97) state.fg = base[c - 90 + 8];
    else if (c >= 40 && c <= 47) state.bg = base[c - 40];
    else if (c >= 100 && c <= 107) state.bg = base[c - 100 + 8];
    else if (c === 39) delete state.fg;
    else if (c === 49) delete state.bg;
    else if ((c === 38 || c === 48) && p[i + 1] === 5) {
      state[c === 38 ? "fg" : "bg"] = xterm256(p[i + 2]);
      i += 2;
    } else if ((c === 38 || c === 48) && p[i + 1] === 2) {
      state[c === 38 ? "fg" : "bg"] = `rgb(${p[i + 2]},${p[i + 3]},${p[i + 4]})`;
      i += 4;
    }
  }
}

function style() {
  let fg = state.fg ?? "var(--fg)";
  let bg = state.bg ?? "var(--bg)";
  if (state.reverse) [fg, bg] = [bg, fg];
  let css = `color:${fg};background:${bg};`;
  if (state.bold) css += "font-weight:bold;";
  if (state.italic) css += "font-style:italic;";
  if (state.underline) css += "text-decoration:underline;";
  return css;
}

const re = /\x1b\[([0-9;]*)m/g;
let last = 0;
for (let m; (m = re.exec(input)) !== null;) {
  const text = input.slice(last, m.index);
  if (text) html += `<span style="${style()}">${esc(text)}</span>`;
  apply(m[1]);
  last = re.lastIndex;
}
html += `<span style="${style()}">${esc(input.slice(last))}</span>`;

process.stdout.write(`<!doctype html><meta charset="utf-8"><style>
:root{--fg:#d4d4d4;--bg:#1e1e1e}
body{margin:0;background:var(--bg)}
pre{margin:0;padding:8px;font:14px/1.25 "DejaVu Sans Mono",monospace;color:var(--fg);background:var(--bg)}
</style><pre>${html}</pre>\n`);
