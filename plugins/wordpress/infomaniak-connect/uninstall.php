<?php
/**
 * Uninstall: removes the plugin's options, transients and user meta (the links to provider
 * identities). Users created by logins stay: they are the site's users now.
 *
 * @package InfomaniakConnect
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

/**
 * Removes this plugin's data from the current site.
 */
function infomaniak_connect_uninstall_site() {
	global $wpdb;
	delete_option( 'infomaniak_connect_settings' );
	delete_option( 'infomaniak_connect_cache_generation' );
	// Cached provider metadata and keys (transients named ikc_<md5>).
	$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_ikc\\_%' OR option_name LIKE '\\_transient\\_timeout\\_ikc\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
}

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $infomaniak_connect_site ) {
		switch_to_blog( $infomaniak_connect_site );
		infomaniak_connect_uninstall_site();
		restore_current_blog();
	}
} else {
	infomaniak_connect_uninstall_site();
}

// User meta is network-wide.
delete_metadata( 'user', 0, 'infomaniak_connect_issuer', '', true );
delete_metadata( 'user', 0, 'infomaniak_connect_subject', '', true );
