<?php
/**
 * Visitor messages by error code: the login page shows only these, never text from the URL.
 *
 * @package InfomaniakConnect
 */

namespace InfomaniakConnect\WordPress;

defined( 'ABSPATH' ) || exit;

/**
 * Maps the core's stable error codes (and the plugin's own) to translated visitor messages.
 */
final class Errors {

	/**
	 * The visitor message of an error code; a generic message for unknown codes.
	 *
	 * @param string $code An error code.
	 * @return string
	 */
	public static function message( $code ) {
		switch ( $code ) {
			case 'access_denied':
				return __( 'The login was cancelled.', 'infomaniak-connect' );
			case 'state_missing':
				return __( 'This login link is incomplete. Please start the login again.', 'infomaniak-connect' );
			case 'login_cookie_missing':
				return __( 'Your login has expired or was started in another browser. Please try again.', 'infomaniak-connect' );
			case 'state_invalid':
				return __( 'This login could not be matched to your browser. Please try again.', 'infomaniak-connect' );
			case 'state_expired':
			case 'id_token_expired':
				return __( 'Your login took too long. Please try again.', 'infomaniak-connect' );
			case 'issuer_mismatch':
				return __( 'The login answer came from an unexpected provider. Please try again.', 'infomaniak-connect' );
			case 'provider_interaction_required':
				return __( 'The login provider needs you to log in again. Please try again.', 'infomaniak-connect' );
			case 'provider_rejected':
				return __( 'The login provider refused this site\'s login request. Please contact the site administrator.', 'infomaniak-connect' );
			case 'token_invalid_grant':
				return __( 'This login link has expired or was already used. Please try again.', 'infomaniak-connect' );
			case 'account_not_allowed':
				return __( 'There is no account on this site for your identity, and new accounts cannot be created here. Please contact the site administrator.', 'infomaniak-connect' );
			case 'config_invalid':
			case 'provider_metadata_missing':
			case 'site_key_invalid':
			case 'discovery_invalid':
			case 'discovery_issuer_mismatch':
			case 'token_client_rejected':
			case 'not_configured':
			case 'core_unavailable':
				return __( 'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.', 'infomaniak-connect' );
			case 'discovery_unavailable':
			case 'provider_unavailable':
			case 'provider_unreachable':
			case 'token_http_error':
			case 'userinfo_http_error':
				return __( 'The login provider cannot be reached right now. Please try again later.', 'infomaniak-connect' );
			case 'jwks_invalid':
			case 'id_token_missing':
			case 'id_token_too_large':
			case 'id_token_malformed':
			case 'id_token_typ_invalid':
			case 'id_token_alg_not_allowed':
			case 'id_token_key_ambiguous':
			case 'jwks_refresh':
			case 'id_token_signature_invalid':
			case 'id_token_issuer_mismatch':
			case 'id_token_audience_mismatch':
			case 'id_token_azp_mismatch':
			case 'id_token_claim_missing':
			case 'id_token_not_yet_valid':
			case 'id_token_issued_in_future':
			case 'id_token_nonce_mismatch':
			case 'id_token_at_hash_mismatch':
			case 'userinfo_invalid':
			case 'userinfo_sub_mismatch':
				return __( 'The login could not be verified. Please try again.', 'infomaniak-connect' );
			case 'user_failed':
				return __( 'Your account could not be created on this site. Please contact the site administrator.', 'infomaniak-connect' );
			default:
				return __( 'The login could not be completed. Please try again.', 'infomaniak-connect' );
		}
	}
}
