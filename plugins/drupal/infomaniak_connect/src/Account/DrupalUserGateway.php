<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

use Drupal\Core\Entity\EntityTypeManagerInterface;
use Drupal\Core\Language\LanguageManagerInterface;
use Drupal\user\UserInterface;

/**
 * The site's users through Drupal's entity API.
 */
final class DrupalUserGateway implements UserGateway {

  /**
   * Permissions that make an account an administrator for linking purposes.
   */
  private const ADMIN_PERMISSIONS = ['administer users', 'administer permissions'];

  public function __construct(
    private readonly EntityTypeManagerInterface $entityTypeManager,
    private readonly LanguageManagerInterface $languageManager,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public function find(string $id): ?UserSummary {
    if (!ctype_digit($id) || $id === '0') {
      return NULL;
    }
    $user = $this->storage()->load($id);
    return $user instanceof UserInterface ? $this->summary($user) : NULL;
  }

  /**
   * {@inheritdoc}
   */
  public function findByEmail(string $email): ?UserSummary {
    $users = $this->storage()->loadByProperties(['mail' => $email]);
    foreach ($users as $user) {
      if ($user instanceof UserInterface && !$user->isAnonymous()) {
        return $this->summary($user);
      }
    }
    return NULL;
  }

  /**
   * {@inheritdoc}
   */
  public function nameTaken(string $name): bool {
    $count = $this->storage()->getQuery()
      ->accessCheck(FALSE)
      ->condition('name', $name)
      ->count()
      ->execute();
    return (int) $count > 0;
  }

  /**
   * {@inheritdoc}
   */
  public function create(string $name, ?string $email, ?string $role): string {
    $langcode = $this->languageManager->getCurrentLanguage()->getId();
    /** @var \Drupal\user\UserInterface $user */
    $user = $this->storage()->create([
      'name' => $name,
      'mail' => $email,
      'init' => $email,
      'status' => 1,
      'langcode' => $langcode,
      'preferred_langcode' => $langcode,
    ]);
    if ($role !== NULL && $role !== '') {
      $user->addRole($role);
    }
    $violations = $user->validate();
    if ($violations->count() > 0) {
      $messages = [];
      foreach ($violations as $violation) {
        $messages[] = $violation->getPropertyPath() . ': ' . strip_tags((string) $violation->getMessage());
      }
      throw new \RuntimeException(implode('; ', $messages));
    }
    $user->save();
    return (string) $user->id();
  }

  /**
   * The summary of a loaded user.
   */
  private function summary(UserInterface $user): UserSummary {
    $admin = (int) $user->id() === 1;
    foreach (self::ADMIN_PERMISSIONS as $permission) {
      $admin = $admin || $user->hasPermission($permission);
    }
    if (!$admin) {
      $roles = $this->entityTypeManager->getStorage('user_role')->loadMultiple($user->getRoles(TRUE));
      foreach ($roles as $role) {
        $admin = $admin || (method_exists($role, 'isAdmin') && $role->isAdmin());
      }
    }
    return new UserSummary((string) $user->id(), $user->getAccountName(), $user->isBlocked(), $admin);
  }

  /**
   * The user storage.
   *
   * @return \Drupal\user\UserStorageInterface
   */
  private function storage() {
    return $this->entityTypeManager->getStorage('user');
  }

}
