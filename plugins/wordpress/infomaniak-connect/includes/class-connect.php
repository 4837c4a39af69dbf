<?php
/**
 * The bridge to the bundled PHP library (Infomaniak\Connect\…) and its native core.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

use Infomaniak\Connect\Core;
use Infomaniak\Connect\CoreUnavailable;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;

defined( 'ABSPATH' ) || exit;

/**
 * Loads the library only when needed (a login, an admin screen), once per request, and turns any
 * failure into a CoreUnavailable the admin screens can explain: the public site never depends on it.
 */
final class Connect {

	/**
	 * The loaded core.
	 *
	 * @var Core|null
	 */
	private static $core = null;

	/**
	 * Why the core could not be loaded.
	 *
	 * @var \Throwable|null
	 */
	private static $error = null;

	/**
	 * Whether loading was tried in this request.
	 *
	 * @var bool
	 */
	private static $tried = false;

	/**
	 * The directory of the bundled PHP library (autoload.php, src/, lib/<platform>/, preload.php).
	 * INFOMANIAK_CONNECT_LIBRARY_DIR in wp-config.php points elsewhere (e.g. a development checkout).
	 *
	 * @return string
	 */
	public static function library_dir() {
		return defined( 'INFOMANIAK_CONNECT_LIBRARY_DIR' ) ? untrailingslashit( INFOMANIAK_CONNECT_LIBRARY_DIR ) : INFOMANIAK_CONNECT_DIR . '/library';
	}

	/**
	 * Loads the library and the core once; never throws.
	 *
	 * @return bool Whether the core is usable.
	 */
	public static function load() {
		if ( self::$tried ) {
			return null !== self::$core;
		}
		self::$tried = true;
		try {
			if ( ! class_exists( Core::class ) ) {
				$autoload = self::library_dir() . '/autoload.php';
				if ( ! is_readable( $autoload ) ) {
					throw new \RuntimeException(
						sprintf( 'The plugin\'s PHP library is missing (%s). Reinstall the plugin from its release zip.', $autoload )
					);
				}
				require_once $autoload;
			}
			self::$core = Core::load();
		} catch ( \Throwable $e ) {
			self::$error = $e;
		}
		return null !== self::$core;
	}

	/**
	 * Why the core cannot be used, or null when it can.
	 *
	 * @return \Throwable|null
	 */
	public static function load_error() {
		self::load();
		return self::$error;
	}

	/**
	 * The php.ini lines (or other fix) of a load failure: CoreUnavailable's detail names them.
	 *
	 * @param \Throwable $error A load failure.
	 * @return string
	 */
	public static function php_ini_lines( \Throwable $error ) {
		if ( $error instanceof CoreUnavailable ) {
			return $error->detail();
		}
		return '';
	}

	/**
	 * The core's version, e.g. "0.1.0".
	 *
	 * @return string
	 */
	public static function core_version() {
		if ( ! self::load() ) {
			return '';
		}
		$version = self::$core->version();
		return (string) ( $version['core'] ?? '' );
	}

	/**
	 * The core, or the reason it cannot be used.
	 *
	 * @return Core
	 * @throws \Throwable When it cannot be loaded.
	 */
	public static function core() {
		if ( ! self::load() ) {
			throw self::$error;
		}
		return self::$core;
	}

	/**
	 * The site key: derived from WordPress's own secrets (the salts in wp-config.php), never from
	 * the client secret. Changing the salts invalidates logins in progress, nothing else.
	 *
	 * @return string
	 */
	public static function site_key() {
		return SiteKey::derive( wp_salt( 'auth' ), wp_salt( 'secure_auth' ), 'infomaniak-connect' );
	}

	/**
	 * The library's settings from the plugin's.
	 *
	 * @return Settings
	 */
	public static function settings() {
		return new Settings(
			issuer: Options::issuer(),
			clientId: Options::get( 'client_id' ),
			clientSecret: Options::get( 'client_secret' ),
			redirectUri: Options::redirect_uri(),
			createUsers: Options::get( 'create_users' ),
			linkByEmail: Options::get( 'link_by_email' ),
			linkAdministrators: Options::get( 'link_administrators' ),
		);
	}

	/**
	 * A login flow wired to WordPress: HTTP API transport, transients cache.
	 *
	 * @return LoginFlow
	 * @throws \Throwable When the core cannot be loaded.
	 */
	public static function flow() {
		$core = self::core(); // First: it loads the library's autoloader.
		return new LoginFlow( $core, self::settings(), self::site_key(), new Http_Transport(), new Transient_Cache(), new Clock() );
	}

	/**
	 * Fetches the provider's metadata (discovery) as a login would, through the cache.
	 *
	 * @throws \Throwable When it cannot be fetched or is invalid.
	 */
	public static function check_provider() {
		self::flow()->providerMetadata();
	}

	/**
	 * Forgets the cached provider metadata and keys (after the issuer changed).
	 */
	public static function forget_provider() {
		update_option( self::CACHE_GENERATION, (string) time(), false );
	}

	/** The option whose value is part of every cache key: changing it empties the cache. */
	const CACHE_GENERATION = 'infomaniak_connect_cache_generation';
}
