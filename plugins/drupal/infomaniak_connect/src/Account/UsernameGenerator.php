<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * A free, valid Drupal user name for a new account.
 *
 * Follows the rules of core's UserNameConstraintValidator: at most 60
 * characters, no leading, trailing or doubled spaces, only letters, digits,
 * space and @ + _ . ' -, none of the invisible or look-alike characters.
 * A taken name gets " 2", " 3", … appended.
 */
final class UsernameGenerator {

  /**
   * UserInterface::USERNAME_MAX_LENGTH.
   */
  public const MAX_LENGTH = 60;

  /**
   * The characters core refuses besides those outside the allowed set.
   */
  private const FORBIDDEN = '/[\x{80}-\x{A0}\x{AD}\x{2000}-\x{200F}\x{2028}-\x{202F}\x{205F}-\x{206F}\x{FEFF}\x{FF01}-\x{FF60}\x{FFF9}-\x{FFFD}\x{0}-\x{1F}]/u';

  /**
   * How many suffixes are tried before a random one.
   */
  private const ATTEMPTS = 50;

  /**
   * @param \Closure(string): bool $taken
   *   Tells whether a name is already used.
   */
  public function __construct(private readonly \Closure $taken) {
  }

  /**
   * A free name from the first usable candidate (the core's username, the
   * e-mail's local part, the display name), else "user".
   *
   * @param list<string|null> $candidates
   */
  public function generate(array $candidates): string {
    $base = 'user';
    foreach ($candidates as $candidate) {
      $clean = is_string($candidate) ? self::clean($candidate) : '';
      if ($clean !== '') {
        $base = $clean;
        break;
      }
    }
    if (!($this->taken)($base)) {
      return $base;
    }
    for ($i = 2; $i < self::ATTEMPTS + 2; $i++) {
      $name = self::withSuffix($base, ' ' . $i);
      if (!($this->taken)($name)) {
        return $name;
      }
    }
    do {
      $name = self::withSuffix($base, ' ' . bin2hex(random_bytes(4)));
    } while (($this->taken)($name));
    return $name;
  }

  /**
   * $name reduced to what Drupal accepts ('' when nothing is left).
   */
  public static function clean(string $name): string {
    if (!mb_check_encoding($name, 'UTF-8')) {
      return '';
    }
    $name = preg_replace(self::FORBIDDEN, ' ', $name) ?? '';
    // Letters and digits of any script, space and @ + _ . ' - are allowed.
    $name = preg_replace('/[^\p{L}\p{N}\p{M} @+_.\'-]/u', '_', $name) ?? '';
    $name = preg_replace('/ {2,}/', ' ', trim($name)) ?? '';
    $name = trim(mb_substr($name, 0, self::MAX_LENGTH));
    return trim($name, '_') === '' ? '' : $name;
  }

  /**
   * $base with $suffix, cut so the whole stays within MAX_LENGTH.
   */
  private static function withSuffix(string $base, string $suffix): string {
    $room = self::MAX_LENGTH - mb_strlen($suffix);
    return rtrim(mb_substr($base, 0, $room)) . $suffix;
  }

}
