<?php
/**
 * Router for `php -S` serving Debian's WordPress (/usr/share/wordpress): files under /wp-content/
 * come from WP_CONTENT_DIR (/var/lib/wordpress/wp-content, where plugins are installed), as
 * Debian's Apache alias does; everything else is served by the built-in server (unknown paths
 * fall back to index.php, which gives pretty permalinks).
 */
$content = getenv('IKC_WP_CONTENT_DIR') ?: '/var/lib/wordpress/wp-content';
$path = (string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
if (str_starts_with($path, '/wp-content/')) {
    $file = realpath($content . substr($path, strlen('/wp-content')));
    $ext = strtolower(pathinfo((string) $file, PATHINFO_EXTENSION));
    $types = ['css' => 'text/css', 'js' => 'text/javascript', 'svg' => 'image/svg+xml', 'png' => 'image/png',
        'jpg' => 'image/jpeg', 'gif' => 'image/gif', 'woff' => 'font/woff', 'woff2' => 'font/woff2', 'json' => 'application/json'];
    if ($file !== false && is_file($file) && isset($types[$ext])) {
        header('Content-Type: ' . $types[$ext]);
        header('Content-Length: ' . filesize($file));
        readfile($file);
        return true;
    }
}
return false;
