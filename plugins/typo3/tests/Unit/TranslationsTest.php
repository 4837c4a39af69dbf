<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Unit;

use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use PHPUnit\Framework\TestCase;

/** The XLF files: valid XLIFF 1.2, the same ids in en/de/fr, and every key the code uses. */
final class TranslationsTest extends TestCase
{
    private const DIR = __DIR__ . '/../../infomaniak_connect/Resources/Private/Language/';

    /** @return array<string, array{string, ?string}> id => [source, target] */
    private static function units(string $file): array
    {
        $xml = file_get_contents(self::DIR . $file);
        self::assertIsString($xml);
        $document = new \DOMDocument();
        self::assertTrue(@$document->loadXML($xml), $file . ' is not well-formed XML');
        $xpath = new \DOMXPath($document);
        $xpath->registerNamespace('x', 'urn:oasis:names:tc:xliff:document:1.2');
        self::assertSame(1, $xpath->query('/x:xliff[@version="1.2"]/x:file[@source-language="en"]')->length, $file);
        $units = [];
        foreach ($xpath->query('//x:trans-unit') as $unit) {
            $id = $unit->getAttribute('id');
            self::assertArrayNotHasKey($id, $units, $file . ': duplicate id ' . $id);
            $target = $xpath->query('x:target', $unit)->item(0);
            $units[$id] = [trim((string) $xpath->query('x:source', $unit)->item(0)?->textContent), $target?->textContent];
        }
        return $units;
    }

    public function testSameIdsInEveryLanguage(): void
    {
        $english = self::units('locallang.xlf');
        self::assertNotEmpty($english);
        foreach ($english as $id => [$source, $target]) {
            self::assertNotSame('', $source, $id);
            self::assertNull($target, 'the English file has no targets: ' . $id);
        }
        foreach (['de' => 'de.locallang.xlf', 'fr' => 'fr.locallang.xlf'] as $language => $file) {
            $xml = (string) file_get_contents(self::DIR . $file);
            self::assertStringContainsString('target-language="' . $language . '"', $xml);
            $translated = self::units($file);
            self::assertSame(array_keys($english), array_keys($translated), $file . ' ids differ from locallang.xlf');
            foreach ($translated as $id => [$source, $target]) {
                self::assertSame($english[$id][0], $source, $file . ': source of ' . $id . ' differs');
                self::assertNotSame('', trim((string) $target), $file . ': no target for ' . $id);
            }
        }
    }

    public function testEveryKeyTheCodeUsesExists(): void
    {
        $ids = array_keys(self::units('locallang.xlf'));
        foreach (ErrorMessages::allKeys() as $key) {
            self::assertContains($key, $ids);
        }
        $root = dirname(self::DIR, 3);
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
        $used = 0;
        foreach ($files as $file) {
            if (!in_array($file->getExtension(), ['php', 'html', 'txt'], true)) {
                continue;
            }
            preg_match_all('/infomaniak_connect\/Resources\/Private\/Language\/locallang\.xlf:([a-zA-Z0-9_.]+)/', (string) file_get_contents($file->getPathname()), $matches);
            foreach ($matches[1] as $key) {
                $used++;
                self::assertContains($key, $ids, $file->getPathname() . ' uses a missing key');
            }
        }
        self::assertGreaterThan(10, $used);
    }
}
