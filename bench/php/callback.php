<?php
/**
 * Figure 2: CPU time of one whole callback step in a fresh PHP process, the PHP library + core
 * over FFI against the pure-PHP reference (reference.php), median of N runs each, interleaved.
 *   php callback.php [RUNS]
 * Each run is a new `php step.php …` process; step.php measures getrusage() user+system time
 * from the inside, around the `require` of the implementation (see step.php): PHP's start-up and
 * shutdown are left out, the library's FFI load (dlopen + header parse) is in.
 *
 * Four PHP set-ups, both sides alike:
 * - opcache: opcache on with a file cache, warmed first, as on a production site where compiled
 *   scripts are cached (the budgeted figure);
 * - no opcache: the CLI default, every script compiled in the measured span (informational);
 * - ffi.preload: opcache as above, and the library loaded once at PHP start-up by ffi.preload
 *   (a header with its absolute path), as a host configured that way pays per request
 *   (informational: the library side only differs);
 * - preload: ffi.preload as above plus opcache.preload=bindings-php/php/preload.php, the library's
 *   documented set-up for ffi.enable=preload (every class of the library compiled at PHP start-up),
 *   with opcache's shared memory in front of the file cache (informational).
 */
declare(strict_types=1);

$runs = max(5, (int) ($argv[1] ?? 50));
$work = sys_get_temp_dir() . '/ikc-bench-php-' . getmypid();
@mkdir($work . '/opcache', 0700, true);
$fixture = $work . '/fixture.json';
passthru('php ' . escapeshellarg(__DIR__ . '/fixture.php') . ' ' . escapeshellarg($fixture), $code);
if ($code !== 0) {
    fwrite(STDERR, "fixture.php failed\n");
    exit(1);
}

// Both sides must refuse a token whose signature was tampered with (nothing skips the checks).
$fx = json_decode((string) file_get_contents($fixture), true);
$tokens = json_decode($fx['token_body'], true);
$tokens['id_token'] = substr($tokens['id_token'], 0, -4) . (str_ends_with($tokens['id_token'], 'AAAA') ? 'BBBB' : 'AAAA');
$fx['token_body'] = json_encode($tokens, JSON_UNESCAPED_SLASHES);
$tampered = $work . '/tampered.json';
file_put_contents($tampered, json_encode($fx, JSON_UNESCAPED_SLASHES));
foreach (['library', 'reference'] as $impl) {
    exec(implode(' ', array_map('escapeshellarg', ['php', __DIR__ . '/step.php', $impl, $tampered])) . ' 2>&1', $out, $code);
    if ($code === 0) {
        fwrite(STDERR, "$impl accepted a tampered ID token\n");
        exit(1);
    }
}

$header = $work . '/infomaniak_connect.h';
require dirname(__DIR__, 2) . '/bindings-php/php/autoload.php';
file_put_contents($header, Infomaniak\Connect\Library::ffiHeader(Infomaniak\Connect\Library::bundledPath()));
$opcache = ['-d', 'opcache.enable_cli=1', '-d', 'opcache.file_cache=' . $work . '/opcache',
    '-d', 'opcache.file_cache_only=1', '-d', 'opcache.validate_timestamps=0'];
$setups = [
    'opcache' => $opcache,
    'noopcache' => ['-d', 'opcache.enable_cli=0'],
    'ffipreload' => array_merge($opcache, ['-d', 'ffi.preload=' . $header]),
    'preload' => array_merge(['-d', 'opcache.enable_cli=1', '-d', 'opcache.file_cache=' . $work . '/opcache-preload',
        '-d', 'opcache.validate_timestamps=0', '-d', 'ffi.preload=' . $header,
        '-d', 'opcache.preload=' . Infomaniak\Connect\Library::preloadScript()],
        // PHP refuses to preload as root unless told which user runs the preload script.
        function_exists('posix_geteuid') && posix_geteuid() === 0 ? ['-d', 'opcache.preload_user=root'] : []),
];
@mkdir($work . '/opcache-preload', 0700, true);

/** @return array<string, mixed> */
function step(array $phpArgs, string $impl, string $fixture): array
{
    $command = array_merge(['php'], $phpArgs, [__DIR__ . '/step.php', $impl, $fixture]);
    $line = exec(implode(' ', array_map('escapeshellarg', $command)), $output, $code);
    $result = json_decode((string) $line, true);
    if ($code !== 0 || !is_array($result) || ($result['ok'] ?? false) !== true) {
        fwrite(STDERR, "step.php $impl failed ($code): " . implode("\n", $output) . "\n");
        exit(1);
    }
    return $result;
}

function median(array $values): float
{
    sort($values);
    $n = count($values);
    return $n % 2 ? (float) $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2;
}

function line(string $name, float $value, string $unit, int $decimals = 3): void
{
    echo 'bench ', $name, ': ', number_format($value, $decimals, '.', ''), ' ', $unit, "\n";
}

$medians = [];
foreach ($setups as $setup => $phpArgs) {
    // Warm-up (fills the opcache file cache, the page cache), not counted.
    foreach (['library', 'reference', 'library', 'reference'] as $impl) {
        step($phpArgs, $impl, $fixture);
    }
    $cpu = ['library' => [], 'reference' => []];
    $ffi = [];
    for ($i = 0; $i < $runs; $i++) {
        // Interleaved, alternating which goes first, so drift in the machine's load hits both.
        $order = $i % 2 ? ['reference', 'library'] : ['library', 'reference'];
        foreach ($order as $impl) {
            $r = step($phpArgs, $impl, $fixture);
            $cpu[$impl][] = $r['cpu_us'] / 1000;
            if ($impl === 'library') {
                $ffi[] = $r['ffi_loaded_cpu_us'] / 1000;
            }
        }
    }
    $medians[$setup] = [median($cpu['library']), median($cpu['reference']), median($ffi)];
}

[$lib, $ref, $load] = $medians['opcache'];
line('php_callback_cpu_ms', $lib, 'ms');
line('php_reference_cpu_ms', $ref, 'ms');
line('php_callback_vs_reference', $lib / $ref, 'x');
line('php_callback_until_core_loaded_cpu_ms', $load, 'ms');
[$lib, $ref, $load] = $medians['noopcache'];
line('php_callback_noopcache_cpu_ms', $lib, 'ms');
line('php_reference_noopcache_cpu_ms', $ref, 'ms');
line('php_callback_noopcache_vs_reference', $lib / $ref, 'x');
[$lib, $ref] = $medians['ffipreload'];
line('php_callback_ffipreload_cpu_ms', $lib, 'ms');
line('php_reference_ffipreload_cpu_ms', $ref, 'ms');
line('php_callback_ffipreload_vs_reference', $lib / $ref, 'x');
[$lib, $ref] = $medians['preload'];
line('php_callback_preload_cpu_ms', $lib, 'ms');
line('php_reference_preload_cpu_ms', $ref, 'ms');
line('php_callback_preload_vs_reference', $lib / $ref, 'x');
echo 'info php_callback_runs: ', $runs, " each side, interleaved\n";

exec('rm -rf ' . escapeshellarg($work));
