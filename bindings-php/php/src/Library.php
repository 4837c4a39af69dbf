<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * Where the shared library (libinfomaniak_connect.so) is, and the C declarations PHP's FFI
 * needs to call it. The declarations are those of bindings-php/include/infomaniak_connect.h
 * (a test keeps the two equal), so the PHP library works without that directory.
 */
final class Library
{
    /** The environment variable that names the library's absolute path. */
    public const ENV = 'INFOMANIAK_CONNECT_LIB';

    /** The FFI scope Core uses when ffi.preload declares it (optional, see preload.php). */
    public const FFI_SCOPE = 'INFOMANIAK_CONNECT';

    /** The C declarations of the ABI (the header without comments and #define lines). */
    public const C_DECLARATIONS = <<<'C'
        uint32_t ikc_abi_version(void);
        char *ikc_call(const char *op, const char *input_json);
        void ikc_free(char *answer);
        C;

    private function __construct()
    {
    }

    /**
     * The library to load: $explicitPath, else $INFOMANIAK_CONNECT_LIB, else the bundled copy for
     * this platform. Returns the first one given (existing or not) so errors can name it.
     */
    public static function path(?string $explicitPath = null): string
    {
        if ($explicitPath !== null && $explicitPath !== '') {
            return $explicitPath;
        }
        $fromEnv = getenv(self::ENV);
        if (is_string($fromEnv) && $fromEnv !== '') {
            return $fromEnv;
        }
        return self::bundledPath();
    }

    /** The bundled copy: <library>/lib/<os>-<arch>/libinfomaniak_connect.<so|dylib|dll>. */
    public static function bundledPath(): string
    {
        return self::root() . '/lib/' . self::platform() . '/' . self::fileName();
    }

    /** The platform directory name, e.g. "linux-x86_64", "darwin-aarch64". */
    public static function platform(): string
    {
        $os = strtolower(PHP_OS_FAMILY);
        $machine = strtolower(php_uname('m'));
        $arch = match ($machine) {
            'amd64', 'x64', 'x86-64' => 'x86_64',
            'arm64', 'armv8', 'aarch64_be' => 'aarch64',
            default => $machine,
        };
        return $os . '-' . $arch;
    }

    /** The file name of the library on this OS. */
    public static function fileName(): string
    {
        return match (PHP_OS_FAMILY) {
            'Windows' => 'infomaniak_connect.dll',
            'Darwin' => 'libinfomaniak_connect.dylib',
            default => 'libinfomaniak_connect.so',
        };
    }

    /** The directory of this PHP library (the one holding src/, lib/ and preload.php). */
    public static function root(): string
    {
        return dirname(__DIR__);
    }

    /** The absolute path of preload.php, for php.ini's opcache.preload. */
    public static function preloadScript(): string
    {
        return self::root() . '/preload.php';
    }

    /**
     * A header for FFI::load() or php.ini's ffi.preload: the declarations, the scope, and the
     * library by its absolute path (dlopen() does not look next to the header).
     */
    public static function ffiHeader(string $libraryPath): string
    {
        return '#define FFI_SCOPE "' . self::FFI_SCOPE . "\"\n"
            . '#define FFI_LIB "' . addcslashes($libraryPath, "\"\\") . "\"\n"
            . self::C_DECLARATIONS . "\n";
    }
}
