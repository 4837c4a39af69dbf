<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Provider;

use Infomaniak\Connect\Cache\Cache;
use Infomaniak\Connect\Clock;

/**
 * Provider documents (discovery metadata, JWKS) in the host's Cache: fresh for 24 h, then
 * refetched; a stale copy is kept a week longer for when the provider cannot be reached.
 */
final class DocumentCache
{
    /** How long a copy is used without refetching, in seconds. */
    public const FRESH_FOR = 86400;
    /** How long a copy is kept as a fallback, in seconds. */
    public const KEEP_FOR = 7 * 86400;

    public function __construct(private readonly Cache $cache, private readonly Clock $clock)
    {
    }

    /** The cache key of document $kind for $url (hashed: keys stay short and plain). */
    public static function key(string $kind, string $url): string
    {
        return 'ikc:' . $kind . ':' . substr(hash('sha256', $url), 0, 32);
    }

    /** The stored copy under $key, or null. */
    public function read(string $key): ?CachedDocument
    {
        $raw = $this->cache->get($key);
        if ($raw === null) {
            return null;
        }
        $entry = json_decode($raw, true);
        if (!is_array($entry) || !is_int($entry['fetched_at'] ?? null) || !is_string($entry['body'] ?? null)) {
            return null;
        }
        $age = $this->clock->now() - $entry['fetched_at'];
        return new CachedDocument($entry['body'], $age >= 0 && $age < self::FRESH_FOR);
    }

    /** Stores $body under $key, fetched now. */
    public function write(string $key, string $body): void
    {
        $entry = json_encode(
            ['fetched_at' => $this->clock->now(), 'body' => $body],
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
        );
        if (is_string($entry)) {
            $this->cache->set($key, $entry, self::KEEP_FOR);
        }
    }
}
