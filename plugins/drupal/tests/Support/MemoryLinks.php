<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Support;

use Drupal\infomaniak_connect\Account\LinkStore;

/**
 * The module's LinkStore over an array.
 */
final class MemoryLinks implements LinkStore {

  /** @var array<string, string> "issuer\nsubject" => uid */
  public array $links = [];

  public function find(string $issuer, string $subject): ?string {
    return $this->links[$issuer . "\n" . $subject] ?? NULL;
  }

  public function save(string $issuer, string $subject, string $userId): void {
    $this->links[$issuer . "\n" . $subject] = $userId;
  }

  public function delete(string $issuer, string $subject): void {
    unset($this->links[$issuer . "\n" . $subject]);
  }

  public function deleteUser(string $userId): void {
    $this->links = array_filter($this->links, static fn (string $uid): bool => $uid !== $userId);
  }

}
