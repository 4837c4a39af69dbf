<?php
/**
 * The library's cache on WordPress transients.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

use Infomaniak\Connect\Cache\Cache;

defined( 'ABSPATH' ) || exit;

/**
 * Provider metadata and keys in transients (or the object cache when the site has one).
 * Keys are hashed with a generation number that changes when the issuer does.
 * Loaded only once the library is (it implements its interface).
 */
final class Transient_Cache implements Cache {

	/** Prefix of the transients; uninstall.php removes them. */
	const PREFIX = 'ikc_';

	/**
	 * The transient name of a key.
	 *
	 * @param string $key The library's key.
	 * @return string
	 */
	private static function name( $key ) {
		return self::PREFIX . md5( get_option( Connect::CACHE_GENERATION, '0' ) . '|' . Options::issuer() . '|' . $key );
	}

	/**
	 * The stored value, or null.
	 *
	 * @param string $key Key.
	 * @return string|null
	 */
	public function get( string $key ): ?string {
		$value = get_transient( self::name( $key ) );
		return is_string( $value ) ? $value : null;
	}

	/**
	 * Stores a value.
	 *
	 * @param string $key   Key.
	 * @param string $value Value.
	 * @param int    $ttl   Seconds.
	 */
	public function set( string $key, string $value, int $ttl ): void {
		set_transient( self::name( $key ), $value, max( 1, $ttl ) );
	}
}
