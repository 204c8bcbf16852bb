#!/usr/bin/env bash
# Installs the editors the end-to-end tests drive: Neovim 0.7.2, Emacs 28 with
# eglot and lsp-mode, and Debian's Chromium (for code-server); and Redis 7.0
# (redis-server, redis-cli) for the team-cache tests. Idempotent: packages already
# installed are skipped. Needs root (or sudo) and Debian's apt.
set -euo pipefail

pkgs=(neovim emacs-nox elpa-eglot elpa-lsp-mode chromium redis-server redis-tools)
missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-apt: all of ${pkgs[*]} already installed"
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
echo "install-apt: installed ${missing[*]}"
