<?php
/**
 * Plugin Name:       Infomaniak Connect
 * Plugin URI:        https://github.com/infomaniak-connect/infomaniak-connect
 * Description:       Lets visitors log in with their Infomaniak account (OpenID Connect).
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            Infomaniak Connect contributors
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       infomaniak-connect
 * Domain Path:       /languages
 *
 * @package InfomaniakConnect
 */

defined( 'ABSPATH' ) || exit;

define( 'INFOMANIAK_CONNECT_VERSION', '0.1.0' );
define( 'INFOMANIAK_CONNECT_FILE', __FILE__ );
define( 'INFOMANIAK_CONNECT_DIR', __DIR__ );

// Plugin classes: InfomaniakConnect\WordPress\Foo_Bar => includes/class-foo-bar.php.
spl_autoload_register(
	static function ( $class_name ) {
		$prefix = 'InfomaniakConnect\\WordPress\\';
		if ( 0 !== strpos( $class_name, $prefix ) ) {
			return;
		}
		$file = __DIR__ . '/includes/class-' . strtolower( str_replace( '_', '-', substr( $class_name, strlen( $prefix ) ) ) ) . '.php';
		if ( is_readable( $file ) ) {
			require $file;
		}
	}
);

register_activation_hook( __FILE__, array( 'InfomaniakConnect\\WordPress\\Plugin', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'InfomaniakConnect\\WordPress\\Plugin', 'deactivate' ) );

InfomaniakConnect\WordPress\Plugin::instance()->register();
