<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect;

use Drupal\Component\Datetime\TimeInterface;
use Infomaniak\Connect\Clock;

/**
 * The library's clock on Drupal's "datetime.time" service.
 */
final class DrupalClock implements Clock {

  public function __construct(private readonly TimeInterface $time) {
  }

  /**
   * {@inheritdoc}
   */
  public function now(): int {
    return $this->time->getCurrentTime();
  }

}
