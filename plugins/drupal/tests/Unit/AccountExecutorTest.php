<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\Account\AccountExecutor;
use Drupal\infomaniak_connect\Account\AccountRefused;
use Drupal\infomaniak_connect\Account\Directory;
use Drupal\Tests\infomaniak_connect\Support\MemoryLinks;
use Drupal\Tests\infomaniak_connect\Support\MemoryUsers;
use Infomaniak\Connect\Core;
use PHPUnit\Framework\TestCase;

final class AccountExecutorTest extends TestCase {

  private const ISS = 'https://login.infomaniak.com';
  private MemoryUsers $users;
  private MemoryLinks $links;

  protected function setUp(): void {
    $this->users = new MemoryUsers();
    $this->links = new MemoryLinks();
  }

  private function identity(string $sub = 'sub-1', ?string $email = 'alice@example.com'): array {
    return ['issuer' => self::ISS, 'subject' => $sub, 'email' => $email, 'email_verified' => TRUE];
  }

  private function executor(?string $role = NULL): AccountExecutor {
    return new AccountExecutor($this->users, $this->links, $role);
  }

  public function testCreateMakesALinkedUserWithTheRole(): void {
    $outcome = $this->executor('editor')->execute(
      ['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com', 'display_name' => 'Alice'],
      $this->identity(),
    );
    self::assertSame('create', $outcome->action);
    self::assertSame('alice', $this->users->users[$outcome->userId]['name']);
    self::assertSame('alice@example.com', $this->users->users[$outcome->userId]['mail']);
    self::assertSame('editor', $this->users->users[$outcome->userId]['role']);
    self::assertSame($outcome->userId, $this->links->find(self::ISS, 'sub-1'));
  }

  public function testCreateAvoidsTakenNames(): void {
    $this->users->add('alice', 'other@example.com');
    $outcome = $this->executor()->execute(['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com'], $this->identity());
    self::assertSame('alice 2', $this->users->users[$outcome->userId]['name']);
  }

  public function testCreateFallsBackToTheEmailLocalPart(): void {
    $outcome = $this->executor()->execute(['action' => 'create', 'username' => '', 'email' => 'bob@example.com', 'display_name' => NULL], $this->identity('s', 'bob@example.com'));
    self::assertSame('bob', $this->users->users[$outcome->userId]['name']);
  }

  public function testCreateRefusesAnEmailAnotherAccountHas(): void {
    $this->users->add('old', 'Alice@Example.com');
    try {
      $this->executor()->execute(['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com'], $this->identity());
      self::fail('expected a refusal');
    }
    catch (AccountRefused $e) {
      self::assertSame('email_taken', $e->code());
    }
    self::assertCount(1, $this->users->users, 'nothing created');
    self::assertSame([], $this->links->links, 'nothing linked');
  }

  /**
   * The core leaves the e-mail out of a "create" when another user has it (or
   * it is unverified): the refusal still names the taken address.
   */
  public function testCreateWithoutEmailRefusesTheClaimedAddressOfAnotherAccount(): void {
    $this->users->add('old', 'alice@example.com');
    try {
      $this->executor()->execute(['action' => 'create', 'username' => 'alice', 'email' => NULL], $this->identity('s', 'Alice@example.com'));
      self::fail('expected a refusal');
    }
    catch (AccountRefused $e) {
      self::assertSame('email_taken', $e->code());
    }
    self::assertCount(1, $this->users->users, 'nothing created');
    self::assertSame([], $this->links->links, 'nothing linked');
  }

  public function testCreateFailureIsARefusal(): void {
    $this->users->failCreate = TRUE;
    try {
      $this->executor()->execute(['action' => 'create', 'username' => 'a', 'email' => NULL], $this->identity('s', NULL));
      self::fail('expected a refusal');
    }
    catch (AccountRefused $e) {
      self::assertSame('account_not_created', $e->code());
    }
    self::assertSame([], $this->links->links);
  }

  public function testLoginReturnsTheLinkedUser(): void {
    $uid = $this->users->add('carol', 'carol@example.com');
    $this->links->save(self::ISS, 'sub-1', $uid);
    $outcome = $this->executor()->execute(['action' => 'login', 'user_id' => $uid], $this->identity());
    self::assertSame([$uid, 'login'], [$outcome->userId, $outcome->action]);
  }

