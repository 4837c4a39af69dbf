<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Infomaniak\Connect\Core;

/**
 * Finds the PHP library and loads the native core, once per request.
 *
 * The library is looked for, in order: already autoloadable (installed with
 * Composer as infomaniak/connect), the directory given by
 * $settings['infomaniak_connect_library_dir'] in settings.php, and the
 * "library" directory bundled in the module's release archive. Nothing here
 * throws: a failure is kept and explained by error() for the status report,
 * so the site keeps working without the core.
 */
final class CoreLoader {

  private ?Core $core = NULL;
  private ?\Throwable $error = NULL;
  private bool $tried = FALSE;

  /**
   * @param string $moduleDir
   *   The module's directory (absolute).
   * @param string|null $libraryDir
   *   An explicit library directory (settings.php), or NULL.
   * @param string|null $nativeLibrary
   *   An explicit path of libinfomaniak_connect.so, or NULL for the library's
   *   own lookup (INFOMANIAK_CONNECT_LIB, then the bundled copy).
   */
  public function __construct(
    private readonly string $moduleDir,
    private readonly ?string $libraryDir = NULL,
    private readonly ?string $nativeLibrary = NULL,
  ) {
  }

  /**
   * Whether the core can be used in this request.
   */
  public function available(): bool {
    $this->load();
    return $this->core !== NULL;
  }

  /**
   * The loaded core.
   *
   * @throws \Throwable
   *   Why it cannot be loaded (CoreUnavailable, or a missing library).
   */
  public function core(): Core {
    $this->load();
    if ($this->core === NULL) {
      throw $this->error ?? new \LogicException('the core was not loaded');
    }
    return $this->core;
  }

  /**
   * Why the core cannot be used, or NULL when it can.
   */
  public function error(): ?\Throwable {
    $this->load();
    return $this->error;
  }

  /**
   * The core's version ("0.1.0"), or '' when it is not loaded.
   */
  public function version(): string {
    if (!$this->available()) {
      return '';
    }
    try {
      $version = $this->core->version();
    }
    catch (\Throwable) {
      return '';
    }
    return is_scalar($version['core'] ?? NULL) ? (string) $version['core'] : '';
  }

  /**
   * The library directories tried, in order (for messages).
   *
   * @return list<string>
   */
  public function candidateDirs(): array {
    $dirs = [];
    if ($this->libraryDir !== NULL && $this->libraryDir !== '') {
      $dirs[] = rtrim($this->libraryDir, '/');
    }
    $dirs[] = rtrim($this->moduleDir, '/') . '/library';
    return $dirs;
  }

  /**
   * Loads the library's autoloader (when needed) and the core.
   */
  private function load(): void {
    if ($this->tried) {
      return;
    }
    $this->tried = TRUE;
    try {
      if (!class_exists(Core::class)) {
        $this->requireAutoloader();
      }
      $this->core = Core::load($this->nativeLibrary);
    }
    catch (\Throwable $e) {
      $this->error = $e;
    }
  }

  /**
   * Requires the first autoload.php among candidateDirs().
   *
   * @throws \RuntimeException
   *   When none is there.
   */
  private function requireAutoloader(): void {
    foreach ($this->candidateDirs() as $dir) {
      if (is_file($dir . '/autoload.php')) {
        require_once $dir . '/autoload.php';
        if (class_exists(Core::class)) {
          return;
        }
      }
    }
    throw new \RuntimeException(sprintf(
      'The Infomaniak Connect PHP library was not found (looked in: %s). Install the module from its release archive, which bundles it in the "library" directory, or require the Composer package infomaniak/connect.',
      implode(', ', $this->candidateDirs()),
    ));
  }

}
