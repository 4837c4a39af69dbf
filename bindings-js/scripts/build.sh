#!/usr/bin/env bash
# Builds the WebAssembly module and the npm package's wasm/ folder (git-ignored):
#   1. the core for wasm32 with Debian's rustc-web (std built from source, size flags below);
#   2. wasm-bindgen --target web (one module for Node and browsers);
#   3. wasm-opt -Oz (binaryen, a devDependency), when installed;
#   4. prints the .wasm size, raw and gzipped, against the budget.
# The toolchain comes from .ci/bootstrap.sh (run here when something is missing).
#
# Env: IKC_WASM_TARGET_DIR (default <repo>/target-wasm), IKC_WASM_BUDGET_KB (default 200),
#      IKC_WASM_PANIC=abort (fallback when this rustc lacks panic=immediate-abort),
#      IKC_WASM_NO_OPT=1 (skip wasm-opt).
set -euo pipefail

JS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$JS_DIR/.." && pwd)"
TARGET_DIR="${IKC_WASM_TARGET_DIR:-$ROOT/target-wasm}"
OUT="$JS_DIR/wasm"
BUDGET_KB="${IKC_WASM_BUDGET_KB:-200}"
LINKER=/usr/lib/llvm-22/bin/wasm-ld
CRATE=infomaniak-connect-wasm
ARTIFACT="$TARGET_DIR/wasm32-unknown-unknown/release/ikc_wasm.wasm"

log() { echo "build-js: $*"; }
die() { echo "build-js: ERROR: $*" >&2; exit 1; }

case ":$PATH:" in
    *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
    *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
esac

# The wasm-bindgen crate version in Cargo.lock: the CLI must be exactly that.
want_bindgen="$(awk '/^\[\[package\]\]/ { n = "" } /^name = / { n = $3 }
    /^version = / && n == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")"
have_bindgen="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ ! -x /usr/bin/cargo ] || [ ! -x /usr/bin/rustc ] || [ ! -x "$LINKER" ] \
    || [ ! -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || [ "$have_bindgen" != "$want_bindgen" ]; then
    log "wasm toolchain incomplete (wasm-bindgen ${have_bindgen:-none}, want $want_bindgen): running .ci/bootstrap.sh wasm"
    bash "$ROOT/.ci/bootstrap.sh" wasm
    have_bindgen="$(wasm-bindgen --version | awk '{print $2}')"
    [ "$have_bindgen" = "$want_bindgen" ] || die "wasm-bindgen $have_bindgen installed, Cargo.lock has $want_bindgen"
fi

# devDependencies (binaryen's wasm-opt, typescript for the type test), from package-lock.json.
if [ ! -d "$JS_DIR/node_modules" ] || [ "$JS_DIR/package-lock.json" -nt "$JS_DIR/node_modules" ]; then
    log "npm ci (devDependencies)"
    (cd "$JS_DIR" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in bindings-js failed"
    touch "$JS_DIR/node_modules"
fi

# 1. cargo. Size: opt-level z, panic=immediate-abort (a panic is a bare trap; on wasm32 its message
#    went nowhere anyway), no panic locations, std built with optimize_for_size. The workspace's
#    release profile (lto, codegen-units=1) is kept; only this command line changes it.
panic="${IKC_WASM_PANIC:-immediate-abort}"
if [ "$panic" = immediate-abort ] && ! RUSTC_BOOTSTRAP=1 /usr/bin/cargo -Zhelp 2>/dev/null | grep -q panic-immediate-abort; then
    log "this cargo has no panic=immediate-abort: building with panic=abort"
    panic=abort
fi
panic_flags=()
[ "$panic" = immediate-abort ] && panic_flags=(-Zpanic-immediate-abort)
start=$SECONDS
log "cargo build --target wasm32-unknown-unknown (panic=$panic, target dir $TARGET_DIR)"
RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$LINKER" \
CARGO_TARGET_DIR="$TARGET_DIR" \
CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
CARGO_PROFILE_RELEASE_PANIC="$panic" \
RUSTFLAGS="-Zlocation-detail=none" \
    /usr/bin/cargo build --manifest-path "$ROOT/Cargo.toml" --locked --release \
        --target wasm32-unknown-unknown -p "$CRATE" \
        -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size "${panic_flags[@]}" \
    || die "cargo build for wasm32 failed"
log "cargo done in $((SECONDS - start)) s"

# 2.-3. wasm-bindgen and wasm-opt, skipped when the cargo artifact and the tools are unchanged.
wasm_opt="$JS_DIR/node_modules/.bin/wasm-opt"
[ "${IKC_WASM_NO_OPT:-}" = 1 ] && wasm_opt=""
[ -n "$wasm_opt" ] && [ ! -x "$wasm_opt" ] && { log "wasm-opt not installed: skipping it"; wasm_opt=""; }
stamp="$(sha256sum "$ARTIFACT" "${BASH_SOURCE[0]}" | cut -d' ' -f1 | tr '\n' ' ')bindgen=$have_bindgen opt=${wasm_opt:+$("$wasm_opt" --version)}"
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$stamp" ] && [ -f "$OUT/ikc_wasm_bg.wasm" ]; then
    log "wasm/ is up to date"
else
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name ikc_wasm "$ARTIFACT"
    if [ -n "$wasm_opt" ]; then
        start=$SECONDS
        # The features wasm-bindgen's output uses; no -tnh: a trap (panic) must stay a trap.
        # --converge: repeat the passes while they shrink the module (~1.2 KB gzip, ~2x the time).
        # The producers and target_features sections are for tools, not for running (~270 B).
        "$wasm_opt" -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
            --enable-mutable-globals --enable-reference-types --enable-multivalue \
            --strip-producers --strip-target-features \
            "$tmp/ikc_wasm_bg.wasm" -o "$tmp/opt.wasm"
        mv "$tmp/opt.wasm" "$tmp/ikc_wasm_bg.wasm"
        log "wasm-opt -Oz done in $((SECONDS - start)) s"
    fi
    mkdir -p "$OUT"
    cp "$tmp/ikc_wasm.js" "$tmp/ikc_wasm_bg.wasm" "$OUT/"
    echo "$stamp" > "$OUT/.stamp"
fi

# 4. sizes.
node --input-type=module - "$ARTIFACT" "$OUT/ikc_wasm_bg.wasm" "$BUDGET_KB" <<'EOF'
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const [cargoOut, shipped, budgetKb] = process.argv.slice(2);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const c = readFileSync(cargoOut);
const s = readFileSync(shipped);
console.log(`build-js: cargo output ${kb(c.length)} (with its name section)`);
console.log(`build-js: wasm/ikc_wasm_bg.wasm ${kb(s.length)} raw, ${kb(gz(s))} gzipped (gzip -9)`);
const over = gz(s) - Number(budgetKb) * 1024;
console.log(over > 0
  ? `build-js: WARNING: ${kb(over)} over the ${budgetKb} KB gzip budget (see bindings-js/README.md, "Size")`
  : `build-js: within the ${budgetKb} KB gzip budget`);
EOF
