<?php
/**
 * The plugin's settings: one option, each value overridable by a constant in wp-config.php.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * Reads and sanitizes the settings stored in the `infomaniak_connect_settings` option.
 */
final class Options {

	/** The option name (one autoloaded array). */
	const OPTION = 'infomaniak_connect_settings';

	/** Infomaniak's issuer, the default provider. */
	const INFOMANIAK_ISSUER = 'https://login.infomaniak.com';

	/**
	 * The settings with their defaults. Each key K can be fixed by the constant
	 * INFOMANIAK_CONNECT_<UPPER(K)> in wp-config.php.
	 *
	 * @return array<string, mixed>
	 */
	public static function defaults() {
		return array(
			'client_id'           => '',
			'client_secret'       => '',
			'button_label'        => '',
			'create_users'        => true,
			'default_role'        => 'subscriber',
			'link_by_email'       => false,
			'link_administrators' => false,
			'issuer'              => self::INFOMANIAK_ISSUER,
		);
	}

	/**
	 * The name of the wp-config.php constant that fixes a setting.
	 *
	 * @param string $key A settings key.
	 * @return string
	 */
	public static function constant_name( $key ) {
		return 'INFOMANIAK_CONNECT_' . strtoupper( $key );
	}

	/**
	 * Whether a setting is fixed in wp-config.php.
	 *
	 * @param string $key A settings key.
	 * @return bool
	 */
	public static function is_constant( $key ) {
		return defined( self::constant_name( $key ) );
	}

	/**
	 * The stored settings (without constants), merged with the defaults.
	 *
	 * @return array<string, mixed>
	 */
	public static function stored() {
		$stored = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * One effective setting: the constant when defined, else the stored value, else the default.
	 *
	 * @param string $key A settings key.
	 * @return mixed
	 */
	public static function get( $key ) {
		$defaults = self::defaults();
		if ( self::is_constant( $key ) ) {
			$value = constant( self::constant_name( $key ) );
		} else {
			$stored = self::stored();
			$value  = $stored[ $key ] ?? null;
		}
		if ( is_bool( $defaults[ $key ] ?? null ) ) {
			return (bool) $value;
		}
		return is_scalar( $value ) ? trim( (string) $value ) : (string) ( $defaults[ $key ] ?? '' );
	}

	/**
	 * The issuer, without a trailing slash; Infomaniak's when empty.
	 *
	 * @return string
	 */
	public static function issuer() {
		$issuer = untrailingslashit( self::get( 'issuer' ) );
		return '' === $issuer ? self::INFOMANIAK_ISSUER : $issuer;
	}

	/**
	 * The role given to new users; `subscriber` when the configured role does not exist
	 * or is the administrator role (never handed out by a login).
	 *
	 * @return string
	 */
	public static function default_role() {
		$role = self::get( 'default_role' );
		if ( 'administrator' === $role || ! get_role( $role ) ) {
			return 'subscriber';
		}
		return $role;
	}

	/**
	 * The label of the login button.
	 *
	 * @return string
	 */
	public static function button_label() {
		$label = self::get( 'button_label' );
		return '' === $label ? __( 'Log in with Infomaniak', 'infomaniak-connect' ) : $label;
	}

	/**
	 * The exact redirect URI to register with the provider.
	 *
	 * @return string
	 */
	public static function redirect_uri() {
		return home_url( '/openid-connect-authorize' );
	}

	/**
	 * The settings that are still missing before visitors can log in.
	 *
	 * @return string[] Keys among client_id, client_secret.
	 */
	public static function missing() {
		$missing = array();
		foreach ( array( 'client_id', 'client_secret' ) as $key ) {
			if ( '' === self::get( $key ) ) {
				$missing[] = $key;
			}
		}
		return $missing;
	}

	/**
	 * Sanitizes the settings form (register_setting's sanitize_callback).
	 * An empty secret keeps the stored one; values fixed by constants are not stored.
	 *
	 * @param mixed $input The submitted values.
	 * @return array<string, mixed>
	 */
	public static function sanitize( $input ) {
		$old   = self::stored();
		$input = is_array( $input ) ? $input : array();
		$out   = $old;

		$out['client_id'] = sanitize_text_field( $input['client_id'] ?? $old['client_id'] );

		$secret = isset( $input['client_secret'] ) ? trim( (string) $input['client_secret'] ) : '';
		if ( ! empty( $input['client_secret_clear'] ) ) {
			$out['client_secret'] = '';
		} elseif ( '' !== $secret ) {
			// A secret is an opaque string: keep it as typed, minus control characters.
			$out['client_secret'] = preg_replace( '/[\x00-\x1f\x7f]/', '', $secret );
		}

		$out['button_label'] = sanitize_text_field( $input['button_label'] ?? '' );

		foreach ( array( 'create_users', 'link_by_email', 'link_administrators' ) as $flag ) {
			$out[ $flag ] = ! empty( $input[ $flag ] );
		}

		$role = sanitize_key( $input['default_role'] ?? 'subscriber' );
		if ( 'administrator' === $role || ! get_role( $role ) ) {
			add_settings_error( self::OPTION, 'default_role', __( 'That role cannot be given to new users; Subscriber is used instead.', 'infomaniak-connect' ) );
			$role = 'subscriber';
		}
		$out['default_role'] = $role;

		$issuer = untrailingslashit( esc_url_raw( trim( (string) ( $input['issuer'] ?? '' ) ), array( 'https', 'http' ) ) );
		if ( '' === $issuer ) {
			$issuer = self::INFOMANIAK_ISSUER;
		}
		if ( $issuer !== $old['issuer'] ) {
			Connect::forget_provider();
		}
		$out['issuer'] = $issuer;

		// Values fixed in wp-config.php are never stored from the form.
		foreach ( array_keys( self::defaults() ) as $key ) {
			if ( self::is_constant( $key ) ) {
				$out[ $key ] = $old[ $key ];
			}
		}
		return $out;
	}
}
