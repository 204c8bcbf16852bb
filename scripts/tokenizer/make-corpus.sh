#!/usr/bin/env bash
# Rebuild the tokenizer parity corpus, inference/tokenizer/testdata/corpus/,
# from source files found on the development machine (Debian 12, Go 1.26 in
# /usr/local/go, Python 3.11, LuaJIT 2.1, the Google Cloud SDK, and this
# directory's node_modules). The corpus is committed; this script documents
# where it came from (see testdata/README.md for licenses). Needs: bash, head.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$here/../../inference/tokenizer/testdata/corpus
rm -rf "$out"
mkdir -p "$out"

# add LANG SRC [MAXBYTES]: copy SRC to corpus/LANG/DIR_BASE;
# with MAXBYTES, keep only the whole lines within the first MAXBYTES bytes.
add() {
	local lang=$1 src=$2 max=${3:-}
	local name
	name=$(echo "$src" | awk -F/ '{print $(NF-1) "_" $NF}')
	mkdir -p "$out/$lang"
	if [ -n "$max" ]; then
		head -c "$max" "$src" | sed '$d' >"$out/$lang/$name"
	else
		cp "$src" "$out/$lang/$name"
	fi
}

go=/usr/local/go/src
for f in strings/strings.go strings/strings_test.go fmt/print.go go/parser/parser.go \
	net/http/server.go encoding/json/decode.go sort/sort.go unicode/utf8/utf8.go \
	unicode/utf8/utf8_test.go bufio/bufio.go runtime/proc.go go/types/expr.go; do
	add go "$go/$f"
done
for f in make.bash run.bash all.bash clean.bash buildall.bash bootstrap.bash; do
	[ -f "$go/$f" ] && add shell "$go/$f"
done

py=/usr/lib/python3.11
for f in argparse.py configparser.py difflib.py json/decoder.py json/encoder.py \
	shlex.py textwrap.py calendar.py; do
	add python "$py/$f"
done

tjs=$here/node_modules/@huggingface/transformers
for f in src/tokenization_utils.js src/configs.js src/env.js src/utils/hub.js \
	src/utils/tensor.js src/utils/maths.js src/generation/logits_process.js; do
	add javascript "$tjs/$f"
done
for f in types/tokenization_utils.d.ts types/configs.d.ts types/utils/tensor.d.ts \
	types/utils/hub.d.ts types/generation/logits_process.d.ts types/models/modeling_utils.d.ts; do
	[ -f "$tjs/$f" ] && add typescript "$tjs/$f"
done
tel=$(ls -d /root/go/pkg/mod/golang.org/x/telemetry@*/internal/content | head -1)
for f in "$tel"/shared/*.ts "$tel"/gotelemetryview/*.ts; do
	add typescript "$f"
done

add c /root/go/pkg/mod/github.com/mattn/go-sqlite3@v1.14.53/sqlite3-binding.c 360000

for f in /usr/share/luajit-2.1.0-beta3/jit/*.lua; do
	add lua "$f"
done

php=/usr/lib/google-cloud-sdk/platform/google_appengine/php/sdk/google/appengine
for f in runtime/CurlLite.php runtime/Memcache.php runtime/Memcached.php runtime/Glob.php \
	api/mail/Message.php; do
	[ -f "$php/$f" ] && add php "$php/$f"
done

du -sh "$out"/* "$out" >&2
