<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Accounts;

use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;

/**
 * The fe_users record for the core's "create" decision, and a free user name. The record is
 * written by FrontendUserDirectory; this class only computes it.
 */
final class NewFrontendUser
{
    /** fe_users.username is varchar(255). */
    private const MAX_USERNAME = 255;

    private function __construct()
    {
    }

    /**
     * @param array<mixed> $decision the core's ['action' => 'create', 'username', 'email', 'display_name']
     * @param array<mixed> $identity the verified identity (issuer, subject, given_name, family_name, …)
     * @param string $passwordHash a hash of a random password nobody knows (the user logs in with Infomaniak)
     * @return array<string, int|string>
     */
    public static function record(
        array $decision,
        array $identity,
        ExtensionSettings $settings,
        string $username,
        string $passwordHash,
        int $now,
    ): array {
        $text = static fn (array $from, string $key, int $max): string
            => is_string($from[$key] ?? null) ? mb_substr(trim($from[$key]), 0, $max) : '';
        return [
            'pid' => $settings->storagePid,
            'tstamp' => $now,
            'crdate' => $now,
            'username' => $username,
            'password' => $passwordHash,
            'usergroup' => implode(',', $settings->defaultGroups),
            'email' => $text($decision, 'email', 255),
            'name' => $text($decision, 'display_name', 160),
            'first_name' => $text($identity, 'given_name', 50),
            'last_name' => $text($identity, 'family_name', 50),
            'tx_infomaniakconnect_issuer' => $text($identity, 'issuer', 255),
            'tx_infomaniakconnect_subject' => $text($identity, 'subject', 255),
        ];
    }

    /**
     * $wanted when free, else $wanted-2, $wanted-3, … (the first that $exists says is free).
     *
     * @param callable(string): bool $exists
     */
    public static function freeUsername(string $wanted, callable $exists, int $attempts = 100): ?string
    {
        $wanted = preg_replace('/[\x00-\x20\x7f]+/u', '', $wanted) ?? '';
        if ($wanted === '') {
            $wanted = 'infomaniak-user';
        }
        $wanted = mb_substr($wanted, 0, self::MAX_USERNAME - 6);
        for ($n = 1; $n <= $attempts; $n++) {
            $candidate = $n === 1 ? $wanted : $wanted . '-' . $n;
            if (!$exists($candidate)) {
                return $candidate;
            }
        }
        return null;
    }
}
