#!/usr/bin/env bash
# `make bench`: every figure of issue 9 with its baseline measured in the same run, the closing
# table, and bench/RESULTS.md. A missed budget is reported, never an error; a figure that cannot be
# measured (e.g. the wasm module does not build) is reported as missing, with the reason.
#
#   bash bench/run.sh [figure...]     figures: native php wordpress wasm sizes backchannel (default all)
#
# Env: BENCH_PHP_RUNS (50), BENCH_WP_REQUESTS (200), BENCH_SECONDS (3, native and wasm).
# Logs of each step: $BENCH_LOG_DIR (default /tmp/ikc-bench-logs).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PATH
PHP_RUNS="${BENCH_PHP_RUNS:-50}"
WP_REQUESTS="${BENCH_WP_REQUESTS:-200}"
SECONDS_PER_SIDE="${BENCH_SECONDS:-3}"
LOGS="${BENCH_LOG_DIR:-/tmp/ikc-bench-logs}"
mkdir -p "$LOGS"
OUT="$LOGS/lines.txt"
: >"$OUT"
BENCH_START=$SECONDS
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

FIGURES=("$@")
[ "${#FIGURES[@]}" -eq 0 ] && FIGURES=(native php wordpress wasm sizes backchannel)
want() { local f; for f in "${FIGURES[@]}"; do [ "$f" = "$1" ] && return 0; done; return 1; }

say() { echo "$*" | tee -a "$OUT"; }
note() { echo "== bench: $*" >&2; }
# missing FIGURE REASON
missing() { say "missing $1: $2"; }

# step NAME TIMEOUT CMD...: runs CMD, its `bench`/`info` lines go to the results, the rest to a log.
step() {
    local name="$1" limit="$2"; shift 2
    local log="$LOGS/$name.log" start=$SECONDS rc
    note "$name: $*"
    timeout --kill-after=10 "$limit" "$@" >"$log.out" 2>"$log"
    rc=$?
    grep -E '^(bench|info) ' "$log.out" | tee -a "$OUT"
    grep -vE '^(bench|info) ' "$log.out" >>"$log"
    note "$name: exit $rc in $((SECONDS - start)) s (log $log)"
    return $rc
}

# --------------------------------------------------------------------- set-up (idempotent)
note "set-up: bootstrap (native php node wordpress), build-php, dist, build-js, the native bench"
if ! bash .ci/bootstrap.sh native php node wordpress >"$LOGS/bootstrap.log" 2>&1; then
    tail -n 20 "$LOGS/bootstrap.log" >&2
    note "bootstrap failed: figures that need it will be missing"
fi
HAVE_PHP=0
if make --no-print-directory build-php >"$LOGS/build-php.log" 2>&1; then HAVE_PHP=1; else tail -n 20 "$LOGS/build-php.log" >&2; fi
HAVE_DIST=0
DIST_MARKER="$LOGS/dist.marker"
touch "$DIST_MARKER"
sleep 1 # archives made by this run's make dist are then strictly newer (mtime has 1 s steps on some file systems)
if { want wordpress || want sizes; } && [ "$HAVE_PHP" = 1 ]; then
    if make --no-print-directory dist >"$LOGS/dist.log" 2>&1; then HAVE_DIST=1; else tail -n 20 "$LOGS/dist.log" >&2; fi
fi
HAVE_WASM=0
WASM_WHY="bindings-js has no build-js target yet"
if { want wasm || want sizes; } && make -n build-js >/dev/null 2>&1; then
    if make --no-print-directory build-js >"$LOGS/build-js.log" 2>&1 && [ -f bindings-js/wasm/ikc_wasm_bg.wasm ]; then
        HAVE_WASM=1
    else
        WASM_WHY="make build-js failed: $(grep -m1 -iE 'error' "$LOGS/build-js.log" | cut -c1-160)"
        tail -n 20 "$LOGS/build-js.log" >&2
    fi
fi
# bench/native is its own cargo project (not a workspace member) built into the workspace's
# target/: same dependency versions (its Cargo.lock), features and release profile as the shipped
# library, so cargo reuses the BoringSSL that `make build-php` compiled instead of building it again.
NATIVE_BIN=target/release/ikc-bench-native
HAVE_NATIVE=0
if want native; then
    note "cargo build --release (bench/native into target/, reusing the workspace's BoringSSL)"
    if CARGO_TARGET_DIR="$ROOT/target" cargo build --release --quiet --manifest-path bench/native/Cargo.toml >"$LOGS/build-native.log" 2>&1; then
        HAVE_NATIVE=1
    else
        tail -n 20 "$LOGS/build-native.log" >&2
    fi
fi
note "set-up done in $((SECONDS - BENCH_START)) s"

