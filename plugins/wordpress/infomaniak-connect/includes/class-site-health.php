<?php
/**
 * Site Health tests (Tools > Site Health).
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * Four direct tests: the core library loads, the settings are complete, the site uses HTTPS, the
 * provider's discovery document is reachable.
 */
final class Site_Health {

	/**
	 * Adds the tests (site_status_tests).
	 *
	 * @param array $tests The tests.
	 * @return array
	 */
	public static function register( $tests ) {
		$tests['direct']['infomaniak_connect_core']      = array(
			'label' => __( 'Infomaniak Connect library', 'infomaniak-connect' ),
			'test'  => array( self::class, 'test_core' ),
		);
		$tests['direct']['infomaniak_connect_settings']  = array(
			'label' => __( 'Infomaniak Connect settings', 'infomaniak-connect' ),
			'test'  => array( self::class, 'test_settings' ),
		);
		$tests['direct']['infomaniak_connect_https']     = array(
			'label' => __( 'Infomaniak Connect over HTTPS', 'infomaniak-connect' ),
			'test'  => array( self::class, 'test_https' ),
		);
		$tests['direct']['infomaniak_connect_discovery'] = array(
			'label' => __( 'Infomaniak Connect provider', 'infomaniak-connect' ),
			'test'  => array( self::class, 'test_discovery' ),
		);
		return $tests;
	}

	/**
	 * A result in the shape Site Health expects.
	 *
	 * @param string $test        Test id (without prefix).
	 * @param string $status      good, recommended or critical.
	 * @param string $label       Headline.
	 * @param string $description HTML description (escaped by the caller).
	 * @param string $actions     HTML actions (escaped by the caller).
	 * @return array
	 */
	private static function result( $test, $status, $label, $description, $actions = '' ) {
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Infomaniak Connect', 'infomaniak-connect' ),
				'color' => 'good' === $status ? 'blue' : ( 'critical' === $status ? 'red' : 'orange' ),
			),
			'description' => $description,
			'actions'     => $actions,
			'test'        => 'infomaniak_connect_' . $test,
		);
	}

	/**
	 * A link to the settings page.
	 *
	 * @return string
	 */
	private static function settings_link() {
		return '<p><a href="' . esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ) . '">' . esc_html__( 'Open the Infomaniak Connect settings', 'infomaniak-connect' ) . '</a></p>';
	}

	/**
	 * The core library loads (FFI).
	 *
	 * @return array
	 */
	public static function test_core() {
		$error = Connect::load_error();
		if ( null === $error ) {
			return self::result(
				'core',
				'good',
				__( 'The Infomaniak Connect library is loaded', 'infomaniak-connect' ),
				'<p>' . esc_html( sprintf( /* translators: %s: a version number */ __( 'Core version %s, loaded with PHP FFI.', 'infomaniak-connect' ), Connect::core_version() ) ) . '</p>'
			);
		}
		$description = '<p>' . esc_html__( 'Visitors cannot log in with Infomaniak: the plugin\'s native library cannot be loaded by PHP on this server. The rest of the site is not affected.', 'infomaniak-connect' ) . '</p>';
		$lines = Connect::php_ini_lines( $error );
		if ( '' !== $lines ) {
			$description .= '<p>' . esc_html__( 'What to change (then restart PHP):', 'infomaniak-connect' ) . '</p><pre style="white-space:pre-wrap">' . esc_html( $lines ) . '</pre>';
		} else {
			$description .= '<p><code>' . esc_html( $error->getMessage() ) . '</code></p>';
		}
		return self::result( 'core', 'critical', __( 'The Infomaniak Connect library cannot be loaded', 'infomaniak-connect' ), $description );
	}

	/**
	 * Client ID and Client Secret are set.
	 *
	 * @return array
	 */
	public static function test_settings() {
		$missing = Options::missing();
		if ( array() === $missing ) {
			return self::result( 'settings', 'good', __( 'Infomaniak Connect is configured', 'infomaniak-connect' ), '<p>' . esc_html__( 'The Client ID and the Client Secret are set.', 'infomaniak-connect' ) . '</p>' );
		}
		$names = array(
			'client_id'     => __( 'Client ID', 'infomaniak-connect' ),
			'client_secret' => __( 'Client Secret', 'infomaniak-connect' ),
		);
		$list  = implode( ', ', array_map( static fn( $key ) => $names[ $key ], $missing ) );
		return self::result(
			'settings',
			'recommended',
			__( 'Infomaniak Connect is not configured yet', 'infomaniak-connect' ),
			'<p>' . esc_html( sprintf( /* translators: %s: the names of missing settings */ __( 'Missing: %s. The login button stays hidden until they are set.', 'infomaniak-connect' ), $list ) ) . '</p>',
			self::settings_link()
		);
	}

	/**
	 * The redirect URI uses HTTPS.
	 *
	 * @return array
	 */
	public static function test_https() {
		if ( 'https' === wp_parse_url( Options::redirect_uri(), PHP_URL_SCHEME ) ) {
			return self::result( 'https', 'good', __( 'The login callback uses HTTPS', 'infomaniak-connect' ), '<p>' . esc_html__( 'The redirect URI and the login cookie are protected by HTTPS.', 'infomaniak-connect' ) . '</p>' );
		}
		return self::result(
			'https',
			'recommended',
			__( 'The login callback does not use HTTPS', 'infomaniak-connect' ),
			'<p>' . esc_html__( 'The redirect URI starts with http://. Infomaniak only accepts HTTPS redirect URIs, and the login cookie cannot be marked Secure. Switch the site address to https:// (Settings > General).', 'infomaniak-connect' ) . '</p>'
		);
	}

	/**
	 * The provider's discovery document can be fetched and is valid.
	 *
	 * @return array
	 */
	public static function test_discovery() {
		if ( null !== Connect::load_error() ) {
			return self::result( 'discovery', 'recommended', __( 'The provider was not checked', 'infomaniak-connect' ), '<p>' . esc_html__( 'The library must load first.', 'infomaniak-connect' ) . '</p>' );
		}
		$issuer = Options::issuer();
		try {
			Connect::check_provider();
		} catch ( \Throwable $e ) {
			$detail = $e instanceof \Infomaniak\Connect\ConnectException ? $e->errorCode() . ': ' . $e->detail() : $e->getMessage();
			return self::result(
				'discovery',
				'critical',
				__( 'The login provider cannot be reached', 'infomaniak-connect' ),
				'<p>' . esc_html( sprintf( /* translators: %s: the provider's issuer URL */ __( 'The discovery document of %s could not be fetched or is invalid.', 'infomaniak-connect' ), $issuer ) ) . '</p><p><code>' . esc_html( $detail ) . '</code></p>',
				self::settings_link()
			);
		}
		return self::result( 'discovery', 'good', __( 'The login provider is reachable', 'infomaniak-connect' ), '<p>' . esc_html( sprintf( /* translators: %s: the provider's issuer URL */ __( 'The discovery document of %s is valid.', 'infomaniak-connect' ), $issuer ) ) . '</p>' );
	}
}
