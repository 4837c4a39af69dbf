<?php
/**
 * Settings › Infomaniak Connect, on the Settings API; the admin notice while unusable.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * The settings page. options.php checks the capability and the nonce that settings_fields() prints.
 */
final class Settings_Page {

	/** The page slug (options-general.php?page=…). */
	const SLUG = 'infomaniak-connect';

	/** The settings group. */
	const GROUP = 'infomaniak_connect';

	/**
	 * Registers the option, its sections and fields.
	 */
	public static function register_settings() {
		register_setting(
			self::GROUP,
			Options::OPTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( Options::class, 'sanitize' ),
				'default'           => Options::defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section(
			'ikc_app',
			__( 'Infomaniak application', 'infomaniak-connect' ),
			array( self::class, 'section_app' ),
			self::SLUG
		);
		self::field( 'redirect_uri', __( 'Redirect URI', 'infomaniak-connect' ), 'ikc_app', 'field_redirect_uri' );
		self::field( 'client_id', __( 'Client ID', 'infomaniak-connect' ), 'ikc_app', 'field_client_id' );
		self::field( 'client_secret', __( 'Client Secret', 'infomaniak-connect' ), 'ikc_app', 'field_client_secret' );

		add_settings_section( 'ikc_button', __( 'Login button', 'infomaniak-connect' ), array( self::class, 'section_button' ), self::SLUG );
		self::field( 'button_label', __( 'Button label', 'infomaniak-connect' ), 'ikc_button', 'field_button_label' );

		add_settings_section( 'ikc_users', __( 'Accounts', 'infomaniak-connect' ), '__return_false', self::SLUG );
		self::field( 'create_users', __( 'New visitors', 'infomaniak-connect' ), 'ikc_users', 'field_create_users' );
		self::field( 'default_role', __( 'Role of new accounts', 'infomaniak-connect' ), 'ikc_users', 'field_default_role' );
		self::field( 'link_by_email', __( 'Existing accounts', 'infomaniak-connect' ), 'ikc_users', 'field_link_by_email' );
		self::field( 'link_administrators', __( 'Administrators', 'infomaniak-connect' ), 'ikc_users', 'field_link_administrators' );

		add_settings_section( 'ikc_advanced', __( 'Advanced', 'infomaniak-connect' ), '__return_false', self::SLUG );
		self::field( 'issuer', __( 'Provider (issuer)', 'infomaniak-connect' ), 'ikc_advanced', 'field_issuer' );
	}

	/**
	 * Adds one settings field, with a label_for when it has an input.
	 *
	 * @param string $key      Settings key.
	 * @param string $title    Field title.
	 * @param string $section  Section id.
	 * @param string $callback Method of this class that prints the field.
	 */
	private static function field( $key, $title, $section, $callback ) {
		add_settings_field( 'ikc_' . $key, $title, array( self::class, $callback ), self::SLUG, $section, array( 'label_for' => 'ikc_' . $key ) );
	}

	/**
	 * Adds the page under Settings.
	 */
	public static function add_page() {
		$hook = add_options_page(
			__( 'Infomaniak Connect', 'infomaniak-connect' ),
			__( 'Infomaniak Connect', 'infomaniak-connect' ),
			'manage_options',
			self::SLUG,
			array( self::class, 'render' )
		);
		add_action( 'admin_print_footer_scripts-' . $hook, array( self::class, 'copy_script' ) );
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param string[] $links Action links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::SLUG ) ) . '">' . esc_html__( 'Settings', 'infomaniak-connect' ) . '</a>' );
		return $links;
	}

	/**
	 * The page.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		?>
		<div class="wrap">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<?php self::status_box(); ?>
			<form action="options.php" method="post">
				<?php
				settings_fields( self::GROUP );
				do_settings_sections( self::SLUG );
				submit_button();
				?>
			</form>
		</div>
		<?php
	}

	/**
	 * What is missing before visitors can log in, at the top of the page.
	 */
	private static function status_box() {
		$problems = self::problems();
		if ( array() === $problems ) {
			echo '<div class="notice notice-success inline"><p>' . esc_html__( 'Ready: visitors can log in with Infomaniak.', 'infomaniak-connect' ) . '</p></div>';
			return;
		}
		echo '<div class="notice notice-warning inline"><p><strong>' . esc_html__( 'Not ready yet:', 'infomaniak-connect' ) . '</strong></p><ul>';
		foreach ( $problems as $problem ) {
			echo '<li>' . esc_html( $problem ) . '</li>';
		}
		echo '</ul></div>';
	}

	/**
	 * What makes the plugin unusable now (missing settings, core not loadable).
	 *
	 * @return string[] Sentences for the admin.
	 */
	public static function problems() {
		$problems = array();
		if ( in_array( 'client_id', Options::missing(), true ) ) {
			$problems[] = __( 'Enter the Client ID of your Infomaniak application.', 'infomaniak-connect' );
		}
		if ( in_array( 'client_secret', Options::missing(), true ) ) {
			$problems[] = __( 'Enter the Client Secret of your Infomaniak application.', 'infomaniak-connect' );
		}
		$error = Connect::load_error();
		if ( null !== $error ) {
			$problems[] = __( 'The Infomaniak Connect library cannot be loaded on this server. Site Health (Tools > Site Health) shows the fix.', 'infomaniak-connect' );
		}
		return $problems;
	}

	/**
	 * The admin notice, only while the plugin is unusable and only for those who can fix it.
	 */
	public static function admin_notice() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( $screen && 'settings_page_' . self::SLUG === $screen->id ) {
			return; // The page itself shows the same list.
		}
		$problems = self::problems();
		if ( array() === $problems ) {
			return;
		}
		printf(
			'<div class="notice notice-warning"><p><strong>%1$s</strong> %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html__( 'Infomaniak Connect is not usable yet.', 'infomaniak-connect' ),
			esc_html( implode( ' ', $problems ) ),
			esc_url( admin_url( 'options-general.php?page=' . self::SLUG ) ),
			esc_html__( 'Open the settings', 'infomaniak-connect' )
		);
	}

	/**
	 * Intro of the application section.
	 */
	public static function section_app() {
		echo '<p>' . esc_html__( 'In the Infomaniak Manager, create an OAuth2 application of type "Web Front-End" with the redirect URI below, then paste its Client ID and Client Secret here.', 'infomaniak-connect' ) . '</p>';
	}

	/**
	 * Intro of the button section.
	 */
	public static function section_button() {
		echo '<p>' . esc_html__( 'The button appears on the login page. Elsewhere, use the shortcode [infomaniak_connect] or the "Log in with Infomaniak" block.', 'infomaniak-connect' ) . '</p>';
	}

	/**
	 * "Set in wp-config.php" for a setting fixed by a constant, else ''.
	 *
	 * @param string $key Settings key.
	 * @return string
	 */
	private static function constant_note( $key ) {
		if ( ! Options::is_constant( $key ) ) {
			return '';
		}
		return '<p class="description ikc-constant">' . sprintf(
			/* translators: %s: a PHP constant name */
			esc_html__( 'Set in wp-config.php (%s).', 'infomaniak-connect' ),
			'<code>' . esc_html( Options::constant_name( $key ) ) . '</code>'
		) . '</p>';
	}

	/**
	 * The attributes of an input for a setting fixed by a constant.
	 *
	 * @param string $key Settings key.
	 * @return string
	 */
	private static function locked( $key ) {
		return Options::is_constant( $key ) ? ' disabled="disabled"' : '';
	}

	/**
	 * The input name of a settings key.
	 *
	 * @param string $key Settings key.
	 * @return string
	 */
	private static function name( $key ) {
		return Options::OPTION . '[' . $key . ']';
	}

	/**
	 * Redirect URI (read-only) and its copy button.
	 */
	public static function field_redirect_uri() {
		printf(
			'<input type="text" id="ikc_redirect_uri" class="regular-text code" readonly="readonly" value="%1$s"> <button type="button" class="button ikc-copy" data-copy="ikc_redirect_uri" hidden>%2$s</button><p class="description">%3$s</p>',
			esc_attr( Options::redirect_uri() ),
			esc_html__( 'Copy', 'infomaniak-connect' ),
			esc_html__( 'Paste this exact address as the redirect URI of your application in the Infomaniak Manager.', 'infomaniak-connect' )
		);
	}

	/**
	 * Client ID.
	 */
	public static function field_client_id() {
		printf(
			'<input type="text" id="ikc_client_id" name="%1$s" class="regular-text code" value="%2$s" autocomplete="off"%3$s>',
			esc_attr( self::name( 'client_id' ) ),
			esc_attr( Options::get( 'client_id' ) ),
			self::locked( 'client_id' ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- constant string.
		);
		echo self::constant_note( 'client_id' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
	}

	/**
	 * Client Secret: never echoed back; empty keeps the stored one.
	 */
	public static function field_client_secret() {
		$stored = '' !== Options::get( 'client_secret' );
		if ( Options::is_constant( 'client_secret' ) ) {
			echo '<input type="password" id="ikc_client_secret" class="regular-text" value="" disabled="disabled" placeholder="••••••••">';
			echo self::constant_note( 'client_secret' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
			return;
		}
		printf(
			'<input type="password" id="ikc_client_secret" name="%1$s" class="regular-text" value="" autocomplete="new-password" placeholder="%2$s">',
			esc_attr( self::name( 'client_secret' ) ),
			esc_attr( $stored ? __( 'Saved (leave empty to keep it)', 'infomaniak-connect' ) : '' )
		);
		if ( $stored ) {
			printf(
				'<p class="description">%1$s</p><p><label><input type="checkbox" name="%2$s" value="1"> %3$s</label></p>',
				esc_html__( 'A secret is saved. It is never shown again; type a new one to replace it.', 'infomaniak-connect' ),
				esc_attr( self::name( 'client_secret_clear' ) ),
				esc_html__( 'Remove the saved secret', 'infomaniak-connect' )
			);
		} else {
			echo '<p class="description">' . sprintf(
				/* translators: %s: a PHP constant name */
				esc_html__( 'You can also define it in wp-config.php as %s, which keeps it out of the database.', 'infomaniak-connect' ),
				'<code>INFOMANIAK_CONNECT_CLIENT_SECRET</code>'
			) . '</p>';
		}
	}

	/**
	 * Button label.
	 */
	public static function field_button_label() {
		printf(
			'<input type="text" id="ikc_button_label" name="%1$s" class="regular-text" value="%2$s" placeholder="%3$s"%4$s>',
			esc_attr( self::name( 'button_label' ) ),
			esc_attr( Options::get( 'button_label' ) ),
			esc_attr__( 'Log in with Infomaniak', 'infomaniak-connect' ),
			self::locked( 'button_label' ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- constant string.
		);
		echo self::constant_note( 'button_label' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
	}

	/**
	 * A checkbox setting.
	 *
	 * @param string $key   Settings key.
	 * @param string $label Checkbox label.
	 * @param string $help  Description.
	 */
	private static function checkbox( $key, $label, $help = '' ) {
		printf(
			'<label><input type="checkbox" id="ikc_%1$s" name="%2$s" value="1"%3$s%4$s> %5$s</label>',
			esc_attr( $key ),
			esc_attr( self::name( $key ) ),
			checked( Options::get( $key ), true, false ),
			self::locked( $key ), // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- constant string.
			esc_html( $label )
		);
		if ( '' !== $help ) {
			echo '<p class="description">' . esc_html( $help ) . '</p>';
		}
		echo self::constant_note( $key ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
	}

	/**
	 * Create users.
	 */
	public static function field_create_users() {
		self::checkbox( 'create_users', __( 'Create an account for visitors who log in for the first time', 'infomaniak-connect' ) );
	}

	/**
	 * Role of new users.
	 */
	public static function field_default_role() {
		$disabled = self::locked( 'default_role' );
		echo '<select id="ikc_default_role" name="' . esc_attr( self::name( 'default_role' ) ) . '"' . $disabled . '>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- constant string.
		$roles = get_editable_roles();
		unset( $roles['administrator'] );
		foreach ( $roles as $role => $details ) {
			printf( '<option value="%1$s"%2$s>%3$s</option>', esc_attr( $role ), selected( Options::default_role(), $role, false ), esc_html( translate_user_role( $details['name'] ) ) );
		}
		echo '</select>';
		echo self::constant_note( 'default_role' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
	}

	/**
	 * Link by verified e-mail.
	 */
	public static function field_link_by_email() {
		self::checkbox(
			'link_by_email',
			__( 'Link to an existing account with the same e-mail address, when the provider says it is verified', 'infomaniak-connect' ),
			__( 'Off: a visitor whose e-mail address already belongs to an account gets a new account of their own.', 'infomaniak-connect' )
		);
	}

	/**
	 * Link administrators.
	 */
	public static function field_link_administrators() {
		self::checkbox(
			'link_administrators',
			__( 'Also link administrator accounts by e-mail', 'infomaniak-connect' ),
			__( 'Leave this off unless you trust the provider with the administrators\' accounts.', 'infomaniak-connect' )
		);
	}

	/**
	 * Issuer.
	 */
	public static function field_issuer() {
		printf(
			'<input type="url" id="ikc_issuer" name="%1$s" class="regular-text code" value="%2$s" placeholder="%3$s"%4$s><p class="description">%5$s</p>',
			esc_attr( self::name( 'issuer' ) ),
			esc_attr( Options::issuer() ),
			esc_attr( Options::INFOMANIAK_ISSUER ),
			self::locked( 'issuer' ), // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- constant string.
			esc_html__( 'Infomaniak by default. Any OpenID Connect provider can be used: its settings are read by discovery.', 'infomaniak-connect' )
		);
		echo self::constant_note( 'issuer' ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped inside.
	}

	/**
	 * The copy button's few lines of JavaScript, on this admin page only. The button stays hidden
	 * without JavaScript (the field is read-only and selectable).
	 */
	public static function copy_script() {
		?>
		<script>
		document.querySelectorAll( '.ikc-copy' ).forEach( function ( button ) {
			var field = document.getElementById( button.getAttribute( 'data-copy' ) );
			button.hidden = false;
			button.addEventListener( 'click', function () {
				field.select();
				var done = function () { button.textContent = <?php echo wp_json_encode( __( 'Copied', 'infomaniak-connect' ) ); ?>; };
				if ( navigator.clipboard && window.isSecureContext ) {
					navigator.clipboard.writeText( field.value ).then( done );
				} else if ( document.execCommand( 'copy' ) ) {
					done();
				}
			} );
		} );
		</script>
		<?php
	}
}
