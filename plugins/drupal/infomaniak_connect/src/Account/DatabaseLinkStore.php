<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

use Drupal\Component\Datetime\TimeInterface;
use Drupal\Core\Database\Connection;

/**
 * The identity links in the module's table "infomaniak_connect_link".
 *
 * See infomaniak_connect_schema(). The table is dropped on uninstall.
 */
final class DatabaseLinkStore implements LinkStore {

  public const TABLE = 'infomaniak_connect_link';

  public function __construct(
    private readonly Connection $database,
    private readonly TimeInterface $time,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public function find(string $issuer, string $subject): ?string {
    $uid = $this->database->select(self::TABLE, 'l')
      ->fields('l', ['uid'])
      ->condition('issuer', $issuer)
      ->condition('subject', $subject)
      ->range(0, 1)
      ->execute()
      ->fetchField();
    return $uid === FALSE || $uid === NULL ? NULL : (string) $uid;
  }

  /**
   * {@inheritdoc}
   */
  public function save(string $issuer, string $subject, string $userId): void {
    $this->database->merge(self::TABLE)
      ->keys(['issuer' => $issuer, 'subject' => $subject])
      ->fields(['uid' => (int) $userId, 'created' => $this->time->getRequestTime()])
      ->execute();
  }

  /**
   * {@inheritdoc}
   */
  public function delete(string $issuer, string $subject): void {
    $this->database->delete(self::TABLE)
      ->condition('issuer', $issuer)
      ->condition('subject', $subject)
      ->execute();
  }

  /**
   * {@inheritdoc}
   */
  public function deleteUser(string $userId): void {
    $this->database->delete(self::TABLE)
      ->condition('uid', (int) $userId)
      ->execute();
  }

}
