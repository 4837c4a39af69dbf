<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Authentication;

use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Core\Authentication\AbstractAuthenticationService;

/**
 * The link into TYPO3's authentication service chain (registered in ext_localconf.php for
 * getUserFE/authUserFE/getUserBE/authUserBE). It answers only for a login the extension verified
 * in this very request (a PendingLogin request attribute, set by its middleware after the core
 * checked state, code, ID token and the account decision): then it returns that user and
 * authenticates it; for any other login it stays out of the way (100: ask the next service).
 */
class InfomaniakAuthenticationService extends AbstractAuthenticationService
{
    /** @return array<string, mixed>|false */
    public function getUser()
    {
        $pending = $this->pendingLogin();
        if ($pending === null) {
            return false;
        }
        $row = $this->fetchUserRecordByUid($pending);
        if ($row === null) {
            $this->logger?->warning('Infomaniak Connect: verified user {uid} of {table} cannot log in (disabled, expired or outside the storage folder)', [
                'uid' => $pending->userId,
                'table' => $pending->table,
            ]);
            return false;
        }
        return $row;
    }

    /**
     * @param array<string, mixed> $user
     * @return int 200 for the verified user (no other service needs to check it), 100 otherwise
     */
    public function authUser(array $user): int
    {
        $pending = $this->pendingLogin();
        if ($pending !== null && $pending->matches((string) ($this->db_user['table'] ?? ''), $user)) {
            return 200;
        }
        return 100;
    }

    private function pendingLogin(): ?PendingLogin
    {
        $request = $this->authInfo['request'] ?? null;
        if (!$request instanceof ServerRequestInterface) {
            return null;
        }
        $pending = $request->getAttribute(PendingLogin::ATTRIBUTE);
        if (!$pending instanceof PendingLogin || !$pending->isFor((string) ($this->authInfo['loginType'] ?? ''))) {
            return null;
        }
        return $pending->table === ($this->db_user['table'] ?? null) ? $pending : null;
    }

    /** @return array<string, mixed>|null the user row, with TYPO3's enable fields applied */
    private function fetchUserRecordByUid(PendingLogin $pending): ?array
    {
        $row = $this->fetchUserRecord('', 'uid=' . (int) $pending->userId);
        return is_array($row) ? $row : null;
    }
}
