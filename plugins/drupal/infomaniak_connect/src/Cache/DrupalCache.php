<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Cache;

use Drupal\Component\Datetime\TimeInterface;
use Drupal\Core\Cache\CacheBackendInterface;
use Infomaniak\Connect\Cache\Cache;

/**
 * The library's cache (provider metadata and keys) on a Drupal cache bin.
 *
 * The bin is "infomaniak_connect" (cache.infomaniak_connect): "drush cr"
 * and "Clear all caches" empty it, and uninstalling the module removes it.
 */
final class DrupalCache implements Cache {

  public function __construct(
    private readonly CacheBackendInterface $bin,
    private readonly TimeInterface $time,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public function get(string $key): ?string {
    $item = $this->bin->get($key);
    return $item !== FALSE && is_string($item->data) ? $item->data : NULL;
  }

  /**
   * {@inheritdoc}
   */
  public function set(string $key, string $value, int $ttl): void {
    $this->bin->set($key, $value, $this->time->getCurrentTime() + max(1, $ttl));
  }

}
