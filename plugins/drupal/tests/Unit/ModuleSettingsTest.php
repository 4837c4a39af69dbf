<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\ModuleSettings;
use PHPUnit\Framework\TestCase;

final class ModuleSettingsTest extends TestCase {

  public function testDefaultsMatchConfigInstall(): void {
    $install = \Symfony\Component\Yaml\Yaml::parseFile(INFOMANIAK_CONNECT_MODULE_DIR . '/config/install/infomaniak_connect.settings.yml');
    $fromInstall = ModuleSettings::fromConfig($install);
    $defaults = new ModuleSettings();
    self::assertEquals($defaults, $fromInstall);
    self::assertSame(['client_id', 'client_secret'], $fromInstall->missing());
    self::assertFalse($fromInstall->isComplete());
  }

  public function testMistypedValuesFallBack(): void {
    $s = ModuleSettings::fromConfig(['client_id' => ['x'], 'issuer' => '', 'create_users' => NULL, 'button_label' => '  ']);
    self::assertSame('', $s->clientId);
    self::assertSame(ModuleSettings::DEFAULT_ISSUER, $s->issuer);
    self::assertTrue($s->createUsers);
    self::assertSame('Log in with Infomaniak', $s->buttonLabel);
  }

  public function testLibrarySettings(): void {
    $s = ModuleSettings::fromConfig([
      'client_id' => ' abc ',
      'client_secret' => 'shh',
      'issuer' => 'http://127.0.0.1:9000/',
      'create_users' => FALSE,
      'link_by_email' => TRUE,
      'link_administrators' => 1,
      'new_user_role' => 'editor',
    ]);
    self::assertTrue($s->isComplete());
    $lib = $s->toLibrarySettings('https://site.example/openid-connect-authorize');
    $config = $lib->toConfig(['issuer' => 'http://127.0.0.1:9000']);
    self::assertSame('abc', $config['client_id']);
    self::assertSame('shh', $config['client_secret']);
    self::assertSame('http://127.0.0.1:9000', $config['issuer']);
    self::assertSame('https://site.example/openid-connect-authorize', $config['redirect_uri']);
    self::assertSame(['email'], $config['required_claims']);
    self::assertSame(['create_users' => FALSE, 'link_by_email' => TRUE, 'link_administrators' => TRUE], $lib->toPolicy());
    self::assertSame('editor', $s->newUserRole);
  }

}
