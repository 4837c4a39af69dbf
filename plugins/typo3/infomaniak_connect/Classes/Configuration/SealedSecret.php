<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Configuration;

/**
 * The client secret as the extension configuration form carries it: sealed (libsodium secretbox,
 * keyed from TYPO3's encryptionKey), so the form never holds the secret itself. TYPO3's form saves
 * every field it shows, so the field must post something that keeps the secret: its sealed form.
 */
final class SealedSecret
{
    public const PREFIX = 'ikc-sealed:v1:';

    /** Shortest encryptionKey accepted as a sealing key (TYPO3 generates 96 hex characters). */
    public const MIN_KEY_LENGTH = 32;

    /** The sealed form of $secret, or null when the encryption key is too short to seal with. */
    public static function seal(string $secret, string $encryptionKey): ?string
    {
        if (strlen($encryptionKey) < self::MIN_KEY_LENGTH) {
            return null;
        }
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $box = sodium_crypto_secretbox($secret, $nonce, self::key($encryptionKey));
        return self::PREFIX . sodium_bin2base64($nonce . $box, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING);
    }

    /** Whether a stored value is a sealed secret. */
    public static function isSealed(string $value): bool
    {
        return str_starts_with($value, self::PREFIX);
    }

    /**
     * The secret a stored value stands for: a plain value as it is, a sealed one opened; null when
     * a sealed value does not open with this encryption key (changed key, or a damaged value).
     */
    public static function open(string $value, string $encryptionKey): ?string
    {
        if (!self::isSealed($value)) {
            return $value;
        }
        if (strlen($encryptionKey) < self::MIN_KEY_LENGTH) {
            return null;
        }
        try {
            $raw = sodium_base642bin(substr($value, strlen(self::PREFIX)), SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING);
        } catch (\SodiumException) {
            return null;
        }
        if (strlen($raw) < SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES) {
            return null;
        }
        $plain = sodium_crypto_secretbox_open(
            substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES),
            substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES),
            self::key($encryptionKey)
        );
        return $plain === false ? null : $plain;
    }

    /** The sealing key: its own derivation of encryptionKey, apart from the login site key. */
    private static function key(string $encryptionKey): string
    {
        return hash_hmac('sha256', 'infomaniak_connect client secret seal', $encryptionKey, true);
    }
}
