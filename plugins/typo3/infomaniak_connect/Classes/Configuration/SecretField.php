<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Configuration;

/**
 * ext_conf_template.txt field "clientSecret" (type=user): a password input instead of a text
 * input, so the secret is masked on screen and not offered to autofill. TYPO3's extension
 * configuration form saves every field it shows, so the input must carry the stored value (in a
 * masked field) or a save would erase it. To keep the secret out of forms entirely, set the
 * environment variable INFOMANIAK_CONNECT_CLIENT_SECRET and leave this field empty.
 */
final class SecretField
{
    /** @param array<mixed> $params fieldName, fieldValue */
    public function render(array $params): string
    {
        $name = is_string($params['fieldName'] ?? null) ? $params['fieldName'] : 'clientSecret';
        $value = is_scalar($params['fieldValue'] ?? null) ? (string) $params['fieldValue'] : '';
        $e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
        return '<input type="password" class="form-control" id="em-' . $e($name) . '" name="' . $e($name)
            . '" value="' . $e($value) . '" autocomplete="new-password" spellcheck="false">';
    }
}
