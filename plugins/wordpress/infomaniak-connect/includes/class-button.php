<?php
/**
 * The "Log in with Infomaniak" button: on wp-login.php, as a shortcode and as a block.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * A plain link to wp-login.php?action=infomaniak-connect&redirect_to=…, styled by a few lines of
 * inline CSS with an inline SVG: no JavaScript, no extra request, so cached pages stay valid.
 */
final class Button {

	/**
	 * Whether the inline style was already printed on this page.
	 *
	 * @var bool
	 */
	private static $style_printed = false;

	/**
	 * Registers the shortcode and the server-rendered block.
	 */
	public static function register() {
		add_shortcode( 'infomaniak_connect', array( self::class, 'shortcode' ) );
		if ( function_exists( 'register_block_type' ) ) {
			register_block_type(
				INFOMANIAK_CONNECT_DIR . '/blocks/login-button',
				array( 'render_callback' => array( self::class, 'render_block' ) )
			);
		}
	}

	/**
	 * The start URL of a login that comes back to $redirect_to.
	 *
	 * @param string $redirect_to Where to land after the login (URL or path on this site).
	 * @return string
	 */
	public static function start_url( $redirect_to = '' ) {
		$args = array( 'action' => Plugin::LOGIN_ACTION );
		if ( '' !== $redirect_to ) {
			$args['redirect_to'] = rawurlencode( $redirect_to );
		}
		return add_query_arg( $args, wp_login_url() );
	}

	/**
	 * The button's HTML (with its style the first time on a page).
	 *
	 * @param string $redirect_to Where to land after the login.
	 * @param string $label       The label; the configured one when empty.
	 * @return string
	 */
	public static function html( $redirect_to = '', $label = '' ) {
		$label = '' === $label ? Options::button_label() : $label;
		$style = '';
		if ( ! self::$style_printed ) {
			self::$style_printed = true;
			$style = '<style>.ikc-btn{display:flex;align-items:center;justify-content:center;gap:.5em;box-sizing:border-box;max-width:100%;margin:0 0 16px;padding:.55em 1em;border-radius:4px;background:#0098ff;color:#fff;font:600 14px/1.4 -apple-system,sans-serif;text-decoration:none}.ikc-btn:hover,.ikc-btn:focus{background:#0079cc;color:#fff}.ikc-btn svg{flex:none}</style>';
		}
		$svg = '<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><rect width="18" height="18" rx="4" fill="#fff"/><path fill="#0098ff" d="M7.6 7h2.8v7H7.6zM9 3a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z"/></svg>';
		return $style . '<a class="ikc-btn" href="' . esc_url( self::start_url( $redirect_to ) ) . '" rel="nofollow">' . $svg . '<span>' . esc_html( $label ) . '</span></a>';
	}

	/**
	 * Whether the button should be shown: settings complete.
	 *
	 * @return bool
	 */
	public static function available() {
		return array() === Options::missing();
	}

	/**
	 * The button inside the wp-login.php form, keeping the form's redirect_to.
	 */
	public static function login_form() {
		if ( ! self::available() ) {
			return;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a link target, validated at the start.
		$redirect_to = isset( $_REQUEST['redirect_to'] ) && is_string( $_REQUEST['redirect_to'] ) ? esc_url_raw( wp_unslash( $_REQUEST['redirect_to'] ) ) : '';
		echo self::html( $redirect_to ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html().
	}

	/**
	 * The current page, as the landing page of a button shown on it.
	 *
	 * @return string
	 */
	private static function current_url() {
		$uri = isset( $_SERVER['REQUEST_URI'] ) ? wp_unslash( $_SERVER['REQUEST_URI'] ) : '/'; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitized by the core.
		return esc_url_raw( $uri );
	}

	/**
	 * Shortcode [infomaniak_connect label="…" redirect_to="…"]; empty for logged-in visitors.
	 *
	 * @param array|string $atts Shortcode attributes.
	 * @return string
	 */
	public static function shortcode( $atts ) {
		$atts = shortcode_atts(
			array(
				'label'       => '',
				'redirect_to' => '',
			),
			$atts,
			'infomaniak_connect'
		);
		if ( is_user_logged_in() || ! self::available() ) {
			return '';
		}
		$redirect_to = '' !== $atts['redirect_to'] ? $atts['redirect_to'] : self::current_url();
		return self::html( $redirect_to, sanitize_text_field( $atts['label'] ) );
	}

	/**
	 * Render callback of the block infomaniak-connect/login-button.
	 *
	 * @param array $attributes Block attributes.
	 * @return string
	 */
	public static function render_block( $attributes ) {
		$preview = defined( 'REST_REQUEST' ) && REST_REQUEST; // The editor's server-side preview.
		if ( ! $preview && ( is_user_logged_in() || ! self::available() ) ) {
			return '';
		}
		$label = isset( $attributes['label'] ) ? sanitize_text_field( $attributes['label'] ) : '';
		return '<div class="wp-block-infomaniak-connect-login-button">' . self::html( self::current_url(), $label ) . '</div>';
	}
}
