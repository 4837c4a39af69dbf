<?php
/**
 * The linked identity on the user's profile, with an unlink button.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * A section of the profile screen; the unlink button submits the profile form, whose nonce
 * (update-user_{id}) and capability (edit_user) WordPress checks before our save hook runs.
 */
final class Profile {

	/**
	 * The section.
	 *
	 * @param \WP_User $user The profile's user.
	 */
	public static function render( $user ) {
		if ( ! current_user_can( 'edit_user', $user->ID ) ) {
			return;
		}
		$issuer  = (string) get_user_meta( $user->ID, Users::META_ISSUER, true );
		$subject = (string) get_user_meta( $user->ID, Users::META_SUBJECT, true );
		?>
		<h2><?php esc_html_e( 'Infomaniak Connect', 'infomaniak-connect' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th scope="row"><?php esc_html_e( 'Linked account', 'infomaniak-connect' ); ?></th>
				<td>
				<?php if ( '' === $subject ) : ?>
					<p class="ikc-not-linked"><?php esc_html_e( 'Not linked. Log in once with the Infomaniak button to link this account.', 'infomaniak-connect' ); ?></p>
				<?php else : ?>
					<p class="ikc-linked">
						<?php
						printf(
							/* translators: 1: the provider's issuer URL, 2: the account's identifier at the provider */
							esc_html__( 'Linked to %2$s at %1$s.', 'infomaniak-connect' ),
							'<code>' . esc_html( $issuer ) . '</code>',
							'<code>' . esc_html( $subject ) . '</code>'
						);
						?>
					</p>
					<p>
						<button type="submit" class="button" name="infomaniak_connect_unlink" value="1"><?php esc_html_e( 'Unlink', 'infomaniak-connect' ); ?></button>
					</p>
					<p class="description"><?php esc_html_e( 'After unlinking, logging in with Infomaniak no longer opens this account.', 'infomaniak-connect' ); ?></p>
				<?php endif; ?>
				</td>
			</tr>
		</table>
		<?php
	}

	/**
	 * Unlinks when the unlink button submitted the profile form.
	 *
	 * @param int $user_id The profile's user ID.
	 */
	public static function save( $user_id ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- the profile form's nonce was checked by WordPress.
		if ( empty( $_POST['infomaniak_connect_unlink'] ) || ! current_user_can( 'edit_user', $user_id ) ) {
			return;
		}
		Users::unlink( $user_id );
	}
}
