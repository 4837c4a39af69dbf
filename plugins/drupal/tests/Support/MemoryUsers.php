<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Support;

use Drupal\infomaniak_connect\Account\UserGateway;
use Drupal\infomaniak_connect\Account\UserSummary;

/**
 * The module's UserGateway over an array: stands in for the site's users.
 */
final class MemoryUsers implements UserGateway {

  /** @var array<string, array{name: string, mail: ?string, blocked: bool, admin: bool, role: ?string}> */
  public array $users = [];
  public bool $failCreate = FALSE;
  private int $next = 2;

  public function add(string $name, ?string $mail, bool $blocked = FALSE, bool $admin = FALSE): string {
    $id = (string) $this->next++;
    $this->users[$id] = ['name' => $name, 'mail' => $mail, 'blocked' => $blocked, 'admin' => $admin, 'role' => NULL];
    return $id;
  }

  public function find(string $id): ?UserSummary {
    $u = $this->users[$id] ?? NULL;
    return $u === NULL ? NULL : new UserSummary($id, $u['name'], $u['blocked'], $u['admin']);
  }

  public function findByEmail(string $email): ?UserSummary {
    foreach ($this->users as $id => $u) {
      if ($u['mail'] !== NULL && strcasecmp($u['mail'], $email) === 0) {
        return $this->find((string) $id);
      }
    }
    return NULL;
  }

  public function nameTaken(string $name): bool {
    foreach ($this->users as $u) {
      if (strcasecmp($u['name'], $name) === 0) {
        return TRUE;
      }
    }
    return FALSE;
  }

  public function create(string $name, ?string $email, ?string $role): string {
    if ($this->failCreate) {
      throw new \RuntimeException('mail: This value is not valid.');
    }
    $id = $this->add($name, $email);
    $this->users[$id]['role'] = $role;
    return $id;
  }

}
