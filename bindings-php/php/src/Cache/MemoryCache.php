<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Cache;

use Infomaniak\Connect\Clock;
use Infomaniak\Connect\SystemClock;

/** A Cache that lives as long as the PHP request (or the test): the default, and for tests. */
final class MemoryCache implements Cache
{
    /** @var array<string, array{string, int}> key => [value, expires at] */
    private array $entries = [];

    public function __construct(private readonly Clock $clock = new SystemClock())
    {
    }

    public function get(string $key): ?string
    {
        $entry = $this->entries[$key] ?? null;
        if ($entry === null) {
            return null;
        }
        if ($entry[1] <= $this->clock->now()) {
            unset($this->entries[$key]);
            return null;
        }
        return $entry[0];
    }

    public function set(string $key, string $value, int $ttl): void
    {
        $this->entries[$key] = [$value, $this->clock->now() + max(0, $ttl)];
    }
}
