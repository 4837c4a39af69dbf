#!/usr/bin/env bash
# `make memcheck`: valgrind memcheck over (1) the PHP vector run (every vector of tests/vectors
# through FFI) and (2) the PHP end-to-end suite (real OP, real curl, the whole login flow through
# FFI), with PHP's own allocator off (USE_ZEND_ALLOC=0) so every allocation is seen. Fails on any
# invalid read/write (anywhere) and on any definitely-lost block allocated through the library.
# pcre.jit=0: valgrind cannot see into PCRE's JIT code, whose 16-byte vector reads past a
# string's end are reported as invalid reads (PHP's own valgrind advice turns the JIT off).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed (make bootstrap)" >&2; exit 1; }
logdir="${MEMCHECK_LOG_DIR:-target/memcheck}"
mkdir -p "$logdir"

failed=0

# check NAME COMMAND...: runs COMMAND (a PHP invocation) under memcheck and judges its log.
check() {
    local name="$1"; shift
    local log="$logdir/$name.log" status=0
    USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 valgrind --tool=memcheck --leak-check=full \
        --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=40 \
        --log-file="$log" "$@" >"$logdir/$name.out" 2>&1 || status=$?

    local invalid library_lost
    invalid=$(grep -cE 'Invalid (read|write|free)|uninitialised value|Mismatched free' "$log" || true)
    # Loss records ("... are definitely lost in loss record ...") whose stack goes through the library.
    library_lost=$(awk '
        /definitely lost in loss record/ { inrec = 1; hit = 0; next }
        inrec && /infomaniak_connect|ikc_/ { hit = 1 }
        inrec && /^==[0-9]+== *$/ { if (hit) n++; inrec = 0 }
        END { print n + 0 }' "$log")

    echo "memcheck $name: $(tail -n 3 "$logdir/$name.out" | grep -vE '^\s*$' | tail -n 1)"
    echo "memcheck $name: $(grep -m1 'ERROR SUMMARY' "$log" | sed 's/^==[0-9]*== //')"
    grep -E 'definitely lost:|indirectly lost:|possibly lost:' "$log" | sed "s/^==[0-9]*== /memcheck $name:   /" || true
    echo "memcheck $name: invalid reads/writes/frees/uninitialised uses: $invalid; definitely-lost records through the library: $library_lost (log: $log)"

    if [ "$invalid" -ne 0 ] || [ "$library_lost" -ne 0 ]; then
        echo "memcheck $name: FAILED (memory)" >&2
        failed=1
    elif [ "$status" -ne 0 ]; then
        tail -n 30 "$logdir/$name.out" >&2
        echo "memcheck $name: the run itself failed (exit $status); memory checks are clean" >&2
        failed=1
    fi
}

check vectors php -d ffi.enable=1 -d opcache.enable_cli=0 -d pcre.jit=0 bindings-php/php/tests/run-vectors.php
check end-to-end php -d ffi.enable=1 -d opcache.enable_cli=0 -d pcre.jit=0 "$(command -v phpunit)" \
    --configuration bindings-php/php/phpunit.xml --testsuite end-to-end

[ "$failed" -eq 0 ] || { echo "memcheck: FAILED" >&2; exit 1; }
echo "memcheck: OK"
