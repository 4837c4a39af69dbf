<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\Clock;

/** A Clock the test moves. */
final class FixedClock implements Clock
{
    public function __construct(public int $now)
    {
    }

    public function now(): int
    {
        return $this->now;
    }
}
