<?php
/**
 * One callback step in this fresh PHP process, timed from the inside:
 *   php step.php library|reference FIXTURE.json
 * The fixture (the request's input: query, cookies, cached keys, the token response) is read
 * first; then getrusage() and hrtime() bracket the `require` of the implementation, so its
 * compilation, the FFI load and every check are inside the measured span, PHP's own start-up and
 * shutdown outside. Prints one JSON line: cpu_us (user + system), wall_us, the decision.
 */
declare(strict_types=1);

$impl = $argv[1] ?? '';
$files = ['library' => __DIR__ . '/step-library.php', 'reference' => __DIR__ . '/reference.php'];
if (!isset($files[$impl]) || !is_file($argv[2] ?? '')) {
    fwrite(STDERR, "usage: php step.php library|reference FIXTURE.json\n");
    exit(2);
}
$fx = json_decode((string) file_get_contents($argv[2]), true, 64, JSON_THROW_ON_ERROR);

function bench_cpu_us(array $usage): int
{
    return $usage['ru_utime.tv_sec'] * 1000000 + $usage['ru_utime.tv_usec']
        + $usage['ru_stime.tv_sec'] * 1000000 + $usage['ru_stime.tv_usec'];
}

$u0 = getrusage();
$w0 = hrtime(true);
$result = require $files[$impl];
$w1 = hrtime(true);
$u1 = getrusage();

$marks = [];
foreach ($result['marks'] ?? [] as $name => $usage) {
    $marks[$name . '_cpu_us'] = bench_cpu_us($usage) - bench_cpu_us($u0);
}
$decision = $result['decision'];
$ok = array_intersect_key($decision, $fx['expected']) == $fx['expected'];
echo json_encode([
    'impl' => $impl,
    'cpu_us' => bench_cpu_us($u1) - bench_cpu_us($u0),
    'wall_us' => intdiv($w1 - $w0, 1000),
    'ok' => $ok,
    'decision' => $decision,
] + $marks, JSON_UNESCAPED_SLASHES), "\n";
exit($ok ? 0 : 1);
