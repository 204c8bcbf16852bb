#!/usr/bin/env bash
# Builds the Ollama server the remote-engine tests run against (real
# `ollama serve` on a loopback port) from the Go module proxy, into
# $SUMMARIZER_DEPS/ollama/bin/ollama (default <repo>/.cache/deps).
#
# Go module zips drop llama.cpp's vendor/ folder; what the build includes
# from there comes from Debian (nlohmann-json3-dev, libstb-dev) and, for
# miniaudio (not in Debian 12, only used for audio input of multimodal
# models), from the stand-in header in include/. Compiled with -O3
# -march=native so llama.cpp uses the CPU's SIMD (about 20x faster than a
# plain build). Needs Go, gcc/g++ and apt (root or sudo) the first time.
# Idempotent: does nothing when the binary of this version is there.
# About 3-5 minutes on 2 cores the first time.
set -euo pipefail

version=0.17.4
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
dest=$deps/ollama

if [[ -x $dest/bin/ollama && -f $dest/VERSION && $(cat "$dest/VERSION") == "$version" ]]; then
	echo "ollama/build: $dest/bin/ollama $version already present"
	exit 0
fi

pkgs=(nlohmann-json3-dev libstb-dev)
missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
	$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
fi

mkdir -p "$dest/bin"
rm -f "$dest/VERSION"
CGO_ENABLED=1 \
	CGO_CPPFLAGS="-I$here/include" \
	CGO_CFLAGS="-O3 -march=native" \
	CGO_CXXFLAGS="-O3 -march=native" \
	GOBIN="$dest/bin" GOFLAGS=-mod=mod \
	go install -trimpath -ldflags "-s -w -X=github.com/ollama/ollama/version.Version=$version" \
	"github.com/ollama/ollama@v$version"
echo "$version" >"$dest/VERSION"
echo "ollama/build: installed $dest/bin/ollama $version"
