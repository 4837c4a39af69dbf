<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Core\StringTranslation\StringTranslationTrait;
use Drupal\Core\StringTranslation\TranslatableMarkup;

/**
 * The translatable sentence a visitor reads for a failure code.
 *
 * The codes are the core's (core/src/error.rs), the PHP library's
 * ("core_unavailable", "provider_unreachable") and this module's
 * (AccountRefused). The English texts are the core's visitor messages; each
 * is a literal here so translation tools extract it.
 */
final class VisitorMessages {

  use StringTranslationTrait;

  /**
   * The message for $code (a generic one for an unknown code).
   */
  public function forCode(string $code): TranslatableMarkup {
    return match ($code) {
      'config_invalid', 'provider_metadata_missing', 'site_key_invalid', 'discovery_invalid',
      'discovery_issuer_mismatch', 'token_client_rejected'
        => $this->t('Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.'),
      'core_unavailable'
        => $this->t('Login with Infomaniak is not available on this site right now. Please contact the site administrator.'),
      'discovery_unavailable', 'provider_unavailable', 'token_http_error', 'userinfo_http_error', 'provider_unreachable'
        => $this->t('The login provider cannot be reached right now. Please try again later.'),
      'jwks_invalid', 'id_token_missing', 'id_token_too_large', 'id_token_malformed', 'id_token_typ_invalid',
      'id_token_alg_not_allowed', 'id_token_key_ambiguous', 'jwks_refresh', 'id_token_signature_invalid',
      'id_token_issuer_mismatch', 'id_token_audience_mismatch', 'id_token_azp_mismatch', 'id_token_claim_missing',
      'id_token_not_yet_valid', 'id_token_issued_in_future', 'id_token_nonce_mismatch', 'id_token_at_hash_mismatch',
      'userinfo_invalid', 'userinfo_sub_mismatch'
        => $this->t('The login could not be verified. Please try again.'),
      'state_missing' => $this->t('This login link is incomplete. Please start the login again.'),
      'login_cookie_missing' => $this->t('Your login has expired or was started in another browser. Please try again.'),
      'state_invalid' => $this->t('This login could not be matched to your browser. Please try again.'),
      'state_expired' => $this->t('Your login took too long. Please try again.'),
      'id_token_expired' => $this->t('The login took too long. Please try again.'),
      'issuer_mismatch' => $this->t('The login answer came from an unexpected provider. Please try again.'),
      'access_denied' => $this->t('The login was cancelled.'),
      'provider_interaction_required' => $this->t('The login provider needs you to log in again. Please try again.'),
      'provider_rejected' => $this->t("The login provider refused this site's login request. Please contact the site administrator."),
      'token_invalid_grant' => $this->t('This login link has expired or was already used. Please try again.'),
      'account_not_allowed' => $this->t('There is no account on this site for your identity, and new accounts cannot be created here. Please contact the site administrator.'),
      'account_blocked' => $this->t('Your account on this site is blocked. Please contact the site administrator.'),
      'account_missing' => $this->t('The account linked to your identity no longer exists. Please try again.'),
      'email_taken' => $this->t('An account with your e-mail address already exists on this site. Log in with its password, or ask the site administrator to link it.'),
      'account_not_created' => $this->t('Your account could not be created. Please contact the site administrator.'),
      'other_session' => $this->t('You are already logged in with another account. Log out first, then log in with Infomaniak.'),
      default => $this->t('The login could not be completed. Please try again.'),
    };
  }

}
