<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Login;

/**
 * A login the extension verified in this request, waiting for TYPO3's authentication service
 * chain. It travels as a request attribute (which no client can set): the authentication service
 * returns exactly this user, and the completion step redirects once TYPO3 logged it in.
 */
final class PendingLogin
{
    /** The request attribute that carries it. */
    public const ATTRIBUTE = 'infomaniak_connect.pending_login';

    public function __construct(
        public readonly string $table,
        public readonly int $userId,
        public readonly string $returnPath,
        public readonly string $clearCookieHeader,
        public readonly int $userPid = 0,
    ) {
    }

    /** True for the login type ("FE", "BE") whose user table this login is for. */
    public function isFor(string $loginType): bool
    {
        return ($loginType === 'FE' && $this->table === 'fe_users')
            || ($loginType === 'BE' && $this->table === 'be_users');
    }

    /**
     * True when $row is this login's user in $table.
     *
     * @param array<mixed> $row
     */
    public function matches(string $table, array $row): bool
    {
        return $table === $this->table && (int) ($row['uid'] ?? 0) === $this->userId && $this->userId > 0;
    }
}
