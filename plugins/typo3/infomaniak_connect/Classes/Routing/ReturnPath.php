<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Routing;

/**
 * Reduces what a request says about "where to go back" (a `return` parameter, a felogin
 * redirect_url, a referrer) to a same-origin path with query. The core sanitizes it again when it
 * signs the login cookie; this only turns same-site absolute URLs into paths.
 */
final class ReturnPath
{
    private function __construct()
    {
    }

    /**
     * @param string|null $candidate a path ("/news?page=2") or an absolute URL
     * @param string $origin scheme://host[:port] of this site
     * @param string $default the path used when $candidate is empty or points elsewhere
     */
    public static function from(?string $candidate, string $origin, string $default = '/'): string
    {
        $candidate = trim((string) $candidate);
        if ($candidate === '' || preg_match('/[\x00-\x1f\x7f\\\\]/', $candidate) === 1) {
            return $default;
        }
        if ($candidate[0] === '/') {
            return str_starts_with($candidate, '//') ? $default : $candidate;
        }
        $parts = parse_url($candidate);
        $home = parse_url($origin);
        if (!is_array($parts) || !is_array($home) || !isset($parts['scheme'], $parts['host'], $home['host'])) {
            return $default;
        }
        $same = strtolower($parts['scheme']) === strtolower((string) ($home['scheme'] ?? ''))
            && strtolower($parts['host']) === strtolower($home['host'])
            && ($parts['port'] ?? null) === ($home['port'] ?? null);
        if (!$same) {
            return $default;
        }
        $path = $parts['path'] ?? '/';
        if ($path === '' || $path[0] !== '/' || str_starts_with($path, '//')) {
            return $default;
        }
        return $path . (isset($parts['query']) ? '?' . $parts['query'] : '');
    }
}
