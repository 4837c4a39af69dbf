<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;

/**
 * The library's AccountDirectory over the site's users and the link table.
 *
 * A link whose user no longer exists is removed and ignored, so the core then
 * decides as for an unknown identity.
 */
final class Directory implements AccountDirectory {

  public function __construct(
    private readonly UserGateway $users,
    private readonly LinkStore $links,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public function findLinked(string $issuer, string $subject): ?KnownUser {
    $id = $this->links->find($issuer, $subject);
    if ($id === NULL) {
      return NULL;
    }
    $user = $this->users->find($id);
    if ($user === NULL) {
      $this->links->delete($issuer, $subject);
      return NULL;
    }
    return new KnownUser($user->id, $user->admin);
  }

  /**
   * {@inheritdoc}
   */
  public function findByEmail(string $email): ?KnownUser {
    if (trim($email) === '') {
      return NULL;
    }
    $user = $this->users->findByEmail($email);
    return $user === NULL ? NULL : new KnownUser($user->id, $user->admin);
  }

}
