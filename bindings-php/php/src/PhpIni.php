<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * The php.ini lines that make FFI usable, with this installation's absolute paths: the text
 * CoreUnavailable shows in health checks.
 */
final class PhpIni
{
    private function __construct()
    {
    }

    /** The two ways to allow FFI, ready to paste into php.ini. */
    public static function ffiAdvice(): string
    {
        $lines = [
            'Add to php.ini (or the PHP pool / virtual host configuration), then restart PHP, either:',
            '    ffi.enable=1',
            'or, to keep FFI limited to preloaded code (the "preload" way):',
            '    ffi.enable=preload',
            '    opcache.enable=1',
            '    opcache.preload=' . Library::preloadScript(),
        ];
        $user = self::currentUser();
        $lines[] = '    opcache.preload_user=' . ($user ?? 'www-data')
            . '    ; needed when PHP starts as root (php-fpm, Apache): the user that serves requests';
        $lines[] = 'Under the preload way, restart PHP after every update of this library.';
        return implode("\n", $lines);
    }

    /** The user PHP runs as, unless root or unknown. */
    private static function currentUser(): ?string
    {
        if (!function_exists('posix_geteuid') || !function_exists('posix_getpwuid')) {
            return null;
        }
        $uid = posix_geteuid();
        if ($uid === 0) {
            return null;
        }
        $entry = posix_getpwuid($uid);
        return is_array($entry) && isset($entry['name']) && is_string($entry['name']) ? $entry['name'] : null;
    }
}
