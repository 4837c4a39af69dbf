<?php
/**
 * Wires the plugin into WordPress.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * The plugin: registers every hook. Nothing here loads the native core; that happens only when a
 * login starts or finishes, or when an admin page asks, so the public site never depends on it.
 */
final class Plugin {

	/** Query variable set by the rewrite rule of the callback route. */
	const QUERY_VAR = 'infomaniak_connect_callback';

	/** The callback route, relative to the home URL. */
	const CALLBACK_PATH = 'openid-connect-authorize';

	/** The wp-login.php action that starts a login. */
	const LOGIN_ACTION = 'infomaniak-connect';

	/**
	 * The single instance.
	 *
	 * @var Plugin|null
	 */
	private static $instance = null;

	/**
	 * The plugin.
	 *
	 * @return Plugin
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Adds the hooks.
	 */
	public function register() {
		add_action( 'init', array( $this, 'init' ), 0 );
		add_filter( 'query_vars', array( $this, 'query_vars' ) );
		add_action( 'parse_request', array( $this, 'parse_request' ) );

		// Login page: the button, the start action and the error messages.
		add_action( 'login_form', array( Button::class, 'login_form' ) );
		add_action( 'login_form_' . self::LOGIN_ACTION, array( Login::class, 'start' ) );
		add_filter( 'wp_login_errors', array( Login::class, 'login_errors' ) );

		// Profile: the linked identity and its unlink button.
		add_action( 'show_user_profile', array( Profile::class, 'render' ) );
		add_action( 'edit_user_profile', array( Profile::class, 'render' ) );
		add_action( 'personal_options_update', array( Profile::class, 'save' ) );
		add_action( 'edit_user_profile_update', array( Profile::class, 'save' ) );

		// Settings, notices and Site Health.
		add_action( 'admin_init', array( Settings_Page::class, 'register_settings' ) );
		add_action( 'admin_menu', array( Settings_Page::class, 'add_page' ) );
		add_action( 'admin_notices', array( Settings_Page::class, 'admin_notice' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( INFOMANIAK_CONNECT_FILE ), array( Settings_Page::class, 'action_links' ) );
		add_filter( 'site_status_tests', array( Site_Health::class, 'register' ) );
	}

	/**
	 * On init: translations, the rewrite rule, the shortcode and block, and the callback route
	 * matched on the request path (works with plain permalinks and sub-directory installs).
	 */
	public function init() {
		load_plugin_textdomain( 'infomaniak-connect', false, dirname( plugin_basename( INFOMANIAK_CONNECT_FILE ) ) . '/languages' );
		self::add_rewrite_rule();
		Button::register();

		if ( self::is_callback_request() ) {
			Login::callback();
		}
	}

	/**
	 * The rewrite rule of the callback route.
	 */
	public static function add_rewrite_rule() {
		add_rewrite_rule( '^' . self::CALLBACK_PATH . '/?$', 'index.php?' . self::QUERY_VAR . '=1', 'top' );
	}

	/**
	 * Declares the query variable of the rewrite rule.
	 *
	 * @param string[] $vars Public query variables.
	 * @return string[]
	 */
	public function query_vars( $vars ) {
		$vars[] = self::QUERY_VAR;
		return $vars;
	}

	/**
	 * Handles the callback when the rewrite rule matched (the early match normally got there first).
	 *
	 * @param \WP $wp The request.
	 */
	public function parse_request( $wp ) {
		if ( ! empty( $wp->query_vars[ self::QUERY_VAR ] ) ) {
			Login::callback();
		}
	}

	/**
	 * Whether this request's path is the callback route's path (home path + /openid-connect-authorize).
	 *
	 * @return bool
	 */
	public static function is_callback_request() {
		if ( empty( $_SERVER['REQUEST_URI'] ) ) {
			return false;
		}
		$path = wp_parse_url( wp_unslash( $_SERVER['REQUEST_URI'] ), PHP_URL_PATH ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared only.
		if ( ! is_string( $path ) ) {
			return false;
		}
		$expected = wp_parse_url( Options::redirect_uri(), PHP_URL_PATH );
		$path     = untrailingslashit( $path );
		// Also accept /index.php/openid-connect-authorize (PATHINFO permalinks).
		$home_path = untrailingslashit( (string) wp_parse_url( home_url( '/' ), PHP_URL_PATH ) );
		return $path === $expected || $path === $home_path . '/index.php/' . self::CALLBACK_PATH;
	}

	/**
	 * Activation: default settings and the rewrite rule, flushed.
	 */
	public static function activate() {
		add_option( Options::OPTION, Options::defaults() );
		self::add_rewrite_rule();
		flush_rewrite_rules();
	}

	/**
	 * Deactivation: drops the stored rewrite rules so they are rebuilt without the route.
	 */
	public static function deactivate() {
		delete_option( 'rewrite_rules' );
	}
}
