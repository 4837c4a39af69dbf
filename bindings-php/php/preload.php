<?php

/**
 * The "preload" way of allowing FFI, for ffi.enable=preload (PHP's default), under which FFI
 * works in web requests only when called from preloaded code. In php.ini:
 *
 *     opcache.enable=1
 *     opcache.preload=/absolute/path/to/this/preload.php
 *     opcache.preload_user=www-data   ; when PHP starts as root (php-fpm, Apache)
 *
 * This script compiles every class of the library at server start, so Core (the one class that
 * calls FFI) is preloaded code and may load the shared library by its absolute path. Restart PHP
 * after updating the library. It never fails PHP's start: a problem is logged, and Core::load()
 * then throws CoreUnavailable saying what to do.
 *
 * Optionally, ffi.preload may name a header declaring the scope "INFOMANIAK_CONNECT" with an
 * absolute FFI_LIB (Library::ffiHeader() returns its text); Core then uses that scope. A bare FFI_LIB
 * name is only found in the system library path, and a failing ffi.preload stops PHP from starting.
 */

declare(strict_types=1);

(static function (): void {
    try {
        require_once __DIR__ . '/autoload.php';
        $src = __DIR__ . '/src/';
        $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($src, FilesystemIterator::SKIP_DOTS));
        foreach ($files as $file) {
            if ($file instanceof SplFileInfo && $file->isFile() && $file->getExtension() === 'php') {
                $name = 'Infomaniak\\Connect\\' . str_replace('/', '\\', substr($file->getPathname(), strlen($src), -4));
                // Autoloading links each class with its parents and interfaces.
                class_exists($name) || interface_exists($name);
            }
        }
    } catch (Throwable $e) {
        error_log('Infomaniak Connect preload failed: ' . $e->getMessage());
    }
})();
