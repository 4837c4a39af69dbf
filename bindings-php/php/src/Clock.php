<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/** The current time, supplied by the host (the core never reads a clock). */
interface Clock
{
    /** Unix time in seconds. */
    public function now(): int;
}
