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

  public function testDefaultIssuerIsTheLibrarys(): void {
    self::assertSame(\Infomaniak\Connect\Settings::INFOMANIAK_ISSUER, ModuleSettings::DEFAULT_ISSUER);
  }

  /**
   * The login button reads the settings on every login page, where the
   * library is not loaded (and may not be loadable): no library class needed.
   */
  public function testUsableWithoutTheLibrary(): void {
    $code = 'require ' . var_export(INFOMANIAK_CONNECT_MODULE_DIR . '/src/ModuleSettings.php', TRUE) . ';'
      . '$s = \\Drupal\\infomaniak_connect\\ModuleSettings::fromConfig([]);'
      . 'echo $s->issuer, "|", var_export($s->isComplete(), TRUE);';
    $out = [];
    exec(escapeshellarg(PHP_BINARY) . ' -n -r ' . escapeshellarg($code) . ' 2>&1', $out, $status);
    self::assertSame(0, $status, implode("\n", $out));
    self::assertSame(ModuleSettings::DEFAULT_ISSUER . '|false', implode("\n", $out));
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
