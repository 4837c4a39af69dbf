<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\SiteKeyDeriver;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\SiteKey;
use PHPUnit\Framework\TestCase;

final class SiteKeyDeriverTest extends TestCase {

  public function testKeyComesFromBothDrupalSecretsWithTheModuleLabel(): void {
    $key = SiteKeyDeriver::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr');
    self::assertMatchesRegularExpression('/\A[0-9a-f]{64}\z/', $key);
    self::assertSame(SiteKey::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr', SiteKeyDeriver::LABEL), $key);
    self::assertSame($key, SiteKeyDeriver::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr'), 'stable across requests');
  }

  public function testEitherSecretChangesTheKey(): void {
    $key = SiteKeyDeriver::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr');
    self::assertNotSame($key, SiteKeyDeriver::derive('private-key-0123456789abcdefghijklmnop2', 'hash-salt-0123456789abcdefghijklmnopqr'));
    self::assertNotSame($key, SiteKeyDeriver::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr2'));
    self::assertNotSame($key, SiteKeyDeriver::derive('hash-salt-0123456789abcdefghijklmnopqr', 'private-key-0123456789abcdefghijklmnop'), 'order matters');
    self::assertNotSame(SiteKey::derive('private-key-0123456789abcdefghijklmnop', 'hash-salt-0123456789abcdefghijklmnopqr'), $key, 'separated from other uses by the label');
  }

  public function testOneSecretIsEnough(): void {
    self::assertNotSame(SiteKeyDeriver::derive('', 'hash-salt-0123456789abcdefghijklmnopqr'), SiteKeyDeriver::derive('hash-salt-0123456789abcdefghijklmnopqr', ''));
  }

  public function testNoSecretIsRefused(): void {
    try {
      SiteKeyDeriver::derive('', '');
      self::fail('a key from no secret must be refused');
    }
    catch (ConnectException $e) {
      self::assertSame('site_key_invalid', $e->errorCode());
    }
  }

  public function testTheFactoryWiresPrivateKeyAndHashSalt(): void {
    $source = (string) file_get_contents(INFOMANIAK_CONNECT_MODULE_DIR . '/src/LoginFlowFactory.php');
    self::assertStringContainsString('SiteKeyDeriver::derive((string) $this->privateKey->get(), (string) $this->siteSettings->getHashSalt())', $source);
    self::assertStringNotContainsString('clientSecret', substr($source, strpos($source, 'function siteKey'), 300));
  }

}
