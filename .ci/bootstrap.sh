#!/usr/bin/env bash
# .ci/bootstrap.sh — idempotent machine set-up, called first by `make test` and `make demo`.
#
#   .ci/bootstrap.sh                  # same as `all`
#   .ci/bootstrap.sh all              # native php wasm wordpress node
#   .ci/bootstrap.sh native php ...   # only the named steps
#
# Everything comes from the registries this machine reaches (Debian apt, crates.io, npm).
# Each step checks first (dpkg-query / command -v / --version) and installs only what is
# missing; `apt-get update` runs only when something must be installed, so a second run on a
# set-up machine takes a second or two.
#
# Facts measured on this machine kind (Debian 12, 2 cores), 2026-12:
#
# native (jwt-simple 0.15 default features -> boring 5.4 -> boring-sys 5.4.0 builds BoringSSL):
#   - needs `cmake` (else: "is `cmake` not installed?") and `libclang-dev` (bindgen loads
#     libclang-14 at build time); g++/make/perl are in the base image.
#   - Go is NOT needed: BoringSSL only runs `go` for FIPS builds and its own tests.
#   - the `clang` binary is not needed either (only for the `fips` feature); installed anyway
#     because it is small and handy for sanitizer/fuzz work.
#   - cold `cargo build --release` of a crate depending on jwt-simple: ~2m20s on 2 cores.
#
# php (Debian php8.2 8.2.36):
#   - FFI is built into php8.2-common (no php8.2-ffi package): class_exists("FFI") === true.
#   - ffi.enable defaults to "preload": FFI works in the `php` CLI and in preloaded scripts,
#     but under `php -S` (cli-server SAPI), php-fpm and mod_php FFI::cdef() throws
#     'FFI API is restricted by "ffi.enable" configuration directive' unless started with
#     `-d ffi.enable=1` (or php_admin_value ffi.enable 1) or the FFI is set up via opcache.preload.
#   - opcache is loaded for the CLI (opcache.enable_cli=0 by default).
#   - phpunit 9.6.7, composer 2.5.5 (Debian packages).
#   - php8.2-sqlite3/-gd/-zip: what a real Drupal or TYPO3 site on SQLite needs for
#     `make test-drupal-site` / `make test-typo3-site` (both call this step).
#
# wasm (the rustup toolchain has no wasm32 target and none can be downloaded):
#   Debian's rustc-web/cargo-web 1.96 + rust-web-src (std sources in /usr/lib/rustlib/src/rust)
#   + lld-22 (/usr/lib/llvm-22/bin/wasm-ld). The exact build command:
#
#     RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
#     CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
#     CARGO_TARGET_DIR=target/wasm \
#       /usr/bin/cargo build --release --target wasm32-unknown-unknown \
#         -Zbuild-std=std,panic_abort -p <wasm-crate>
#     wasm-bindgen --target nodejs --out-dir <dir> \
#       target/wasm/wasm32-unknown-unknown/release/<crate>.wasm
#
#   - RUSTC=/usr/bin/rustc is required: /usr/bin/cargo otherwise runs the first `rustc` on PATH
#     (rustup's, in ~/.cargo/bin) and fails with ".../rustlib/src/rust/library/Cargo.lock does
#     not exist ... rustup component add rust-src".
#   - the linker must be set: the target's default `rust-lld` does not exist here
#     ("linker `rust-lld` not found"); the name `wasm-ld` makes rustc pick the wasm lld flavor.
#   - keep a CARGO_TARGET_DIR apart from the native (rustup 1.95) one so the two compilers
#     never invalidate each other's host artifacts (build scripts, proc macros).
#   - wasm32-unknown-unknown already defaults to panic=abort (no profile setting needed); the
#     first build compiles std from /usr/lib/rustlib/src/rust (~1 min CPU), later ones reuse it.
#   - checked: a cdylib with wasm-bindgen =0.2.129 built this way, `wasm-bindgen --target nodejs`
#     processed it, and node called the exported function.
#   - wasm-bindgen-cli must be the exact version of the `wasm-bindgen` crate in Cargo.lock.
#     0.2.130 (newest at the time) cannot be installed with --locked here: its lock file pins
#     webpki-roots 1.0.11, which this registry does not serve. 0.2.129 installs with --locked
#     (~3.5 min on a busy 2-core machine), so pin `wasm-bindgen = "=0.2.129"`. If a locked
#     install fails anyway, this script retries without --locked.
#
# wordpress: mariadb-server 10.11, wordpress 6.1.9 (Debian; pulls apache2 + libapache2-mod-php8.2
#   + php8.2-gd through its dependencies), chromium. Debian's /usr/sbin/policy-rc.d (exit 101)
#   keeps apt from starting mariadb/apache: the tests start what they need themselves.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-0.2.129}"
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600)
APT_UPDATED=0
LOGDIR="${TMPDIR:-/tmp}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

