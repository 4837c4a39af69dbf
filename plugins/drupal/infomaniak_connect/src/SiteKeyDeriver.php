<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Infomaniak\Connect\SiteKey;

/**
 * The site key that signs login cookies, from Drupal's own secrets.
 *
 * Drupal has two site secrets: the private key (state "system.private_key",
 * the "private_key" service) and the hash salt ($settings['hash_salt'] in
 * settings.php). Both feed the library's SiteKey::derive() with a label of
 * this module, so the key changes when either secret changes and never
 * depends on the client secret.
 */
final class SiteKeyDeriver {

  /**
   * The label that separates this key from other uses of the same secrets.
   */
  public const LABEL = 'drupal:infomaniak_connect';

  /**
   * Derives the key.
   *
   * @throws \Infomaniak\Connect\ConnectException
   *   Code "site_key_invalid" when both secrets are empty.
   */
  public static function derive(string $privateKey, string $hashSalt): string {
    if ($privateKey === '' && $hashSalt === '') {
      // SiteKey::derive() would accept the label alone: refuse here instead,
      // a key known to everybody must never sign a login.
      return SiteKey::derive();
    }
    return SiteKey::derive($privateKey, $hashSalt, self::LABEL);
  }

}
