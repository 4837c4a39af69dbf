<?php

/**
 * PHPUnit bootstrap for the module's plain classes: no Drupal is loaded.
 *
 * Autoloads the PHP library (bindings-php/php, or $INFOMANIAK_CONNECT_LIBRARY_DIR),
 * Debian's Guzzle (php-guzzlehttp-guzzle) and the module's own namespace.
 */

declare(strict_types=1);

$root = dirname(__DIR__, 3);
$library = getenv('INFOMANIAK_CONNECT_LIBRARY_DIR') ?: $root . '/bindings-php/php';
require_once $library . '/autoload.php';

foreach (['/usr/share/php/GuzzleHttp/autoload.php', '/usr/share/php/Symfony/Component/Yaml/autoload.php'] as $autoload) {
    if (is_file($autoload)) {
        require_once $autoload;
    }
}

define('INFOMANIAK_CONNECT_MODULE_DIR', dirname(__DIR__) . '/infomaniak_connect');
define('INFOMANIAK_CONNECT_LIBRARY_DIR', $library);
define('INFOMANIAK_CONNECT_REPO_ROOT', $root);

spl_autoload_register(static function (string $class): void {
    $prefixes = [
        'Drupal\\infomaniak_connect\\' => INFOMANIAK_CONNECT_MODULE_DIR . '/src/',
        'Drupal\\Tests\\infomaniak_connect\\' => __DIR__ . '/',
    ];
    foreach ($prefixes as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
