<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Cache;

/**
 * The library's cache keys ("ikc:jwks:<hash>") as TYPO3 cache entry identifiers, which allow
 * only [a-zA-Z0-9_%\-&] and at most 250 characters.
 */
final class CacheKey
{
    private function __construct()
    {
    }

    public static function identifier(string $key): string
    {
        $plain = preg_replace('/[^a-zA-Z0-9_%\-&]/', '_', $key) ?? '';
        if ($plain === $key && strlen($plain) <= 250) {
            return $plain;
        }
        // Replaced characters could make two keys equal: the hash keeps them apart.
        return substr($plain, 0, 200) . '-' . substr(hash('sha256', $key), 0, 16);
    }
}
