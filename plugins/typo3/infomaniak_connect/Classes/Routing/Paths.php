<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Routing;

/**
 * The two frontend URLs of the extension, relative to a site's base: the start URL the login
 * button links to, and the redirect URI registered in the Infomaniak Manager.
 */
final class Paths
{
    /** The redirect URI's last segment (the one to register: site base + this). */
    public const CALLBACK = 'openid-connect-authorize';
    /** The start URL's last segment; its `return` parameter is where the visitor goes back to. */
    public const START = 'openid-connect-login';
    /** The start URL's parameter with the path to return to. */
    public const RETURN_PARAMETER = 'return';

    private function __construct()
    {
    }

    /** The base path ending in "/" ("/", "/site/") of an absolute or relative base URL. */
    public static function basePath(string $base): string
    {
        $path = (string) parse_url($base, PHP_URL_PATH);
        if ($path === '' || $path[0] !== '/') {
            $path = '/' . $path;
        }
        return rtrim($path, '/') . '/';
    }

    /** True when $requestPath is $segment directly under $base's path (a trailing "/" allowed). */
    public static function matches(string $requestPath, string $base, string $segment): bool
    {
        $expected = self::basePath($base) . $segment;
        return $requestPath === $expected || $requestPath === $expected . '/';
    }

    /**
     * The absolute redirect URI for a site: its base (completed with $origin when it has no host)
     * + "openid-connect-authorize".
     *
     * @param string $origin scheme://host[:port] of the current request, for relative bases ("/")
     */
    public static function redirectUri(string $base, string $origin): string
    {
        return self::absoluteBase($base, $origin) . self::CALLBACK;
    }

    /** The site's absolute base URL ending in "/". */
    public static function absoluteBase(string $base, string $origin): string
    {
        $parts = parse_url($base);
        if (is_array($parts) && isset($parts['host'])) {
            $scheme = $parts['scheme'] ?? (str_starts_with($origin, 'http://') ? 'http' : 'https');
            $port = isset($parts['port']) ? ':' . $parts['port'] : '';
            return $scheme . '://' . $parts['host'] . $port . self::basePath($base);
        }
        return rtrim($origin, '/') . self::basePath($base);
    }

    /** The start URL (a site-relative path with the return path), the login button's href. */
    public static function startUrl(string $base, string $returnPath): string
    {
        return self::basePath($base) . self::START . '?' . http_build_query(
            [self::RETURN_PARAMETER => $returnPath],
            '',
            '&',
            PHP_QUERY_RFC3986
        );
    }
}
