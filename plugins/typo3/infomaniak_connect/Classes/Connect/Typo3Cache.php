<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Connect;

use Infomaniak\Connect\Cache\Cache;
use Infomaniak\ConnectTypo3\Cache\CacheKey;
use TYPO3\CMS\Core\Cache\Frontend\FrontendInterface;

/**
 * The library's Cache on the TYPO3 cache "infomaniak_connect" (provider metadata and keys; nothing
 * secret). Flushed with the system caches.
 */
final class Typo3Cache implements Cache
{
    public function __construct(private readonly FrontendInterface $cache)
    {
    }

    public function get(string $key): ?string
    {
        $value = $this->cache->get(CacheKey::identifier($key));
        return is_string($value) ? $value : null;
    }

    public function set(string $key, string $value, int $ttl): void
    {
        $this->cache->set(CacheKey::identifier($key), $value, [], max(1, $ttl));
    }
}
