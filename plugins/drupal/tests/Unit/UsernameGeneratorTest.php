<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\Account\UsernameGenerator;
use PHPUnit\Framework\TestCase;

final class UsernameGeneratorTest extends TestCase {

  /**
   * Drupal core's user name rules (UserNameConstraintValidator), as an oracle.
   */
  private static function drupalAccepts(string $name): bool {
    return $name !== ''
      && !str_starts_with($name, ' ') && !str_ends_with($name, ' ') && !str_contains($name, '  ')
      && !preg_match('/[^\x{80}-\x{F7} a-z0-9@+_.\'-]/i', $name)
      && !preg_match('/[\x{80}-\x{A0}\x{AD}\x{2000}-\x{200F}\x{2028}-\x{202F}\x{205F}-\x{206F}\x{FEFF}\x{FF01}-\x{FF60}\x{FFF9}-\x{FFFD}\x{0}-\x{1F}]/u', $name)
      && mb_strlen($name) <= 60;
  }

  /**
   * @dataProvider names
   */
  public function testCleanNamesAreValid(string $input, string $expected): void {
    $clean = UsernameGenerator::clean($input);
    self::assertSame($expected, $clean);
    if ($clean !== '') {
      self::assertTrue(self::drupalAccepts($clean), $clean);
    }
  }

  public static function names(): array {
    return [
      'plain' => ['alice', 'alice'],
      'display name' => ['Alice  Test ', 'Alice Test'],
      'accents' => ['Zoë Müller', 'Zoë Müller'],
      'symbols' => ['a<b>c"d', 'a_b_c_d'],
      'controls' => ["a\x00b\nc", 'a b c'],
      'zero width and bidi' => ["ad\u{200B}min\u{202E}", 'ad min'],
      'full width' => ["\u{FF41}dmin", 'dmin'],
      'only junk' => ['<<>>', ''],
      'invalid utf-8' => ["\xff\xfe", ''],
      'long' => [str_repeat('x', 80), str_repeat('x', 60)],
    ];
  }

  public function testSuffixesStayWithinTheLimit(): void {
    $taken = [str_repeat('y', 60) => TRUE];
    $gen = new UsernameGenerator(static fn (string $n): bool => isset($taken[$n]));
    $name = $gen->generate([str_repeat('y', 70)]);
    self::assertSame(str_repeat('y', 58) . ' 2', $name);
    self::assertTrue(self::drupalAccepts($name));
  }

  public function testCandidatesInOrderAndFallback(): void {
    $gen = new UsernameGenerator(static fn (string $n): bool => FALSE);
    self::assertSame('bob', $gen->generate([NULL, '', '<>', 'bob', 'carol']));
    self::assertSame('user', $gen->generate([NULL, '!!!']));
  }

  public function testManyTakenNamesEndInARandomSuffix(): void {
    $gen = new UsernameGenerator(static fn (string $n): bool => $n === 'x' || preg_match('/\Ax \d+\z/', $n) === 1);
    $name = $gen->generate(['x']);
    self::assertMatchesRegularExpression('/\Ax [0-9a-f]{8}\z/', $name);
  }

}
