<?php
/**
 * The login: start (wp-login.php?action=infomaniak-connect) and callback (/openid-connect-authorize).
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * Runs the two requests of a login; the core does the protocol, this class does the WordPress part.
 */
final class Login {

	/** The wp-login.php query argument that carries an error code (never a message). */
	const ERROR_ARG = 'infomaniak_connect_error';

	/**
	 * Start: the login cookie, then off to the provider.
	 */
	public static function start() {
		nocache_headers();
		if ( ! Button::available() ) {
			self::fail( 'not_configured', 'Client ID or Client Secret missing.' );
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a plain link by design; the state cookie protects the login.
		$redirect_to = isset( $_REQUEST['redirect_to'] ) && is_string( $_REQUEST['redirect_to'] ) ? wp_unslash( $_REQUEST['redirect_to'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- reduced to a same-origin path below, then sanitized by the core.
		try {
			$start = Connect::flow()->start( self::return_path( $redirect_to ) );
		} catch ( \Throwable $e ) {
			self::fail_with( $e );
		}
		header( 'Set-Cookie: ' . $start->setCookieHeader, false );
		// The provider's URL, built by the core from the configured issuer: not a local redirect.
		wp_redirect( $start->authorizationUrl ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect
		exit;
	}

	/**
	 * The path (with query) on this site that redirect_to points to; '' when it points elsewhere.
	 *
	 * @param string $redirect_to A URL or a path.
	 * @return string
	 */
	public static function return_path( $redirect_to ) {
		$redirect_to = trim( $redirect_to );
		if ( '' === $redirect_to ) {
			return self::home_path();
		}
		$parts = wp_parse_url( $redirect_to );
		if ( false === $parts ) {
			return self::home_path();
		}
		if ( isset( $parts['host'] ) || isset( $parts['scheme'] ) ) {
			$home = wp_parse_url( home_url() );
			$same = isset( $parts['host'], $home['host'] ) && strtolower( $parts['host'] ) === strtolower( $home['host'] )
				&& ( $parts['port'] ?? null ) === ( $home['port'] ?? null );
			if ( ! $same ) {
				return self::home_path();
			}
		}
		$path = $parts['path'] ?? '/';
		if ( isset( $parts['query'] ) ) {
			$path .= '?' . $parts['query'];
		}
		return $path;
	}

	/**
	 * The home page's path ("/" or "/blog/").
	 *
	 * @return string
	 */
	private static function home_path() {
		return (string) wp_parse_url( home_url( '/' ), PHP_URL_PATH );
	}

	/**
	 * Callback: check the answer with the core, execute its account decision, log in, go back.
	 */
	public static function callback() {
		nocache_headers();
		$query   = isset( $_SERVER['QUERY_STRING'] ) ? (string) wp_unslash( $_SERVER['QUERY_STRING'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- parsed and checked by the core.
		$cookies = array();
		foreach ( $_COOKIE as $name => $value ) {
			if ( is_string( $name ) && 0 === strpos( $name, 'ikc_login_' ) && is_string( $value ) ) {
				$cookies[ $name ] = wp_unslash( $value );
			}
		}

		try {
			$result = Connect::flow()->callback( $query, $cookies, new Accounts() );
		} catch ( \Throwable $e ) {
			if ( $e instanceof \Infomaniak\Connect\CallbackFailed && null !== $e->clearCookieHeader() ) {
				header( 'Set-Cookie: ' . $e->clearCookieHeader(), false );
			}
			self::fail_with( $e );
		}
		header( 'Set-Cookie: ' . $result->clearCookieHeader, false );

		$user = Users::execute( $result->decision, $result->identity );
		if ( is_wp_error( $user ) ) {
			self::fail( $user->get_error_code(), $user->get_error_message() );
		}

		wp_set_current_user( $user->ID );
		wp_set_auth_cookie( $user->ID, false, is_ssl() );
		/** This action is documented in wp-includes/user.php */
		do_action( 'wp_login', $user->user_login, $user );

		$target = wp_validate_redirect( self::origin() . $result->returnPath, home_url( '/' ) );
		wp_safe_redirect( $target );
		exit;
	}

	/**
	 * The scheme, host and port of the site, e.g. https://example.com.
	 *
	 * @return string
	 */
	private static function origin() {
		$home   = wp_parse_url( home_url() );
		$origin = ( $home['scheme'] ?? 'http' ) . '://' . ( $home['host'] ?? '' );
		if ( isset( $home['port'] ) ) {
			$origin .= ':' . $home['port'];
		}
		return $origin;
	}

	/**
	 * Logs a failure from the library and goes back to the login page with its code.
	 *
	 * @param \Throwable $e The failure.
	 * @return never
	 */
	private static function fail_with( \Throwable $e ) {
		if ( $e instanceof \Infomaniak\Connect\ConnectException ) {
			self::fail( $e->errorCode(), $e->detail() );
		}
		if ( $e instanceof \Infomaniak\Connect\CoreUnavailable ) {
			self::fail( 'core_unavailable', $e->getMessage() );
		}
		self::fail( 'internal_error', get_class( $e ) . ': ' . $e->getMessage() );
	}

	/**
	 * Logs a failure for the admin and redirects to wp-login.php with its code only.
	 *
	 * @param string $code   Error code.
	 * @param string $detail Admin detail (never a secret or a token).
	 * @return never
	 */
	private static function fail( $code, $detail = '' ) {
		$code = sanitize_key( $code );
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the admin log of failed logins.
		error_log( 'Infomaniak Connect: login failed: ' . $code . ( '' !== $detail ? ' (' . preg_replace( '/[\x00-\x1f\x7f]/', ' ', $detail ) . ')' : '' ) );
		/**
		 * Fires when a login with Infomaniak fails.
		 *
		 * @param string $code   The error code.
		 * @param string $detail The admin detail.
		 */
		do_action( 'infomaniak_connect_login_failed', $code, $detail );
		wp_safe_redirect( add_query_arg( self::ERROR_ARG, $code, wp_login_url() ) );
		exit;
	}

	/**
	 * Shows the message of the error code on wp-login.php (wp_login_errors).
	 *
	 * @param \WP_Error $errors The login page's errors.
	 * @return \WP_Error
	 */
	public static function login_errors( $errors ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only a code, looked up in a fixed table.
		if ( isset( $_GET[ self::ERROR_ARG ] ) && is_string( $_GET[ self::ERROR_ARG ] ) ) {
			$code = sanitize_key( wp_unslash( $_GET[ self::ERROR_ARG ] ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			$errors->add( 'infomaniak_connect', esc_html( Errors::message( $code ) ) );
		}
		return $errors;
	}
}
