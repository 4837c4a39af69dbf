<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\ReturnPath;
use PHPUnit\Framework\TestCase;

final class ReturnPathTest extends TestCase {

  /**
   * @dataProvider destinations
   */
  public function testDestination(mixed $destination, string $basePath, string $expected): void {
    self::assertSame($expected, ReturnPath::fromDestination($destination, $basePath));
  }

  public static function destinations(): array {
    return [
      'missing' => [NULL, '/', '/'],
      'empty' => ['', '/', '/'],
      'array (destination[]=x)' => [['/x'], '/', '/'],
      'path with query' => ['/node/1?page=2', '/', '/node/1?page=2'],
      'path in a subdirectory' => ['/drupal/node/1', '/drupal/', '/drupal/node/1'],
      'legacy internal path' => ['node/1', '/', '/node/1'],
      'legacy internal path, subdirectory' => ['node/1?x=1', '/drupal', '/drupal/node/1?x=1'],
      'protocol-relative' => ['//evil.example/x', '/', '/'],
      'backslash' => ['/\\evil.example', '/', '/'],
      'backslash later' => ['/a\\b', '/', '/'],
      'absolute URL' => ['https://evil.example/', '/', '/'],
      'scheme without slashes' => ['https:evil.example', '/', '/'],
      'javascript' => ['javascript:alert(1)', '/', '/'],
      'data' => ['data:text/html,x', '/sub/', '/sub/'],
      'newline' => ["/x\r\nLocation: https://evil.example", '/', '/'],
      'tab' => ["/x\ty", '/', '/'],
      'NUL' => ["/x\0", '/', '/'],
      'too long' => ['/' . str_repeat('a', 2000), '/', '/'],
      'colon in query is fine' => ['node?u=https://x', '/', '/node?u=https://x'],
      'fallback to base path' => ['//x', '/drupal/', '/drupal/'],
      'surrounding spaces' => ['  /node/2  ', '/', '/node/2'],
    ];
  }

  public function testDefaultIsUsedOnlyWhenLocal(): void {
    self::assertSame('/user', ReturnPath::fromDestination('//evil', '/', '/user'));
    self::assertSame('/', ReturnPath::fromDestination('//evil', '/', '//also-evil'));
  }

  public function testBasePathIsNormalised(): void {
    self::assertSame('/', ReturnPath::normalizeBasePath(''));
    self::assertSame('/', ReturnPath::normalizeBasePath('/'));
    self::assertSame('/a/b/', ReturnPath::normalizeBasePath('/a/b'));
    self::assertSame('/', ReturnPath::normalizeBasePath("/a\nb"));
  }

}
