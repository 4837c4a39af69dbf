<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Unit;

use Infomaniak\ConnectTypo3\EventListener\AddLinkIndex;
use PHPUnit\Framework\TestCase;

/**
 * The link index comes from AddLinkIndex, the columns from ext_tables.sql: they must agree, and
 * ext_tables.sql must not declare the index itself (see AddLinkIndex on SQLite).
 */
final class LinkIndexTest extends TestCase
{
    public function testIndexCoversTheColumnsOfExtTablesSql(): void
    {
        $sql = (string) file_get_contents(dirname(__DIR__, 2) . '/infomaniak_connect/ext_tables.sql');
        self::assertDoesNotMatchRegularExpression('/^\s*KEY\b/mi', $sql, 'the index belongs to AddLinkIndex');
        foreach (AddLinkIndex::TABLES as $table) {
            self::assertMatchesRegularExpression('/CREATE TABLE ' . $table . ' \([^;]*tx_infomaniakconnect_issuer varchar\(255\)[^;]*tx_infomaniakconnect_subject varchar\(255\)/', $sql);
            self::assertSame(
                "CREATE TABLE {$table} (\n\tKEY tx_infomaniakconnect_link (tx_infomaniakconnect_subject(100),tx_infomaniakconnect_issuer(100))\n);\n",
                AddLinkIndex::definition($table)
            );
        }
    }
}