# rustup's cargo (for `cargo install`) lives in ~/.cargo/bin.
if [ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]; then
    case ":$PATH:" in
        *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
        *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
    esac
fi

log() { echo "bootstrap: $*"; }
die() { echo "bootstrap: ERROR: $*" >&2; exit 1; }

# Prints the packages among "$@" that are not installed.
missing_debs() {
    local p
    for p in "$@"; do
        if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" != "ii " ]; then
            echo "$p"
        fi
    done
}

apt_update_once() {
    [ "$APT_UPDATED" = 1 ] && return 0
    local i out
    log "apt-get update"
    # DPkg::Lock::Timeout covers the dpkg lock; the lists lock is retried here by hand.
    for i in $(seq 1 60); do
        if out="$($SUDO apt-get "${APT_OPTS[@]}" update -qq 2>&1)"; then
            APT_UPDATED=1
            return 0
        fi
        if ! grep -qi 'lock' <<<"$out"; then
            echo "$out" >&2
            die "apt-get update failed"
        fi
        sleep 10
    done
    die "apt-get update: lock still held after 10 minutes"
}

# apt_install STEP PKG...: installs the missing ones among PKG.
apt_install() {
    local step="$1"; shift
    local missing
    missing="$(missing_debs "$@" | tr '\n' ' ')"
    missing="${missing% }"
    [ -z "$missing" ] && return 0
    log "installing ($step, apt): $missing"
    apt_update_once
    local logf="$LOGDIR/bootstrap-apt-$step.log"
    # shellcheck disable=SC2086
    if ! $SUDO apt-get install -y -q --no-install-recommends "${APT_OPTS[@]}" $missing >"$logf" 2>&1; then
        tail -n 40 "$logf" >&2
        die "apt-get install $missing failed (full log: $logf)"
    fi
}

bootstrap_native() {
    command -v cargo >/dev/null 2>&1 || die "cargo (rustup toolchain) not found on PATH"
    apt_install native cmake libclang-dev clang g++ make pkg-config
    log "native ok ($(cargo --version 2>/dev/null | cut -d' ' -f1-2), cmake $(cmake --version | head -n1 | awk '{print $3}'))"
}

bootstrap_php() {
    apt_install php php8.2-cli php8.2-opcache php8.2-curl php8.2-mbstring php8.2-xml \
        php8.2-mysql phpunit composer valgrind zip unzip gettext \
        php-symfony-yaml php-guzzlehttp-guzzle \
        php8.2-sqlite3 php8.2-gd php8.2-zip
    php -r 'exit(class_exists("FFI") ? 0 : 1);' || die "PHP has no FFI class"
    php -r 'exit(extension_loaded("Zend OPcache") ? 0 : 1);' || die "PHP has no opcache"
    log "php ok (php $(php -r 'echo PHP_VERSION;'), FFI, opcache, phpunit, composer, valgrind)"
}

