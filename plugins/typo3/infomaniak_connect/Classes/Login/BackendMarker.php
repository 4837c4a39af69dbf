<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Login;

/**
 * Marks a login started from the backend login screen. The provider sends every login back to
 * the one registered redirect URI (a frontend URL); this cookie, named after the login's state
 * like the core's login cookie, tells that URL to hand the answer on to the backend, where it is
 * verified in full. Forging it gains nothing: the backend only logs in linked backend users.
 */
final class BackendMarker
{
    public const PREFIX = 'ikc_be_';

    private function __construct()
    {
    }

    /** The marker's cookie name for a login whose state is $state. */
    public static function cookieName(string $state): ?string
    {
        return preg_match('/\A[A-Za-z0-9_-]{8}/', $state) === 1 ? self::PREFIX . substr($state, 0, 8) : null;
    }

    /** The Set-Cookie header value that sets the marker (10 minutes, like the login cookie). */
    public static function setCookieHeader(string $state, bool $secure): ?string
    {
        $name = self::cookieName($state);
        return $name === null ? null
            : $name . '=1; Max-Age=600; Path=/; HttpOnly; SameSite=Lax' . ($secure ? '; Secure' : '');
    }

    /** The Set-Cookie header value that deletes the marker. */
    public static function clearCookieHeader(string $state, bool $secure): ?string
    {
        $name = self::cookieName($state);
        return $name === null ? null
            : $name . '=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax' . ($secure ? '; Secure' : '');
    }

    /**
     * True when the callback with $query (its `state`) carries the backend marker.
     *
     * @param array<mixed> $query
     * @param array<mixed> $cookies
     */
    public static function isBackendLogin(array $query, array $cookies): bool
    {
        $state = $query['state'] ?? null;
        $name = is_string($state) ? self::cookieName($state) : null;
        return $name !== null && ($cookies[$name] ?? null) === '1';
    }
}
