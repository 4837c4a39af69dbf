<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Configuration;

/**
 * ext_conf_template.txt field "clientSecret" (type=user): a password input that never holds the
 * secret. TYPO3's extension configuration form saves every field it shows, so a stored secret is
 * carried in its sealed form (SealedSecret): left as is, the field keeps the secret; typed over,
 * it replaces it; emptied, it removes it. The environment variable INFOMANIAK_CONNECT_CLIENT_SECRET
 * is used when the field is empty.
 */
final class SecretField
{
    /** @param array<mixed> $params fieldName, fieldValue */
    public function render(array $params): string
    {
        $name = is_string($params['fieldName'] ?? null) ? $params['fieldName'] : 'clientSecret';
        $stored = is_scalar($params['fieldValue'] ?? null) ? trim((string) $params['fieldValue']) : '';
        return self::html($name, $stored, self::encryptionKey());
    }

    /** The input for a stored value (plain or sealed), sealed with $encryptionKey. */
    public static function html(string $name, string $stored, string $encryptionKey): string
    {
        $value = '';
        if ($stored !== '') {
            $value = SealedSecret::isSealed($stored) ? $stored : (SealedSecret::seal($stored, $encryptionKey) ?? '');
        }
        $e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        return '<input type="password" class="form-control" id="em-' . $e($name) . '" name="' . $e($name)
            . '" value="' . $e($value) . '" autocomplete="new-password" spellcheck="false">';
    }

    private static function encryptionKey(): string
    {
        $key = $GLOBALS['TYPO3_CONF_VARS']['SYS']['encryptionKey'] ?? '';
        return is_string($key) ? $key : '';
    }
}
