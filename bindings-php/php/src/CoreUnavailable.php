<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

use Throwable;

/**
 * The core cannot be used on this PHP: FFI is missing, disabled or restricted, or the shared
 * library cannot be found or loaded. detail() (and getMessage()) says exactly what to change,
 * with absolute paths: show it in the CMS's health check. Visitors get visitorMessage(); the
 * site itself keeps working.
 */
final class CoreUnavailable extends ConnectException
{
    /** The visitor message: the login button cannot work, nothing else is wrong. */
    public const VISITOR_MESSAGE = 'Login with Infomaniak is not available on this site right now. Please contact the site administrator.';

    private function __construct(string $detail, ?Throwable $previous = null)
    {
        parent::__construct(self::CORE_UNAVAILABLE, self::VISITOR_MESSAGE, $detail, $previous);
    }

    /** PHP has no FFI extension. */
    public static function ffiMissing(): self
    {
        return new self(
            'Infomaniak Connect needs PHP\'s FFI extension, which this PHP ' . PHP_VERSION . ' does not have. '
            . 'Install or enable it (PHP built with --with-ffi; on Debian and Ubuntu it is part of php'
            . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION . '-common; on other systems add "extension=ffi"), then:'
            . "\n" . PhpIni::ffiAdvice()
        );
    }

    /** ffi.enable forbids FFI here (0, or "preload" outside preloaded code in a web request). */
    public static function ffiRestricted(string $setting, ?Throwable $previous = null): self
    {
        $why = $setting === 'preload'
            ? 'ffi.enable is "preload": FFI works on the command line and in preloaded code only, '
                . 'and the Infomaniak Connect preload script is not active in this PHP.'
            : 'ffi.enable is "' . $setting . '": FFI is disabled.';
        return new self(
            'Infomaniak Connect cannot use PHP\'s FFI: ' . $why . "\n" . PhpIni::ffiAdvice(),
            $previous
        );
    }

    /** No library file at $path. */
    public static function libraryMissing(string $path): self
    {
        return new self(
            'Infomaniak Connect\'s shared library was not found at ' . $path . ' (platform '
            . Library::platform() . '). Install the package built for this platform, or set the '
            . 'environment variable ' . Library::ENV . ' to the absolute path of '
            . Library::fileName() . '.'
        );
    }

    /** The file exists but could not be loaded (wrong architecture, missing libc symbols, …). */
    public static function libraryUnloadable(string $path, Throwable $previous): self
    {
        return new self(
            'Infomaniak Connect\'s shared library ' . $path . ' could not be loaded ('
            . $previous->getMessage() . '). Is it built for ' . Library::platform() . '?',
            $previous
        );
    }

    /** The library speaks another protocol version than this PHP library. */
    public static function abiMismatch(string $path, int $found): self
    {
        return new self(
            'Infomaniak Connect\'s shared library ' . $path . ' speaks protocol version ' . $found
            . ', this PHP library needs ' . Core::ABI_VERSION . ': install the library and the PHP code '
            . 'from the same release.'
        );
    }
}
