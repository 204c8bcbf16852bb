#!/usr/bin/env bash
# Fetches the ONNX Runtime shared library that github.com/yalue/onnxruntime_go
# v1.27.0 binds to (ONNX Runtime 1.24.1) from the official onnxruntime-node
# npm tarball, into $SUMMARIZER_DEPS/onnxruntime (default <repo>/.cache/deps).
#
# Needs: npm (Debian package "npm"), tar. Idempotent: does nothing when the
# library is already there. Non-interactive.
set -euo pipefail

version=1.24.1
repo=$(cd "$(dirname "$0")/.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
dest=$deps/onnxruntime

case "$(uname -s)" in
Linux) os=linux lib=libonnxruntime.so.1 ;;
Darwin) os=darwin lib=libonnxruntime.$version.dylib ;;
*) echo "fetch-onnxruntime: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
x86_64 | amd64) arch=x64 ;;
aarch64 | arm64) arch=arm64 ;;
*) echo "fetch-onnxruntime: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

if [[ -f $dest/$lib && -f $dest/VERSION && $(cat "$dest/VERSION") == "$version $os/$arch" ]]; then
	echo "fetch-onnxruntime: $dest/$lib already present"
	exit 0
fi

command -v npm >/dev/null || { echo "fetch-onnxruntime: npm not found (apt-get install -y npm)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
tarball=$(ls "$tmp"/onnxruntime-node-*.tgz)
src=package/bin/napi-v6/$os/$arch
tar -xzf "$tarball" -C "$tmp" "$src"
[[ -f $tmp/$src/$lib ]] || { echo "fetch-onnxruntime: $lib not in $src of the tarball" >&2; exit 1; }

mkdir -p "$dest"
cp -f "$tmp/$src/$lib" "$dest/"
# The unversioned name lets system-style lookups find it too.
case $os in
linux) ln -sf "$lib" "$dest/libonnxruntime.so" ;;
darwin) ln -sf "$lib" "$dest/libonnxruntime.dylib" ;;
esac
echo "$version $os/$arch" >"$dest/VERSION"
echo "fetch-onnxruntime: installed $dest/$lib"
