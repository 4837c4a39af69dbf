<?php

/**
 * PSR-4 autoloader for Infomaniak\Connect\… without Composer (CMS plugins bundle this library).
 * With Composer, its own autoloader does the same from composer.json.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'Infomaniak\\Connect\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $relative = substr($class, strlen($prefix));
    if (str_starts_with($relative, 'Tests\\')) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', $relative) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
