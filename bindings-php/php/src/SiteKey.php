<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * The site key that signs login cookies and derives nonce and PKCE verifier, derived from the
 * CMS's own secrets (WordPress salts, Drupal private key + hash salt, TYPO3 encryptionKey) the
 * same way in every plugin. Never derive it from the client secret.
 */
final class SiteKey
{
    /** The HMAC key; a new label gives every site a new key (all logins in flight fail once). */
    private const LABEL = 'infomaniak-connect/site-key/v1';

    private function __construct()
    {
    }

    /**
     * 64 hex characters: HMAC-SHA256 under a fixed label of the secrets, each length-prefixed so
     * ("ab", "c") and ("a", "bc") differ.
     *
     * @throws ConnectException site_key_invalid when no secret is given or all are empty
     */
    public static function derive(string ...$cmsSecrets): string
    {
        if (implode('', $cmsSecrets) === '') {
            throw new ConnectException(
                'site_key_invalid',
                'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.',
                'SiteKey::derive() needs at least one non-empty CMS secret'
            );
        }
        $material = '';
        foreach ($cmsSecrets as $secret) {
            $material .= strlen($secret) . ':' . $secret . "\n";
        }
        return hash_hmac('sha256', $material, self::LABEL);
    }
}
