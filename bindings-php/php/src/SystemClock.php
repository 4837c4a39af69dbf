<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/** The Clock of this machine. */
final class SystemClock implements Clock
{
    public function now(): int
    {
        return time();
    }
}
