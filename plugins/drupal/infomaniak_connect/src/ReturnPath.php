<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

/**
 * Turns a Drupal "destination" into the path a visitor returns to after login.
 *
 * Drupal's destination is either a path that already holds the base path
 * ("/drupal/node/1?x=y", what the redirect.destination service produces) or a
 * legacy internal path relative to the base path ("node/1"). Only such
 * same-site paths are kept; anything that could leave the site ("//evil",
 * "/\evil", "https://evil", "javascript:…", control characters) falls back to
 * the default. The core sanitizes the result once more (defence in depth).
 *
 * Plain PHP on purpose: no Drupal class is needed, so it is unit-tested alone.
 */
final class ReturnPath {

  /**
   * The longest return path kept (it travels in the signed login cookie).
   */
  public const MAX_LENGTH = 1024;

  /**
   * The safe return path for $destination.
   *
   * @param mixed $destination
   *   The raw "destination" query value (any type: query values can be arrays).
   * @param string $basePath
   *   The site's base path, with leading and trailing slash ("/" or "/sub/").
   * @param string|null $default
   *   The fallback, a path like "/user"; NULL means the base path.
   *
   * @return string
   *   A path starting with exactly one "/", without scheme or host.
   */
  public static function fromDestination(mixed $destination, string $basePath = '/', ?string $default = NULL): string {
    $basePath = self::normalizeBasePath($basePath);
    $fallback = $default !== NULL && self::isLocalPath($default) ? $default : $basePath;
    if (!is_string($destination)) {
      return $fallback;
    }
    $destination = trim($destination, ' ');
    if ($destination === '' || strlen($destination) > self::MAX_LENGTH) {
      return $fallback;
    }
    if (preg_match('/[\x00-\x1F\x7F\\\\]/', $destination) === 1) {
      return $fallback;
    }
    if (!str_starts_with($destination, '/')) {
      // A legacy internal path ("node/1", "user?x=1"): relative to the base
      // path. A scheme ("https:", "javascript:") before any "/", "?" or "#" is
      // never an internal path.
      $head = substr($destination, 0, strcspn($destination, '/?#'));
      if (str_contains($head, ':')) {
        return $fallback;
      }
      $destination = $basePath . $destination;
    }
    return self::isLocalPath($destination) ? $destination : $fallback;
  }

  /**
   * Whether $path is a same-site absolute path ("/x", never "//x" or "/\x").
   */
  public static function isLocalPath(string $path): bool {
    return str_starts_with($path, '/')
      && !str_starts_with($path, '//')
      && preg_match('/[\x00-\x1F\x7F\\\\]/', $path) !== 1
      && strlen($path) <= self::MAX_LENGTH;
  }

  /**
   * "/" or "/sub/" from whatever Drupal's request gives ("", "/sub", "/sub/").
   */
  public static function normalizeBasePath(string $basePath): string {
    $trimmed = trim($basePath, '/');
    if ($trimmed === '' || !self::isLocalPath('/' . $trimmed . '/')) {
      return '/';
    }
    return '/' . $trimmed . '/';
  }

}
