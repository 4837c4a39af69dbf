<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * What AccountExecutor did: which user to log in, and how it was found.
 */
final class AccountOutcome {

  /**
   * @param string $userId
   *   The user to log in.
   * @param string $action
   *   The core's action that was executed: "login", "link" or "create".
   */
  public function __construct(
    public readonly string $userId,
    public readonly string $action,
  ) {
  }

}
