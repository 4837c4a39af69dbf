<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Provider;

use Infomaniak\Connect\Cache\Cache;
use Infomaniak\Connect\Clock;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\Transport;

/**
 * The provider's signing keys (JWKS): cached 24 h, checked by the core before caching, and
 * refetched when the core answers `jwks_refresh` (a token signed with a key not in the copy,
 * i.e. key rotation), at most once a minute per JWKS URL across requests (tracked in the Cache).
 */
final class KeySet
{
    /** The least time between two forced refetches of one JWKS, in seconds. */
    public const REFRESH_INTERVAL = 60;

    public function __construct(
        private readonly Core $core,
        private readonly Transport $transport,
        private readonly DocumentCache $documents,
        private readonly Cache $cache,
        private readonly Clock $clock,
    ) {
    }

    /**
     * The JWKS document to verify with, and whether it was fetched just now.
     *
     * @return array{0: string, 1: bool} [body, fetched now]
     */
    public function current(string $jwksUri): array
    {
        $cached = $this->documents->read(DocumentCache::key('jwks', $jwksUri));
        if ($cached !== null && $cached->fresh) {
            return [$cached->body, false];
        }
        try {
            return [$this->fetch($jwksUri), true];
        } catch (ConnectException $e) {
            if ($cached !== null) {
                return [$cached->body, false];
            }
            throw $e;
        }
    }

    /**
     * Refetches the JWKS after the core asked for it; null when one was refetched less than a
     * minute ago (then the login fails with the core's answer).
     */
    public function refresh(string $jwksUri): ?string
    {
        $key = DocumentCache::key('jwks-refresh', $jwksUri);
        $now = $this->clock->now();
        $last = $this->cache->get($key);
        if ($last !== null && ctype_digit($last) && $now - (int) $last < self::REFRESH_INTERVAL) {
            return null;
        }
        $this->cache->set($key, (string) $now, 2 * self::REFRESH_INTERVAL);
        return $this->fetch($jwksUri);
    }

    private function fetch(string $jwksUri): string
    {
        $request = HttpRequest::get($jwksUri);
        $response = $this->transport->send($request);
        if (!$response->isSuccess()) {
            throw new ConnectException(
                ConnectException::PROVIDER_UNREACHABLE,
                ConnectException::MESSAGE_PROVIDER_UNAVAILABLE,
                'GET ' . $request->loggableUrl() . ' answered HTTP ' . $response->status
            );
        }
        // Checked before it is cached: an error page must not replace good keys.
        $this->core->call('parse_jwks', ['jwks' => $response->body]);
        $this->documents->write(DocumentCache::key('jwks', $jwksUri), $response->body);
        return $response->body;
    }
}
