<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * The links between an identity (issuer + subject) and a site user.
 *
 * DatabaseLinkStore keeps them in the module's table (hook_schema).
 */
interface LinkStore {

  /**
   * The user id linked to this identity, or NULL.
   */
  public function find(string $issuer, string $subject): ?string;

  /**
   * Links this identity to the user (replacing an earlier link of it).
   */
  public function save(string $issuer, string $subject, string $userId): void;

  /**
   * Removes the link of this identity.
   */
  public function delete(string $issuer, string $subject): void;

  /**
   * Removes every link of this user (when the user is deleted).
   */
  public function deleteUser(string $userId): void;

}
