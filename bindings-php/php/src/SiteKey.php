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

    /** The shortest CMS secret accepted (WordPress salts, Drupal keys, TYPO3 keys are longer). */
    private const MIN_SECRET_BYTES = 32;

    private function __construct()
    {
    }

    /**
     * 64 hex characters: HMAC-SHA256 under a fixed label of the secrets, each length-prefixed so
     * ("ab", "c") and ("a", "bc") differ.
     *
     * @throws ConnectException site_key_invalid unless one of the secrets has 32 bytes or more
     *     (CMS secrets do; a label or a short string alone would give a key anyone can compute)
     */
    public static function derive(string ...$cmsSecrets): string
    {
        $strong = array_filter($cmsSecrets, static fn (string $s): bool => strlen($s) >= self::MIN_SECRET_BYTES);
        if ($strong === []) {
            throw new ConnectException(
                'site_key_invalid',
                'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.',
                'SiteKey::derive() needs a CMS secret of at least ' . self::MIN_SECRET_BYTES . ' bytes'
            );
        }
        $material = '';
        foreach ($cmsSecrets as $secret) {
            $material .= strlen($secret) . ':' . $secret . "\n";
        }
        return hash_hmac('sha256', $material, self::LABEL);
    }
}
