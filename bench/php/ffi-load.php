<?php
/**
 * Not part of `make bench`: what `Core::load()`'s FFI::cdef costs, split (bench/README.md,
 * "Budgets missed", 2). One measurement per fresh process:
 *   php ffi-load.php none            FFI::cdef of libc's strlen, no dlopen
 *   php ffi-load.php LIBRARY.so      FFI::cdef of the ABI's 3 declarations + ikc_abi_version()
 * Prints the CPU time (getrusage user + system) of that span in µs. Driven by ffi-load.sh.
 */
declare(strict_types=1);

function ffi_load_cpu_us(): int
{
    $u = getrusage();
    return $u['ru_utime.tv_sec'] * 1000000 + $u['ru_utime.tv_usec'] + $u['ru_stime.tv_sec'] * 1000000 + $u['ru_stime.tv_usec'];
}

$what = $argv[1] ?? '';
$t0 = ffi_load_cpu_us();
if ($what === 'none') {
    $ffi = FFI::cdef('size_t strlen(const char *s);');
    $ffi->strlen('abc');
} else {
    $ffi = FFI::cdef("uint32_t ikc_abi_version(void);\nchar *ikc_call(const char *op, const char *input_json);\nvoid ikc_free(char *answer);\n", $what);
    $ffi->ikc_abi_version();
}
echo ffi_load_cpu_us() - $t0, "\n";
