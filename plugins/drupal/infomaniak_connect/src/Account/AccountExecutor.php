<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * Executes the core's account decision on the site's users.
 *
 * The core decides (login, link, create, or refuses with account_not_allowed
 * before this runs); this class does it, and refuses what Drupal itself would
 * not allow: a blocked account, a vanished one, a new account whose e-mail
 * address another account already has.
 */
final class AccountExecutor {

  public function __construct(
    private readonly UserGateway $users,
    private readonly LinkStore $links,
    private readonly ?string $newUserRole = NULL,
  ) {
  }

  /**
   * Executes $decision for the verified $identity.
   *
   * @param array<string, mixed> $decision
   *   The core's decision: action "login"/"link" with user_id, or "create"
   *   with username, email, display_name.
   * @param array<string, mixed> $identity
   *   The verified identity (issuer, subject, email, …).
   *
   * @throws \Drupal\infomaniak_connect\Account\AccountRefused
   */
  public function execute(array $decision, array $identity): AccountOutcome {
    $issuer = (string) ($identity['issuer'] ?? '');
    $subject = (string) ($identity['subject'] ?? '');
    if ($issuer === '' || $subject === '') {
      throw new AccountRefused(AccountRefused::UNKNOWN_DECISION, 'the identity has no issuer or subject');
    }
    $action = (string) ($decision['action'] ?? '');
    return match ($action) {
      'login' => $this->login((string) ($decision['user_id'] ?? ''), $issuer, $subject),
      'link' => $this->link((string) ($decision['user_id'] ?? ''), $issuer, $subject),
      'create' => $this->create($decision, $issuer, $subject, $identity['email'] ?? NULL),
      default => throw new AccountRefused(AccountRefused::UNKNOWN_DECISION, 'unknown account action "' . substr($action, 0, 40) . '"'),
    };
  }

  /**
   * The identity is linked: log its user in.
   */
  private function login(string $userId, string $issuer, string $subject): AccountOutcome {
    $user = $this->existing($userId, $issuer, $subject);
    return new AccountOutcome($user->id, 'login');
  }

  /**
   * The core allowed linking to the user with the same verified e-mail.
   */
  private function link(string $userId, string $issuer, string $subject): AccountOutcome {
    $user = $this->existing($userId, $issuer, $subject);
    $this->links->save($issuer, $subject, $user->id);
    return new AccountOutcome($user->id, 'link');
  }

  /**
   * A new account, linked to the identity.
   *
   * @param array<string, mixed> $decision
   *   The core's decision; its e-mail is the identity's only when verified and
   *   not another user's.
   * @param mixed $claimedEmail
   *   The identity's e-mail as the provider gave it (maybe unverified): never
   *   stored, only checked, because Drupal needs a unique e-mail for the new
   *   account, and the visitor is better told that the address has an account.
   */
  private function create(array $decision, string $issuer, string $subject, mixed $claimedEmail = NULL): AccountOutcome {
    $email = $decision['email'] ?? NULL;
    $email = is_string($email) && trim($email) !== '' ? trim($email) : NULL;
    $check = $email ?? (is_string($claimedEmail) && trim($claimedEmail) !== '' ? trim($claimedEmail) : NULL);
    if ($check !== NULL) {
      $owner = $this->users->findByEmail($check);
      if ($owner !== NULL) {
        throw new AccountRefused(AccountRefused::EMAIL_TAKEN, sprintf(
          'identity %s at %s has the e-mail address of user %s (%s), and linking by e-mail is off or the address is not verified',
          $subject, $issuer, $owner->id, $owner->name,
        ));
      }
    }
    $local = $email !== NULL ? strstr($email, '@', TRUE) : NULL;
    $generator = new UsernameGenerator(fn (string $name): bool => $this->users->nameTaken($name));
    $name = $generator->generate([
      is_string($decision['username'] ?? NULL) ? $decision['username'] : NULL,
      $local === FALSE ? NULL : $local,
      is_string($decision['display_name'] ?? NULL) ? $decision['display_name'] : NULL,
    ]);
    try {
      $id = $this->users->create($name, $email, $this->newUserRole === '' ? NULL : $this->newUserRole);
    }
    catch (\RuntimeException $e) {
      throw new AccountRefused(AccountRefused::NOT_CREATED, 'user "' . $name . '" could not be created: ' . $e->getMessage(), $e);
    }
    $this->links->save($issuer, $subject, $id);
    return new AccountOutcome($id, 'create');
  }

  /**
   * The active user $userId, or a refusal.
   */
  private function existing(string $userId, string $issuer, string $subject): UserSummary {
    $user = $userId === '' ? NULL : $this->users->find($userId);
    if ($user === NULL) {
      $this->links->delete($issuer, $subject);
      throw new AccountRefused(AccountRefused::MISSING, 'user ' . $userId . ' no longer exists');
    }
    if ($user->blocked) {
      throw new AccountRefused(AccountRefused::BLOCKED, 'user ' . $user->id . ' (' . $user->name . ') is blocked');
    }
    return $user;
  }

}
