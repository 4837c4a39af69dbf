<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;

/** An AccountDirectory over arrays. */
final class UserList implements AccountDirectory
{
    /**
     * @param array<string, KnownUser> $linked "issuer subject" => user
     * @param array<string, KnownUser> $byEmail e-mail => user
     */
    public function __construct(public array $linked = [], public array $byEmail = [])
    {
    }

    public function findLinked(string $issuer, string $subject): ?KnownUser
    {
        return $this->linked[$issuer . ' ' . $subject] ?? null;
    }

    public function findByEmail(string $email): ?KnownUser
    {
        return $this->byEmail[$email] ?? null;
    }
}
