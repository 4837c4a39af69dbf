<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * A site user as the login logic sees it.
 */
final class UserSummary {

  /**
   * @param string $id
   *   The user id.
   * @param string $name
   *   The account name, for log lines.
   * @param bool $blocked
   *   Whether the account is blocked.
   * @param bool $admin
   *   Whether the account administers the site (uid 1, an admin role, or the
   *   "administer users" / "administer permissions" permission).
   */
  public function __construct(
    public readonly string $id,
    public readonly string $name,
    public readonly bool $blocked = FALSE,
    public readonly bool $admin = FALSE,
  ) {
  }

}
