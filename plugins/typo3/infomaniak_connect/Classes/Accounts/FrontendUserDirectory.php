<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Accounts;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\LoginResult;
use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use TYPO3\CMS\Core\Crypto\PasswordHashing\PasswordHashFactory;
use TYPO3\CMS\Core\Database\Connection;
use TYPO3\CMS\Core\Database\ConnectionPool;
use TYPO3\CMS\Core\Database\Query\QueryBuilder;
use TYPO3\CMS\Core\Database\Query\Restriction\DeletedRestriction;

/**
 * fe_users as the core's account decision needs them, and the execution of that decision: log in
 * the linked user, link the user found by verified e-mail, or create one in the storage folder.
 * The link is the pair fe_users.tx_infomaniakconnect_issuer + tx_infomaniakconnect_subject.
 */
final class FrontendUserDirectory implements AccountDirectory
{
    public const TABLE = 'fe_users';

    public function __construct(
        private readonly ConnectionPool $connectionPool,
        private readonly PasswordHashFactory $passwordHashFactory,
        private readonly ExtensionSettings $settings,
    ) {
    }

    public function findLinked(string $issuer, string $subject): ?KnownUser
    {
        // Disabled users are found too: they must not get a second account, and the
        // authentication chain refuses them.
        $query = $this->query();
        $uid = $query->select('uid')->from(self::TABLE)->where(
            $query->expr()->eq('tx_infomaniakconnect_issuer', $query->createNamedParameter($issuer)),
            $query->expr()->eq('tx_infomaniakconnect_subject', $query->createNamedParameter($subject)),
        )->setMaxResults(1)->executeQuery()->fetchOne();
        return $uid === false ? null : new KnownUser((string) $uid);
    }

    public function findByEmail(string $email): ?KnownUser
    {
        if ($email === '' || $this->settings->storagePid <= 0) {
            return null;
        }
        $query = $this->query();
        $uid = $query->select('uid')->from(self::TABLE)->where(
            $query->expr()->eq('pid', $query->createNamedParameter($this->settings->storagePid, Connection::PARAM_INT)),
            $query->expr()->eq('email', $query->createNamedParameter($email)),
            $query->expr()->eq('tx_infomaniakconnect_subject', $query->createNamedParameter('')),
        )->setMaxResults(1)->executeQuery()->fetchOne();
        return $uid === false ? null : new KnownUser((string) $uid);
    }

    /**
     * Carries out the core's decision and returns the fe_users uid to log in.
     *
     * @throws \RuntimeException with an ErrorMessages code when the decision cannot be executed
     */
    public function execute(LoginResult $result): int
    {
        $action = $result->action();
        if ($action === 'login') {
            return (int) $result->userId();
        }
        $connection = $this->connectionPool->getConnectionForTable(self::TABLE);
        if ($action === 'link') {
            $uid = (int) $result->userId();
            $query = $this->query();
            $query->update(self::TABLE)
                ->set('tx_infomaniakconnect_issuer', $result->issuer())
                ->set('tx_infomaniakconnect_subject', $result->subject())
                ->set('tstamp', time())
                ->where($query->expr()->eq('uid', $query->createNamedParameter($uid, Connection::PARAM_INT)))
                ->executeStatement();
            return $uid;
        }
        if ($action === 'create' && $this->settings->canCreateFrontendUsers()) {
            $username = NewFrontendUser::freeUsername(
                (string) ($result->decision['username'] ?? ''),
                fn (string $name): bool => $this->usernameTaken($name),
            );
            if ($username === null) {
                throw new \RuntimeException(ErrorMessages::LOGIN_REFUSED, 1767225601);
            }
            $hash = $this->passwordHashFactory->getDefaultHashInstance('FE')
                ->getHashedPassword(bin2hex(random_bytes(32)));
            // The query builder, not Connection::insert(): that one introspects the table schema,
            // which fails on some SQLite databases (TYPO3 12 + DBAL 3).
            $this->query()->insert(self::TABLE)
                ->values(NewFrontendUser::record($result->decision, $result->identity, $this->settings, $username, (string) $hash, time()))
                ->executeStatement();
            return (int) $connection->lastInsertId(self::TABLE);
        }
        throw new \RuntimeException('account_not_allowed', 1767225602);
    }

    /** The folder (pid) of fe_users record $uid. */
    public function pidOf(int $uid): int
    {
        $query = $this->query();
        return (int) $query->select('pid')->from(self::TABLE)->where(
            $query->expr()->eq('uid', $query->createNamedParameter($uid, Connection::PARAM_INT)),
        )->executeQuery()->fetchOne();
    }

    private function usernameTaken(string $username): bool
    {
        $query = $this->query();
        return $query->count('uid')->from(self::TABLE)->where(
            $query->expr()->eq('pid', $query->createNamedParameter($this->settings->storagePid, Connection::PARAM_INT)),
            $query->expr()->eq('username', $query->createNamedParameter($username)),
        )->executeQuery()->fetchOne() > 0;
    }

    private function query(): QueryBuilder
    {
        $query = $this->connectionPool->getQueryBuilderForTable(self::TABLE);
        $query->getRestrictions()->removeAll()->add(new DeletedRestriction());
        return $query;
    }
}