# --------------------------------------------------------------------- 1. native vs openssl speed
if want native; then
    if [ "$HAVE_NATIVE" = 1 ] && command -v openssl >/dev/null; then
        # Bracketed: half the native run, openssl speed, the other half (load drift hits both).
        half="$(awk -v s="$SECONDS_PER_SIDE" 'BEGIN { printf "%.2f", s / 2 }')"
        note "native: $NATIVE_BIN --seconds $half; openssl speed -seconds $SECONDS_PER_SIDE rsa2048; again"
        a="$("$NATIVE_BIN" --seconds "$half" 2>>"$LOGS/native.log")"
        openssl speed -seconds "$SECONDS_PER_SIDE" rsa2048 >"$LOGS/openssl.log" 2>&1
        b="$("$NATIVE_BIN" --seconds "$half" 2>>"$LOGS/native.log")"
        ossl="$(awk '/^rsa +2048 bits/ { print $NF }' "$LOGS/openssl.log" | tail -n 1)"
        if [ -n "$a" ] && [ -n "$b" ] && [ -n "$ossl" ]; then
            # Each figure: the mean of its two halves.
            printf '%s\n%s\n' "$a" "$b" | awk '$1 == "bench" { s[$2] += $3; c[$2]++; u[$2] = $4; if (!($2 in o)) { o[$2] = n++ } }
                END { for (k in o) order[o[k]] = k; for (i = 0; i < n; i++) { k = order[i]; printf "bench %s %.0f %s\n", k, s[k] / c[k], u[k] } }' >"$LOGS/native.lines"
            while IFS= read -r l; do say "$l"; done <"$LOGS/native.lines"
            say "bench openssl_verify_per_s: $ossl /s"
            # Every path against openssl; the `finish` path is the budgeted native_vs_openssl.
            while read -r _ name value _; do
                name="${name%:}"; name="${name%_per_s}"
                [ "$name" = native_finish ] && name=native
                say "bench ${name}_vs_openssl: $(awk -v x="$value" -v y="$ossl" 'BEGIN { printf "%.3f", x / y }') x"
            done <"$LOGS/native.lines"
            say "info native: $(openssl version | cut -d' ' -f1-2) speed rsa2048 verify in one process; the core in one thread, each path for ${SECONDS_PER_SIDE} s (the jwt-simple and BoringSSL-only paths half that) in two halves around openssl"
        else
            missing native "the native bench or openssl speed printed no figure (logs in $LOGS)"
        fi
    else
        missing native "the native bench did not build (log $LOGS/build-native.log)"
    fi
fi

# --------------------------------------------------------------------- 2. PHP callback step
if want php; then
    if [ "$HAVE_PHP" = 1 ]; then
        step php 600 php bench/php/callback.php "$PHP_RUNS" || missing php "bench/php/callback.php failed (log $LOGS/php.log)"
    else
        missing php "make build-php failed (log $LOGS/build-php.log)"
    fi
fi

# --------------------------------------------------------------------- 3 + 6. WordPress
if want wordpress; then
    if [ "$HAVE_DIST" = 1 ]; then
        step wordpress 900 node bench/wordpress/wordpress.mjs "$WP_REQUESTS" \
            || missing wordpress "bench/wordpress/wordpress.mjs failed (log $LOGS/wordpress.log)"
    else
        missing wordpress "make dist failed or did not run (log $LOGS/dist.log)"
    fi
fi

# --------------------------------------------------------------------- 4. wasm vs jose
if want wasm; then
    if [ "$HAVE_WASM" = 1 ]; then
        step wasm 300 node bench/wasm/wasm.mjs "$SECONDS_PER_SIDE" || missing wasm "bench/wasm/wasm.mjs failed (log $LOGS/wasm.log)"
    else
        missing wasm "$WASM_WHY"
    fi
fi

# --------------------------------------------------------------------- 5. sizes
if want sizes; then
    step sizes 120 bash bench/sizes.sh "$HAVE_WASM" "$HAVE_DIST" "$DIST_MARKER" || missing sizes "bench/sizes.sh failed (log $LOGS/sizes.log)"
    [ "$HAVE_WASM" = 1 ] || missing wasm_size "$WASM_WHY"
fi

# --------------------------------------------------------------------- 7. back-channel requests
if want backchannel; then
    if [ "$HAVE_PHP" = 1 ] && [ -d tests/node_modules/oidc-provider ]; then
        step backchannel 300 php bench/php/backchannel.php || missing backchannel "bench/php/backchannel.php failed (log $LOGS/backchannel.log)"
    else
        missing backchannel "needs make build-php and tests/node_modules (bootstrap node)"
    fi
fi

# --------------------------------------------------------------------- table and RESULTS.md
RUNTIME=$((SECONDS - BENCH_START))
node bench/report.mjs "$OUT" --runtime "$RUNTIME" --load "$LOAD_START" --figures "${FIGURES[*]}"
exit 0
