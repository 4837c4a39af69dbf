<?php

// Runs every vector of tests/vectors/*.json through FFI without PHPUnit (lighter under valgrind,
// see `make memcheck`). Prints failures and a closing "N passed, N failed" line; exit 1 on failure.

declare(strict_types=1);

require __DIR__ . '/bootstrap.php';

use Infomaniak\Connect\Core;
use Infomaniak\Connect\Tests\Support\VectorCheck;

$core = Core::load();
$passed = 0;
$failed = 0;
foreach (VectorCheck::all() as $name => $vector) {
    $failures = VectorCheck::run($core, $vector);
    if ($failures === []) {
        $passed++;
        continue;
    }
    $failed++;
    fwrite(STDERR, 'FAIL ' . $name . "\n  " . str_replace("\n", "\n  ", implode("\n", $failures)) . "\n");
}
if ($passed + $failed === 0) {
    fwrite(STDERR, 'no vectors in ' . VectorCheck::directory() . "\n");
    exit(1);
}
echo "vectors: {$passed} passed, {$failed} failed\n";
exit($failed === 0 ? 0 : 1);
