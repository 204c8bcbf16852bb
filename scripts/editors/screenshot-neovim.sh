#!/usr/bin/env bash
# Takes a screenshot of Neovim with editors/neovim (lenses and a hover over a
# function) for the docs: Neovim runs in a detached tmux, the screen is
# captured with its colors, turned into HTML and photographed by headless
# Chromium. Needs nvim, tmux, node and chromium.
#   scripts/editors/screenshot-neovim.sh [OUT.png]   (default docs/images/neovim.png)
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$repo/docs/images/neovim.png}"
for tool in nvim tmux node chromium go; do
	command -v "$tool" >/dev/null || { echo "screenshot-neovim: $tool not found" >&2; exit 1; }
done
work="$(mktemp -d)"
sock="summarizer-shot-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/summarizer-lsp" ./cmd/summarizer-lsp)
mkdir -p "$work/project"
cp "$repo/editors/e2e/testdata/fixtures/shapes.go" "$work/project/"
printf 'module example.com/shapes\n\ngo 1.22\n' >"$work/project/go.mod"
cat >"$work/init.lua" <<LUA
vim.opt.runtimepath:prepend("$repo/editors/neovim")
vim.opt.number = true
vim.opt.swapfile = false
vim.cmd("syntax on")
vim.cmd("filetype plugin on")
require("summarizer").setup({
  cmd = { "$work/summarizer-lsp" },
  settings = { engine = "heuristic", cacheDir = "$work/cache" },
})
vim.cmd("colorscheme desert")
vim.cmd("highlight NormalFloat ctermbg=236 ctermfg=252")
vim.cmd("highlight FloatBorder ctermbg=236 ctermfg=244")
vim.cmd("highlight LspCodeLens ctermfg=108 cterm=italic")
vim.lsp.handlers["textDocument/hover"] = vim.lsp.with(vim.lsp.handlers.hover, { border = "rounded" })
-- Once the lenses are in: hover CircleArea, with its declaration mid-screen.
vim.defer_fn(function()
  vim.api.nvim_win_set_cursor(0, { 28, 5 })
  vim.cmd("normal! zz")
  vim.lsp.buf.hover()
end, 2500)
LUA

cols=104 rows=34
tmux -L "$sock" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" \
	"cd $work/project && TERM=xterm-256color XDG_CACHE_HOME=$work/cache nvim -i NONE -n -u $work/init.lua shapes.go"
sleep 5
tmux -L "$sock" capture-pane -e -p -t shot >"$work/screen.ansi"
node "$repo/scripts/editors/ansi2html.mjs" <"$work/screen.ansi" >"$work/screen.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
	--window-size=$((cols * 17 / 2 + 16)),$((rows * 35 / 2 + 16)) \
	--screenshot="$out" "file://$work/screen.html" >/dev/null 2>&1
echo "$out"
