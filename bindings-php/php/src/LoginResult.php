<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * A finished login: who it is (verified), what the CMS must do, where to send the visitor, and
 * the Set-Cookie header that deletes the login cookie.
 *
 * decision is one of ['action' => 'login', 'user_id' => …], ['action' => 'link', 'user_id' => …]
 * or ['action' => 'create', 'username' => …, 'email' => …|null, 'display_name' => …].
 */
final class LoginResult
{
    /**
     * @param array<string, mixed> $identity issuer, subject, email, email_verified, name, …, claims
     * @param array<string, mixed> $decision
     */
    public function __construct(
        public readonly array $identity,
        public readonly array $decision,
        public readonly string $returnPath,
        public readonly string $clearCookieHeader,
    ) {
    }

    /** "login", "link" or "create". */
    public function action(): string
    {
        return (string) ($this->decision['action'] ?? '');
    }

    /** The CMS user id for "login" and "link", null for "create". */
    public function userId(): ?string
    {
        $id = $this->decision['user_id'] ?? null;
        return is_string($id) ? $id : null;
    }

    /** The identity's issuer: with subject(), the key the CMS links its user to. */
    public function issuer(): string
    {
        return (string) ($this->identity['issuer'] ?? '');
    }

    /** The provider's stable identifier of the person. */
    public function subject(): string
    {
        return (string) ($this->identity['subject'] ?? '');
    }

    /** The e-mail address, when the provider gave a plausible one. */
    public function email(): ?string
    {
        $email = $this->identity['email'] ?? null;
        return is_string($email) ? $email : null;
    }
}
