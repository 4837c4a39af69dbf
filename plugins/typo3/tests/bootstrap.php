<?php

declare(strict_types=1);

// Unit tests of the extension's plain classes: no TYPO3 is loaded (and none is faked). The PHP
// library comes from bindings-php/php (or INFOMANIAK_CONNECT_PHP_LIB), as in the dist package.
$library = getenv('INFOMANIAK_CONNECT_PHP_LIB') ?: dirname(__DIR__, 3) . '/bindings-php/php';
require_once $library . '/autoload.php';

spl_autoload_register(static function (string $class): void {
    foreach (['Infomaniak\\ConnectTypo3\\Tests\\' => __DIR__ . '/', 'Infomaniak\\ConnectTypo3\\' => dirname(__DIR__) . '/infomaniak_connect/Classes/'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