  public function testBlockedUsersAreRefused(): void {
    $uid = $this->users->add('dave', 'dave@example.com', blocked: TRUE);
    foreach (['login', 'link'] as $action) {
      try {
        $this->executor()->execute(['action' => $action, 'user_id' => $uid], $this->identity());
        self::fail('expected a refusal for ' . $action);
      }
      catch (AccountRefused $e) {
        self::assertSame('account_blocked', $e->code());
      }
    }
    self::assertSame([], $this->links->links, 'a blocked user is not linked');
  }

  public function testVanishedUserDropsTheLink(): void {
    $this->links->save(self::ISS, 'sub-1', '99');
    try {
      $this->executor()->execute(['action' => 'login', 'user_id' => '99'], $this->identity());
      self::fail('expected a refusal');
    }
    catch (AccountRefused $e) {
      self::assertSame('account_missing', $e->code());
    }
    self::assertNull($this->links->find(self::ISS, 'sub-1'));
  }

  public function testLinkStoresTheLink(): void {
    $uid = $this->users->add('erin', 'erin@example.com');
    $outcome = $this->executor()->execute(['action' => 'link', 'user_id' => $uid], $this->identity('sub-2', 'erin@example.com'));
    self::assertSame('link', $outcome->action);
    self::assertSame($uid, $this->links->find(self::ISS, 'sub-2'));
  }

  public function testUnknownActionAndIncompleteIdentityAreRefused(): void {
    foreach ([[['action' => 'delete_everything'], $this->identity()], [['action' => 'login', 'user_id' => '1'], ['issuer' => self::ISS]]] as [$decision, $identity]) {
      try {
        $this->executor()->execute($decision, $identity);
        self::fail('expected a refusal');
      }
      catch (AccountRefused $e) {
        self::assertSame('internal_error', $e->code());
      }
    }
  }

  public function testDirectoryFindsLinkedAndEmailUsers(): void {
    $admin = $this->users->add('root', 'root@example.com', admin: TRUE);
    $dir = new Directory($this->users, $this->links);
    self::assertNull($dir->findLinked(self::ISS, 'nobody'));
    $known = $dir->findByEmail('ROOT@example.com');
    self::assertNotNull($known);
    self::assertSame(['id' => $admin, 'is_admin' => TRUE], $known->toCore());
    self::assertNull($dir->findByEmail(' '));

    $this->links->save(self::ISS, 'gone', '404');
    self::assertNull($dir->findLinked(self::ISS, 'gone'), 'a link to a deleted user is ignored');
    self::assertSame([], $this->links->links, '… and removed');
  }

  /**
   * The core decides, this module executes: the real core's decisions through
   * the module's Directory and AccountExecutor.
   */
  public function testDecisionsOfTheRealCore(): void {
    $core = Core::load();
    $dir = new Directory($this->users, $this->links);
    $decide = function (array $identity, array $policy) use ($core, $dir): array {
      $linked = $dir->findLinked($identity['issuer'], $identity['subject']);
      $byEmail = $linked === NULL ? $dir->findByEmail((string) $identity['email']) : NULL;
      return $core->call('decide_account', [
        'policy' => $policy,
        'identity' => $identity + ['claims' => (object) []],
        'linked_user' => $linked?->toCore(),
        'email_user' => $byEmail?->toCore(),
      ]);
    };
    $policy = ['create_users' => TRUE, 'link_by_email' => TRUE, 'link_administrators' => FALSE];

    // New person: created, then found by the link on the second login.
    $first = $this->executor()->execute($decide($this->identity('new'), $policy), $this->identity('new'));
    self::assertSame('create', $first->action);
    $second = $this->executor()->execute($decide($this->identity('new'), $policy), $this->identity('new'));
    self::assertSame(['login', $first->userId], [$second->action, $second->userId]);
    self::assertCount(1, $this->users->users);

    // Same verified e-mail as an administrator: never linked unless allowed.
    $this->users->add('boss', 'boss@example.com', admin: TRUE);
    $this->expectException(\Infomaniak\Connect\ConnectException::class);
    $decide($this->identity('boss-sub', 'boss@example.com'), ['create_users' => FALSE] + $policy);
  }

}
