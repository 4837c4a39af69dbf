<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\CoreLoader;
use PHPUnit\Framework\TestCase;

/**
 * CoreLoader finds the library, loads the core, and explains failures (the
 * Status report shows them). Failure cases run in a fresh PHP process, where
 * the library is not autoloaded yet and php.ini can be changed.
 */
final class CoreLoaderTest extends TestCase {

  public function testLoadsTheCore(): void {
    $loader = new CoreLoader(INFOMANIAK_CONNECT_MODULE_DIR, INFOMANIAK_CONNECT_LIBRARY_DIR);
    self::assertTrue($loader->available(), (string) $loader->error()?->getMessage());
    self::assertNull($loader->error());
    self::assertMatchesRegularExpression('/\A\d+\.\d+\.\d+/', $loader->version());
  }

  /**
   * Runs a loader in a fresh PHP and returns what it reports.
   */
  private static function probe(string $libraryDir, array $ini = []): array {
    $script = sprintf(<<<'PHP'
      spl_autoload_register(function ($c) {
        $p = 'Drupal\\infomaniak_connect\\';
        if (str_starts_with($c, $p)) { require %s . '/src/' . str_replace('\\', '/', substr($c, strlen($p))) . '.php'; }
      });
      $l = new Drupal\infomaniak_connect\CoreLoader(%s, %s);
      $e = $l->error();
      echo json_encode(['available' => $l->available(), 'class' => $e ? get_class($e) : null,
        'detail' => $e instanceof Infomaniak\Connect\ConnectException ? $e->detail() : ($e ? $e->getMessage() : null)]);
      PHP, var_export(INFOMANIAK_CONNECT_MODULE_DIR, TRUE), var_export(INFOMANIAK_CONNECT_MODULE_DIR, TRUE), var_export($libraryDir, TRUE));
    $cmd = [PHP_BINARY];
    foreach ($ini + ['ffi.enable' => 'preload'] as $k => $v) {
      $cmd[] = '-d';
      $cmd[] = $k . '=' . $v;
    }
    $cmd[] = '-r';
    $cmd[] = $script;
    $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    proc_close($proc);
    $decoded = json_decode((string) $out, TRUE);
    self::assertIsArray($decoded, 'probe output: ' . $out . $err);
    return $decoded;
  }

  public function testMissingLibraryIsExplained(): void {
    $r = self::probe('/nonexistent/library');
    self::assertFalse($r['available']);
    self::assertSame('RuntimeException', $r['class']);
    self::assertStringContainsString('/nonexistent/library', $r['detail']);
    self::assertStringContainsString(INFOMANIAK_CONNECT_MODULE_DIR . '/library', $r['detail']);
  }

  public function testDisabledFfiGivesThePhpIniLines(): void {
    if (!extension_loaded('ffi')) {
      self::markTestSkipped('no FFI in this PHP');
    }
    $r = self::probe(INFOMANIAK_CONNECT_LIBRARY_DIR, ['ffi.enable' => '0']);
    self::assertFalse($r['available']);
    self::assertSame('Infomaniak\Connect\CoreUnavailable', $r['class']);
    self::assertStringContainsString('ffi.enable=1', $r['detail']);
    self::assertStringContainsString('opcache.preload=', $r['detail']);
  }

  public function testCliWithDefaultPreloadSettingLoads(): void {
    $r = self::probe(INFOMANIAK_CONNECT_LIBRARY_DIR);
    self::assertTrue($r['available'], (string) $r['detail']);
  }

}
