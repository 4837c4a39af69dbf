<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Account;

/**
 * The verified identity cannot be given an account on this site.
 *
 * code() is stable ("account_blocked", "account_missing", "email_taken",
 * "account_not_created", "other_session"): the visitor sees its translated message, the log
 * gets detail().
 */
final class AccountRefused extends \RuntimeException {

  public const BLOCKED = 'account_blocked';
  public const MISSING = 'account_missing';
  public const EMAIL_TAKEN = 'email_taken';
  public const NOT_CREATED = 'account_not_created';
  public const UNKNOWN_DECISION = 'internal_error';
  public const OTHER_SESSION = 'other_session';

  public function __construct(
    private readonly string $refusalCode,
    private readonly string $detail,
    ?\Throwable $previous = NULL,
  ) {
    parent::__construct($refusalCode . ': ' . $detail, 0, $previous);
  }

  /**
   * The stable code.
   */
  public function code(): string {
    return $this->refusalCode;
  }

  /**
   * What happened, for the log (never a secret or a token).
   */
  public function detail(): string {
    return $this->detail;
  }

}
