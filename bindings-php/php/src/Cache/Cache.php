<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Cache;

/**
 * A small key/value store for provider metadata and keys (and the JWKS refresh throttle). CMS
 * adapters map it to transients, the caching framework, etc. Values are short JSON strings; keys
 * are ASCII, at most 80 characters, prefixed "ikc:". Nothing secret is ever stored.
 */
interface Cache
{
    /** The value stored under $key, or null when absent or expired. */
    public function get(string $key): ?string;

    /** Stores $value under $key for $ttl seconds. */
    public function set(string $key, string $value, int $ttl): void;
}