# The wasm-bindgen version the project locks, else $WASM_BINDGEN_VERSION.
wasm_bindgen_version() {
    local lock v
    while IFS= read -r lock; do
        v="$(awk '
            /^\[\[package\]\]/ { name = "" }
            /^name = /         { name = $3 }
            /^version = / && name == "\"wasm-bindgen\"" { gsub(/"/, "", $3); print $3; exit }
        ' "$lock")"
        if [ -n "$v" ]; then
            echo "$v"
            return 0
        fi
    done < <(
        [ -f "$ROOT/Cargo.lock" ] && echo "$ROOT/Cargo.lock"
        find "$ROOT" -mindepth 2 -maxdepth 3 -name Cargo.lock \
            -not -path '*/target/*' -not -path '*/node_modules/*' -not -path '*/.git/*' 2>/dev/null | sort
    )
    echo "$WASM_BINDGEN_VERSION"
}

bootstrap_wasm() {
    apt_install wasm rustc-web cargo-web rust-web-src lld-22
    [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || die "Debian rustc-web/cargo-web missing"
    [ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ] || die "rust-web-src (std sources) missing"
    [ -x /usr/lib/llvm-22/bin/wasm-ld ] || die "lld-22 (wasm-ld) missing"

    local v have
    v="$(wasm_bindgen_version)"
    have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
    if [ "$have" != "$v" ]; then
        command -v cargo >/dev/null 2>&1 || die "cargo (rustup toolchain) not found on PATH"
        log "installing (wasm, cargo): wasm-bindgen-cli $v${have:+ (have $have)}, takes ~3-6 minutes"
        local logf="$LOGDIR/bootstrap-wasm-bindgen-cli.log"
        if ! cargo install --locked --force wasm-bindgen-cli --version "$v" >"$logf" 2>&1; then
            log "cargo install --locked wasm-bindgen-cli $v failed ($(grep -m1 '^error' "$logf" || echo '?')); retrying without --locked"
            if ! cargo install --force wasm-bindgen-cli --version "$v" >>"$logf" 2>&1; then
                tail -n 40 "$logf" >&2
                die "cargo install wasm-bindgen-cli $v failed (full log: $logf)"
            fi
        fi
        have="$(wasm-bindgen --version | awk '{print $2}')"
        [ "$have" = "$v" ] || die "wasm-bindgen --version says $have, wanted $v"
    fi
    log "wasm ok ($(/usr/bin/rustc --version | cut -d' ' -f1-2) + rust-web-src + lld-22, wasm-bindgen $have)"
}

bootstrap_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        # The machine image ships Node 20 + npm; Debian's nodejs is only a fallback.
        apt_install node nodejs npm
    fi
    local dir="$ROOT/tests"
    if [ ! -f "$dir/package.json" ]; then
        log "node ok ($(node --version); no tests/package.json yet)"
        return 0
    fi
    local ref="$dir/package-lock.json"
    [ -f "$ref" ] || ref="$dir/package.json"
    if [ ! -d "$dir/node_modules" ] || [ "$ref" -nt "$dir/node_modules" ]; then
        local logf="$LOGDIR/bootstrap-npm.log"
        if [ -f "$dir/package-lock.json" ]; then
            log "installing (node): npm ci in tests/"
            (cd "$dir" && npm ci --no-audit --no-fund) >"$logf" 2>&1 \
                || { tail -n 40 "$logf" >&2; die "npm ci failed (full log: $logf)"; }
        else
            log "installing (node): npm install in tests/ (no package-lock.json)"
            (cd "$dir" && npm install --no-audit --no-fund) >"$logf" 2>&1 \
                || { tail -n 40 "$logf" >&2; die "npm install failed (full log: $logf)"; }
        fi
        touch "$dir/node_modules"
    fi
    log "node ok ($(node --version), tests/node_modules up to date)"
}

bootstrap_wordpress() {
    apt_install wordpress wordpress mariadb-server wordpress-theme-twentytwentyone chromium
    [ -f /usr/share/wordpress/wp-settings.php ] || die "wordpress files missing in /usr/share/wordpress"
    log "wordpress ok (wordpress $(dpkg-query -W -f='${Version}' wordpress | cut -d+ -f1), mariadb $(dpkg-query -W -f='${Version}' mariadb-server | sed 's/^1://; s/-.*//'), chromium $(dpkg-query -W -f='${Version}' chromium | cut -d- -f1))"
}

main() {
    local steps=("$@")
    [ "${#steps[@]}" -eq 0 ] && steps=(all)
    local selected=() s
    for s in "${steps[@]}"; do
        case "$s" in
            all) selected+=(native php wasm wordpress node) ;;
            native|php|wasm|node|wordpress) selected+=("$s") ;;
            -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}"; exit 0 ;;
            *) die "unknown step '$s' (native php wasm node wordpress all)" ;;
        esac
    done
    local done_steps=" "
    for s in "${selected[@]}"; do
        case "$done_steps" in *" $s "*) continue ;; esac
        done_steps+="$s "
        "bootstrap_$s"
    done
    log "done in ${SECONDS}s"
}

main "$@"
