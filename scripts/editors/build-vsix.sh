#!/usr/bin/env bash
# Builds the VS Code extension and packages it as a .vsix.
#   scripts/editors/build-vsix.sh [--with-server PATH] [-o OUT.vsix]
# --with-server ships that summarizer-lsp binary inside the extension (bin/),
# which the extension uses when summarizer.serverPath is not set.
# Needs Node >= 20 and npm (the registry); uses $SUMMARIZER_DEPS/node24 when present.
# Idempotent: npm ci runs only when package-lock.json changed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
deps="${SUMMARIZER_DEPS:-$repo/.cache/deps}"
ext="$repo/editors/vscode"
out="$ext/summarizer-lsp.vsix"
server=""
while [ $# -gt 0 ]; do
	case "$1" in
	--with-server) server="$2"; shift 2 ;;
	-o) out="$2"; shift 2 ;;
	*) echo "usage: $0 [--with-server PATH] [-o OUT.vsix]" >&2; exit 2 ;;
	esac
done
if [ -x "$deps/node24/bin/node" ]; then
	export PATH="$deps/node24/bin:$PATH"
fi

cd "$ext"
stamp="node_modules/.lock-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$stamp" ]; then
	npm ci --no-audit --no-fund --loglevel=error
	touch "$stamp"
fi
rm -rf bin
if [ -n "$server" ]; then
	mkdir -p bin
	cp "$server" bin/summarizer-lsp
	chmod 755 bin/summarizer-lsp
fi
npm run --silent check
npm run --silent build
npx vsce package --no-dependencies --skip-license --allow-missing-repository -o "$out" >/dev/null
rm -rf bin
echo "$out"
