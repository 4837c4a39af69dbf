<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests;

use Infomaniak\Connect\Core;
use Infomaniak\Connect\Tests\Support\TestEnv;
use Infomaniak\Connect\Tests\Support\VectorCheck;
use PHPUnit\Framework\TestCase;
use stdClass;

/** Every vector of tests/vectors/*.json, through FFI: the answers must be Rust's. */
final class VectorsTest extends TestCase
{
    private static ?Core $core = null;

    /** @return iterable<string, array{stdClass}> */
    public function vectors(): iterable
    {
        $vectors = VectorCheck::all();
        if ($vectors === []) {
            yield 'no vectors in ' . VectorCheck::directory() => [new stdClass()];
            return;
        }
        foreach ($vectors as $name => $vector) {
            yield $name => [$vector];
        }
    }

    /** @dataProvider vectors */
    public function testVector(stdClass $vector): void
    {
        $this->assertTrue(isset($vector->op), 'no vectors found in ' . VectorCheck::directory());
        self::$core ??= TestEnv::core();
        $failures = VectorCheck::run(self::$core, $vector);
        $this->assertSame([], $failures, implode("\n", $failures));
    }

    public function testTheRunnerItselfCatchesMismatches(): void
    {
        $decode = static fn (string $json): mixed => json_decode($json, false, 512, JSON_THROW_ON_ERROR);
        $this->assertNull(VectorCheck::subsetMismatch($decode('{"ok":{"a":1}}'), $decode('{"ok":{"a":1,"b":2}}'), '$'));
        $this->assertNotNull(VectorCheck::subsetMismatch($decode('{"ok":{"a":1}}'), $decode('{"ok":{"a":2}}'), '$'));
        $this->assertNotNull(VectorCheck::subsetMismatch($decode('{"ok":[1]}'), $decode('{"ok":[1,2]}'), '$'));
        $this->assertNotNull(VectorCheck::subsetMismatch($decode('{"ok":{}}'), $decode('{"ok":[]}'), '$'));
        $this->assertNotNull(VectorCheck::subsetMismatch($decode('{"ok":null}'), $decode('{"ok":{}}'), '$'));
        $this->assertTrue(VectorCheck::equal($decode('{"a":[1,{"b":true}],"c":"x"}'), $decode('{"c":"x","a":[1,{"b":true}]}')));
        $this->assertFalse(VectorCheck::equal($decode('{"a":1}'), $decode('{"a":1,"b":null}')));
        $this->assertFalse(VectorCheck::equal($decode('"1"'), $decode('1')));

        $vector = $decode('{"name":"t","op":"version","input":{},"expect":{"ok":{"abi":2}}}');
        $this->assertCount(1, VectorCheck::run(TestEnv::core(), $vector));
        $vector = $decode('{"name":"t","op":"version","input":{},"expect":{"ok":{"abi":1}},"output":{"ok":{"abi":1}}}');
        $this->assertCount(1, VectorCheck::run(TestEnv::core(), $vector), 'output must match exactly');
    }
}
