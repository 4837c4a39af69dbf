<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\EventListener;

use Doctrine\DBAL\Platforms\SQLitePlatform;
use TYPO3\CMS\Core\Database\ConnectionPool;
use TYPO3\CMS\Core\Database\Event\AlterTableDefinitionStatementsEvent;

/**
 * The index of the identity link (subject, issuer) on fe_users and be_users, which the login
 * looks users up by. Added here rather than in ext_tables.sql so that it can be left out on
 * SQLite: there TYPO3 12/13's "extension:setup" (ConnectionMigrator::install() in create-only
 * mode) turns "new columns + an index over them" on an existing table into a table rebuild that
 * it skips, keeps the CREATE INDEX, and SQLite accepts that index on string literals: the columns
 * are never added and every login fails. Without the index, the columns are added as they should.
 */
final class AddLinkIndex
{
    public const TABLES = ['fe_users', 'be_users'];

    public function __construct(private readonly ConnectionPool $connectionPool)
    {
    }

    public function __invoke(AlterTableDefinitionStatementsEvent $event): void
    {
        foreach (self::TABLES as $table) {
            // SQLitePlatform (DBAL 4, TYPO3 13) is SqlitePlatform in DBAL 3 (TYPO3 12): PHP class
            // names are case-insensitive, so one instanceof covers both.
            if ($this->connectionPool->getConnectionForTable($table)->getDatabasePlatform() instanceof SQLitePlatform) {
                continue;
            }
            $event->addSqlData(self::definition($table));
        }
    }

    /** The CREATE TABLE fragment with the index, in ext_tables.sql syntax. */
    public static function definition(string $table): string
    {
        return 'CREATE TABLE ' . $table . " (\n"
            . "\tKEY tx_infomaniakconnect_link (tx_infomaniakconnect_subject(100),tx_infomaniakconnect_issuer(100))\n"
            . ");\n";
    }
}
