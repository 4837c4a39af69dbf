<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * The site's users, as much as a login needs.
 *
 * DrupalUserGateway implements it with the entity API; the account logic
 * (Directory, AccountExecutor) only sees this interface, so it is tested
 * without Drupal.
 */
interface UserGateway {

  /**
   * The user with this id, or NULL.
   */
  public function find(string $id): ?UserSummary;

  /**
   * The user whose e-mail address is $email, or NULL.
   */
  public function findByEmail(string $email): ?UserSummary;

  /**
   * Whether a user already has this user name.
   */
  public function nameTaken(string $name): bool;

  /**
   * Creates an active user and returns its id.
   *
   * @param string $name
   *   A valid, free user name.
   * @param string|null $email
   *   The verified e-mail address, or NULL.
   * @param string|null $role
   *   A role to grant besides "authenticated", or NULL.
   *
   * @throws \RuntimeException
   *   When the user cannot be saved (validation or storage).
   */
  public function create(string $name, ?string $email, ?string $role): string;

}
