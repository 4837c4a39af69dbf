<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use PHPUnit\Framework\TestCase;
use Symfony\Component\Yaml\Yaml;

/**
 * The module's declarative files: YAML parses, routes are what the design
 * asks, services point at existing classes, config matches its schema,
 * every core error code has a message, and fr/de translate every string.
 */
final class ModuleFilesTest extends TestCase {

  private const M = INFOMANIAK_CONNECT_MODULE_DIR;

  protected function setUp(): void {
    if (!class_exists(Yaml::class)) {
      self::markTestSkipped('symfony/yaml is not installed (apt-get install php-symfony-yaml)');
    }
  }

  private static function yaml(string $file): array {
    $data = Yaml::parseFile(self::M . '/' . $file);
    self::assertIsArray($data, $file);
    return $data;
  }

  public function testEveryYamlFileParses(): void {
    $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::M, \FilesystemIterator::SKIP_DOTS));
    $count = 0;
    foreach ($files as $file) {
      if (preg_match('/\.ya?ml\z/', $file->getFilename()) && !str_contains($file->getPathname(), '/library/')) {
        Yaml::parseFile($file->getPathname());
        $count++;
      }
    }
    self::assertGreaterThanOrEqual(8, $count);
  }

  public function testInfo(): void {
    $info = self::yaml('infomaniak_connect.info.yml');
    self::assertSame('module', $info['type']);
    self::assertSame('^10 || ^11', $info['core_version_requirement']);
    self::assertSame('infomaniak_connect.settings', $info['configure']);
    self::assertSame('infomaniak_connect', $info['interface translation project']);
    $composer = json_decode((string) file_get_contents(self::M . '/composer.json'), TRUE, 512, JSON_THROW_ON_ERROR);
    self::assertSame('drupal-module', $composer['type']);
  }

  public function testRoutes(): void {
    $routes = self::yaml('infomaniak_connect.routing.yml');
    self::assertSame('/admin/config/people/infomaniak-connect', $routes['infomaniak_connect.settings']['path']);
    self::assertSame('administer infomaniak connect', $routes['infomaniak_connect.settings']['requirements']['_permission']);
    $callback = $routes['infomaniak_connect.authorize'];
    self::assertSame('/openid-connect-authorize', $callback['path']);
    self::assertSame('TRUE', $callback['requirements']['_access']);
    self::assertSame('TRUE', $callback['options']['no_cache']);
    self::assertSame('TRUE', $routes['infomaniak_connect.login']['options']['no_cache']);
    foreach ($routes as $name => $route) {
      foreach (['_controller', '_form'] as $key) {
        if (isset($route['defaults'][$key])) {
          $class = ltrim(explode('::', $route['defaults'][$key])[0], '\\');
          self::assertFileExists(self::classFile($class), $name);
        }
      }
    }
    $permissions = self::yaml('infomaniak_connect.permissions.yml');
    self::assertTrue($permissions['administer infomaniak connect']['restrict access']);
  }

  public function testServicesPointAtTheModuleClasses(): void {
    $services = self::yaml('infomaniak_connect.services.yml')['services'];
    self::assertSame(['infomaniak_connect'], $services['logger.channel.infomaniak_connect']['arguments']);
    self::assertSame('@http_client', $services['infomaniak_connect.login_flow_factory']['arguments'][4]);
    self::assertSame('@cache.infomaniak_connect', $services['infomaniak_connect.login_flow_factory']['arguments'][5]);
    foreach ($services as $id => $definition) {
      $class = is_array($definition) ? ($definition['class'] ?? NULL) : NULL;
      if (is_string($class) && str_starts_with($class, 'Drupal\\infomaniak_connect\\')) {
        self::assertFileExists(self::classFile($class), $id);
      }
    }
    foreach (glob(self::M . '/src/Hook/*.php') as $hookClass) {
      foreach (self::constructorTypes($hookClass) as $type) {
        self::assertArrayHasKey($type, $services, 'autowired hook class needs an alias for ' . $type);
      }
    }
  }

  public function testConfigMatchesSchema(): void {
    $install = self::yaml('config/install/infomaniak_connect.settings.yml');
    $schema = self::yaml('config/schema/infomaniak_connect.schema.yml')['infomaniak_connect.settings'];
    self::assertSame('config_object', $schema['type']);
    $keys = array_keys($schema['mapping']);
    sort($keys);
    $installed = array_keys($install);
    sort($installed);
    self::assertSame($keys, $installed);
    self::assertSame('', $install['client_secret'], 'no secret ships');
    self::assertFalse($install['link_by_email'], 'linking by e-mail is off by default');
  }

  public function testEveryCoreErrorCodeHasItsOwnMessage(): void {
    $rust = (string) file_get_contents(INFOMANIAK_CONNECT_REPO_ROOT . '/core/src/error.rs');
    preg_match_all('/=> \("([a-z0-9_]+)"/', $rust, $m);
    self::assertGreaterThan(30, count($m[1]));
    $messages = (string) file_get_contents(self::M . '/src/VisitorMessages.php');
    foreach (array_merge($m[1], ['core_unavailable', 'provider_unreachable', 'account_blocked', 'account_missing', 'email_taken', 'account_not_created', 'other_session']) as $code) {
      if (in_array($code, ['invalid_input', 'unknown_operation', 'internal_error', 'code_missing', 'token_error', 'token_response_invalid'], TRUE)) {
        continue;
      }
      self::assertStringContainsString("'" . $code . "'", $messages, $code . ' has no message');
    }
  }

  /**
   * @dataProvider languages
   */
  public function testTranslationsAreComplete(string $langcode): void {
    $po = self::parsePo(self::M . '/translations/' . $langcode . '.po');
    foreach (self::sourceStrings() as $string) {
      self::assertArrayHasKey($string, $po, $langcode . '.po lacks: ' . $string);
      self::assertNotSame('', $po[$string], $langcode . '.po leaves untranslated: ' . $string);
      preg_match_all('/[@%:][a-z_]+/', $string, $placeholders);
      foreach ($placeholders[0] as $placeholder) {
        self::assertStringContainsString($placeholder, $po[$string], $langcode . ' keeps ' . $placeholder . ' in: ' . $string);
      }
    }
  }

  public static function languages(): array {
    return ['French' => ['fr'], 'German' => ['de']];
  }

  /**
   * Every literal given to t(), $this->t(), TranslatableMarkup and
   * @Translation in the module's PHP, plus the YAML titles.
   *
   * @return list<string>
   */
  public static function sourceStrings(): array {
    $strings = [];
    $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::M, \FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
      $path = $file->getPathname();
      if (str_contains($path, '/library/') || !preg_match('/\.(php|module|install)\z/', $path)) {
        continue;
      }
      $code = (string) file_get_contents($path);
      preg_match_all('/(?:\bt|->t|new TranslatableMarkup)\(\s*(\'(?:[^\'\\\\]|\\\\.)*\'|"(?:[^"\\\\]|\\\\.)*")/s', $code, $m);
      foreach ($m[1] as $literal) {
        $strings[] = $literal[0] === "'" ? str_replace(["\\'", '\\\\'], ["'", '\\'], substr($literal, 1, -1)) : stripcslashes(substr($literal, 1, -1));
      }
      preg_match_all('/@Translation\("([^"]+)"\)/', $code, $m);
      array_push($strings, ...$m[1]);
    }
    foreach (['infomaniak_connect.routing.yml', 'infomaniak_connect.links.menu.yml', 'infomaniak_connect.permissions.yml'] as $file) {
      $data = self::yaml($file);
      array_walk_recursive($data, static function ($value, $key) use (&$strings): void {
        if (in_array($key, ['_title', 'title', 'description'], TRUE)) {
          $strings[] = $value;
        }
      });
    }
    return array_values(array_unique($strings));
  }

  /**
   * msgid => msgstr of a .po file (single-line and continued strings).
   *
   * @return array<string, string>
   */
  private static function parsePo(string $file): array {
    self::assertFileExists($file);
    $entries = [];
    $id = NULL;
    $str = NULL;
    $current = NULL;
    foreach (file($file, FILE_IGNORE_NEW_LINES) as $line) {
      if (preg_match('/^msgid "(.*)"$/', $line, $m)) {
        if ($id !== NULL) {
          $entries[$id] = (string) $str;
        }
        $id = stripcslashes($m[1]);
        $str = NULL;
        $current = 'id';
      }
      elseif (preg_match('/^msgstr "(.*)"$/', $line, $m)) {
        $str = stripcslashes($m[1]);
        $current = 'str';
      }
      elseif (preg_match('/^"(.*)"$/', $line, $m)) {
        if ($current === 'id') {
          $id .= stripcslashes($m[1]);
        }
        elseif ($current === 'str') {
          $str .= stripcslashes($m[1]);
        }
      }
    }
    if ($id !== NULL) {
      $entries[$id] = (string) $str;
    }
    return $entries;
  }

  private static function classFile(string $class): string {
    return self::M . '/src/' . str_replace('\\', '/', substr($class, strlen('Drupal\\infomaniak_connect\\'))) . '.php';
  }

  /** @return list<string> */
  private static function constructorTypes(string $file): array {
    preg_match('/function __construct\(([^)]*)\)/s', (string) file_get_contents($file), $m);
    preg_match('/^namespace ([^;]+);/m', (string) file_get_contents($file), $ns);
    preg_match_all('/^use ([^;]+);/m', (string) file_get_contents($file), $uses);
    $types = [];
    foreach (preg_split('/,/', $m[1] ?? '') as $param) {
      if (preg_match('/([A-Z][A-Za-z0-9_]*)\s+\$/', $param, $t)) {
        $full = NULL;
        foreach ($uses[1] as $use) {
          if (str_ends_with($use, '\\' . $t[1])) {
            $full = $use;
          }
        }
        $types[] = $full ?? $ns[1] . '\\' . $t[1];
      }
    }
    return $types;
  }

}
