#!/usr/bin/env bash
# Not part of `make bench`: the cost of loading the core with FFI in a fresh PHP process, against
# no library and against a trivial C library with the same 3 functions, and the shipped .so
# stripped (bench/README.md, "Budgets missed", 2). Median CPU µs of RUNS fresh processes, interleaved.
#   bash bench/php/ffi-load.sh [RUNS]     (after make build-php; needs cc and strip)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
runs="${1:-30}"
lib="$PWD/bindings-php/php/lib/$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)/libinfomaniak_connect.so"
[ -f "$lib" ] || { echo "missing $lib (make build-php)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/trivial.c" <<'C'
#include <stdint.h>
#include <stddef.h>
uint32_t ikc_abi_version(void) { return 1; }
char *ikc_call(const char *op, const char *input_json) { (void) op; (void) input_json; return NULL; }
void ikc_free(char *answer) { (void) answer; }
C
cc -O2 -shared -fPIC -o "$work/trivial.so" "$work/trivial.c"
strip --strip-all -o "$work/stripped.so" "$lib"
declare -A label=([none]="no library (FFI::cdef of libc's strlen)"
    ["$work/trivial.so"]="trivial C library, same 3 functions ($(stat -c %s "$work/trivial.so") bytes)"
    ["$lib"]="libinfomaniak_connect.so as built ($(stat -c %s "$lib") bytes)"
    ["$work/stripped.so"]="the same, strip --strip-all ($(stat -c %s "$work/stripped.so") bytes)")
order=(none "$work/trivial.so" "$lib" "$work/stripped.so")
for _ in $(seq 1 "$runs"); do
    for w in "${order[@]}"; do echo "$w $(php bench/php/ffi-load.php "$w")"; done
done >"$work/samples"
for w in "${order[@]}"; do
    median="$(awk -v w="$w" '$1 == w { print $2 }' "$work/samples" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
    printf '%6s µs  %s\n' "$median" "${label[$w]}"
done
echo "(median CPU time of FFI::cdef + first call, $runs fresh php processes each, interleaved)"
