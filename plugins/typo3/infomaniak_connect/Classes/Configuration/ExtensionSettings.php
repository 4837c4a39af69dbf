<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Configuration;

use Infomaniak\Connect\Settings;

/**
 * The extension's configuration (Settings › Extension Configuration › infomaniak_connect), read
 * from the plain array TYPO3's ExtensionConfiguration returns. No TYPO3 class is needed here.
 */
final class ExtensionSettings
{
    /**
     * @param list<int> $defaultGroups fe_groups uids given to new frontend users
     */
    public function __construct(
        public readonly string $clientId = '',
        public readonly string $clientSecret = '',
        public readonly string $buttonLabel = '',
        public readonly int $storagePid = 0,
        public readonly array $defaultGroups = [],
        public readonly bool $createUsers = true,
        public readonly bool $linkByEmail = false,
        public readonly bool $backendLogin = true,
        public readonly string $issuer = Settings::INFOMANIAK_ISSUER,
    ) {
    }

    /**
     * @param array<mixed> $configuration ExtensionConfiguration::get('infomaniak_connect')
     * @param string|null|false $environmentSecret INFOMANIAK_CONNECT_CLIENT_SECRET, used when the
     *     configured secret is empty
     * @param string $encryptionKey TYPO3's encryptionKey, which opens a sealed secret (SecretField)
     */
    public static function fromArray(
        array $configuration,
        string|null|false $environmentSecret = null,
        string $encryptionKey = '',
    ): self {
        $text = static fn (string $key): string
            => is_scalar($configuration[$key] ?? null) ? trim((string) $configuration[$key]) : '';
        $flag = static fn (string $key, bool $default): bool
            => array_key_exists($key, $configuration) && is_scalar($configuration[$key])
                ? in_array(strtolower(trim((string) $configuration[$key])), ['1', 'true', 'on', 'yes'], true)
                : $default;

        $groups = [];
        foreach (explode(',', $text('defaultGroup')) as $group) {
            if (ctype_digit(trim($group)) && (int) $group > 0) {
                $groups[] = (int) $group;
            }
        }
        $issuer = rtrim($text('issuer'), '/');

        // A sealed secret that no longer opens (encryptionKey changed) counts as not set.
        $secret = SealedSecret::open($text('clientSecret'), $encryptionKey) ?? '';
        if ($secret === '' && is_string($environmentSecret) && $environmentSecret !== '') {
            $secret = $environmentSecret;
        }

        return new self(
            $text('clientId'),
            $secret,
            $text('buttonLabel'),
            ctype_digit($text('storagePid')) ? (int) $text('storagePid') : 0,
            array_values(array_unique($groups)),
            $flag('createUsers', true),
            $flag('linkByEmail', false),
            $flag('backendLogin', true),
            $issuer !== '' ? $issuer : Settings::INFOMANIAK_ISSUER,
        );
    }

    /** Client ID and Client Secret are set: the button may be shown. */
    public function isConfigured(): bool
    {
        return $this->clientId !== '' && $this->clientSecret !== '';
    }

    /** New frontend users can be created: creation is on and a storage folder is chosen. */
    public function canCreateFrontendUsers(): bool
    {
        return $this->createUsers && $this->storagePid > 0;
    }

    /** The label of the button, or $default when the admin left it empty. */
    public function buttonLabelOr(string $default): string
    {
        return $this->buttonLabel !== '' ? $this->buttonLabel : $default;
    }

    /** The library's settings for a frontend login (fe_users). */
    public function frontendSettings(string $redirectUri): Settings
    {
        return new Settings(
            clientId: $this->clientId,
            clientSecret: $this->clientSecret,
            redirectUri: $redirectUri,
            issuer: $this->issuer,
            createUsers: $this->canCreateFrontendUsers(),
            linkByEmail: $this->linkByEmail,
            linkAdministrators: false,
        );
    }

    /**
     * The library's settings for a backend login (be_users): only users an administrator linked,
     * never created, never linked by e-mail.
     */
    public function backendSettings(string $redirectUri): Settings
    {
        return new Settings(
            clientId: $this->clientId,
            clientSecret: $this->clientSecret,
            redirectUri: $redirectUri,
            issuer: $this->issuer,
            createUsers: false,
            linkByEmail: false,
            linkAdministrators: false,
        );
    }
}
