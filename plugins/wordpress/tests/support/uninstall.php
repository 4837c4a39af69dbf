<?php
/**
 * Deactivates and uninstalls the plugin as Plugins › Delete does (uninstall.php runs):
 *   IKC_HTTP_HOST=127.0.0.1:<port> php uninstall.php
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
$_SERVER['HTTP_HOST'] = getenv('IKC_HTTP_HOST') ?: '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$plugin = 'infomaniak-connect/infomaniak-connect.php';
deactivate_plugins($plugin, true);
uninstall_plugin($plugin);
echo json_encode(['active' => is_plugin_active($plugin)]), "\n";
