<?php
/**
 * Installs WordPress for the end-to-end tests and the demo, without WP-CLI:
 *   IKC_HTTP_HOST=127.0.0.1:<port> php install.php <json settings>
 * Settings: title, admin_user, admin_password, admin_email, plugin_settings (object), post_title,
 * post_content. Prints a JSON line {post_url, post_id, admin_id}.
 */
if (PHP_SAPI !== 'cli') {
    exit(1);
}
$in = json_decode($argv[1] ?? '{}', true, 16, JSON_THROW_ON_ERROR);

// Debian's wp-config.php picks /etc/wordpress/config-<host>.php from the host (and our file the port).
$_SERVER['HTTP_HOST'] = getenv('IKC_HTTP_HOST') ?: '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if (is_blog_installed()) {
    fwrite(STDERR, "WordPress is already installed in this database\n");
    exit(1);
}
$result = wp_install($in['title'], $in['admin_user'], $in['admin_email'], true, '', $in['admin_password'], 'en_US');
$admin_id = (int) $result['user_id'];

global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
update_option('comment_registration', 1);      // "log in to comment": the visitor's way to wp-login.php
update_option('users_can_register', 0);
update_option('blogdescription', 'Infomaniak Connect test site');
switch_theme('twentytwentyone');

$post_id = wp_insert_post([
    'post_title' => $in['post_title'],
    'post_name' => sanitize_title($in['post_title']),
    'post_content' => $in['post_content'],
    'post_status' => 'publish',
    'post_author' => $admin_id,
    'comment_status' => 'open',
], true);
if (is_wp_error($post_id)) {
    fwrite(STDERR, $post_id->get_error_message() . "\n");
    exit(1);
}

// The plugin, unzipped from dist/ into wp-content/plugins by the caller: activate as the admin does.
wp_set_current_user($admin_id);
$activated = activate_plugin('infomaniak-connect/infomaniak-connect.php');
if (is_wp_error($activated)) {
    fwrite(STDERR, 'activate_plugin: ' . $activated->get_error_message() . "\n");
    exit(1);
}
if (!empty($in['plugin_settings'])) {
    update_option('infomaniak_connect_settings', array_merge(get_option('infomaniak_connect_settings', []), $in['plugin_settings']));
}
flush_rewrite_rules();

echo json_encode(['post_url' => get_permalink($post_id), 'post_id' => $post_id, 'admin_id' => $admin_id]), "\n";
