<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Accounts;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;
use TYPO3\CMS\Core\Database\ConnectionPool;
use TYPO3\CMS\Core\Database\Query\Restriction\DeletedRestriction;

/**
 * be_users for the backend login: only users an administrator linked (issuer + subject in the
 * user record) are found; no backend user is ever found by e-mail, linked or created.
 */
final class BackendUserDirectory implements AccountDirectory
{
    public const TABLE = 'be_users';

    public function __construct(private readonly ConnectionPool $connectionPool)
    {
    }

    public function findLinked(string $issuer, string $subject): ?KnownUser
    {
        $query = $this->connectionPool->getQueryBuilderForTable(self::TABLE);
        $query->getRestrictions()->removeAll()->add(new DeletedRestriction());
        $row = $query->select('uid', 'admin')->from(self::TABLE)->where(
            $query->expr()->eq('tx_infomaniakconnect_issuer', $query->createNamedParameter($issuer)),
            $query->expr()->eq('tx_infomaniakconnect_subject', $query->createNamedParameter($subject)),
        )->setMaxResults(1)->executeQuery()->fetchAssociative();
        return is_array($row) ? new KnownUser((string) $row['uid'], (bool) $row['admin']) : null;
    }

    public function findByEmail(string $email): ?KnownUser
    {
        return null;
    }
}
