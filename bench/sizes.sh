#!/usr/bin/env bash
# Figure 5 of `make bench`: sizes of what ships.
#   bash bench/sizes.sh HAVE_WASM HAVE_DIST [MARKER]
#     HAVE_WASM, HAVE_DIST: 1 or 0 each (measure the .wasm / the dist archives);
#     MARKER: a file touched before this run's `make dist`: only archives newer than it count,
#     so a stale archive another command left in dist/ is never reported as this run's.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
have_wasm="${1:-1}"
have_dist="${2:-1}"
marker="${3:-}"

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }

lib=bindings-php/php/lib/$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)/libinfomaniak_connect.so
if [ -f "$lib" ]; then
    echo "bench size_native_lib: $(size "$lib") bytes"
    stripped="$(mktemp)"
    if strip --strip-unneeded -o "$stripped" "$lib" 2>/dev/null; then
        echo "info size_native_lib: $lib; $(size "$stripped") bytes once stripped (strip --strip-unneeded), $(gz "$lib") gzip -9"
    fi
    rm -f "$stripped"
fi

wasm=bindings-js/wasm/ikc_wasm_bg.wasm
if [ "$have_wasm" = 1 ] && [ -f "$wasm" ]; then
    echo "bench size_wasm_raw: $(size "$wasm") bytes"
    echo "bench size_wasm_gzip: $(gz "$wasm") bytes"
    glue=bindings-js/wasm/ikc_wasm.js
    [ -f "$glue" ] && echo "info size_wasm: $wasm; glue $glue $(size "$glue") bytes; gzip -9"
fi

if [ "$have_dist" = 1 ]; then
    for f in dist/*; do
        [ -f "$f" ] || continue
        if [ -n "$marker" ] && [ ! "$f" -nt "$marker" ]; then
            echo "info size_dist_skipped: $f (older than this run's make dist)"
            continue
        fi
        name="$(basename "$f" | sed -E 's/\.(zip|tgz|tar\.gz)$//; s/[^A-Za-z0-9]+/_/g')"
        echo "bench size_dist_${name}: $(size "$f") bytes"
        echo "info size_dist_${name}: $f"
    done
fi
