<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\SiteKeyDeriver;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\SiteKey;
use PHPUnit\Framework\TestCase;

final class SiteKeyDeriverTest extends TestCase {

  public function testKeyComesFromBothDrupalSecretsWithTheModuleLabel(): void {
    $key = SiteKeyDeriver::derive('private-key', 'hash-salt');
    self::assertMatchesRegularExpression('/\A[0-9a-f]{64}\z/', $key);
    self::assertSame(SiteKey::derive('private-key', 'hash-salt', SiteKeyDeriver::LABEL), $key);
    self::assertSame($key, SiteKeyDeriver::derive('private-key', 'hash-salt'), 'stable across requests');
  }

  public function testEitherSecretChangesTheKey(): void {
    $key = SiteKeyDeriver::derive('private-key', 'hash-salt');
    self::assertNotSame($key, SiteKeyDeriver::derive('private-key2', 'hash-salt'));
    self::assertNotSame($key, SiteKeyDeriver::derive('private-key', 'hash-salt2'));
    self::assertNotSame($key, SiteKeyDeriver::derive('hash-salt', 'private-key'), 'order matters');
    self::assertNotSame(SiteKey::derive('private-key', 'hash-salt'), $key, 'separated from other uses by the label');
  }

  public function testOneSecretIsEnough(): void {
    self::assertNotSame(SiteKeyDeriver::derive('', 'hash-salt'), SiteKeyDeriver::derive('hash-salt', ''));
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
