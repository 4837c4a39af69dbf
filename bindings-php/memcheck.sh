#!/usr/bin/env bash
# `make memcheck`: valgrind memcheck over the PHP vector run (every vector of tests/vectors through
# FFI), with PHP's own allocator off (USE_ZEND_ALLOC=0) so every allocation is seen. Fails on any
# invalid read/write (anywhere) and on any definitely-lost block allocated through the library.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed (make bootstrap)" >&2; exit 1; }
log="${MEMCHECK_LOG:-target/memcheck-php.log}"
mkdir -p "$(dirname "$log")"

status=0
USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 valgrind --tool=memcheck --leak-check=full \
    --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=40 \
    --log-file="$log" php -d ffi.enable=1 -d opcache.enable_cli=0 \
    bindings-php/php/tests/run-vectors.php || status=$?

invalid=$(grep -cE 'Invalid (read|write|free)|uninitialised value|Mismatched free' "$log" || true)
# Loss records ("... are definitely lost in loss record ...") whose stack goes through the library.
library_lost=$(awk '
    /definitely lost in loss record/ { inrec = 1; hit = 0; next }
    inrec && /infomaniak_connect|ikc_/ { hit = 1 }
    inrec && /^==[0-9]+== *$/ { if (hit) n++; inrec = 0 }
    END { print n + 0 }' "$log")

echo "memcheck: $(grep -m1 'ERROR SUMMARY' "$log" | sed 's/^==[0-9]*== //')"
grep -E 'definitely lost:|indirectly lost:|possibly lost:|still reachable:' "$log" | sed 's/^==[0-9]*== /memcheck:   /' || true
echo "memcheck: invalid reads/writes/frees/uninitialised uses: $invalid; definitely-lost records through the library: $library_lost (full log: $log)"

if [ "$invalid" -ne 0 ] || [ "$library_lost" -ne 0 ]; then
    echo "memcheck: FAILED" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    echo "memcheck: the vector run itself failed (exit $status); memory checks are clean" >&2
    exit "$status"
fi
echo "memcheck: OK"
