<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Accounts;

/** A CMS user the host found, as the account decision needs it: its id and whether it is an admin. */
final class KnownUser
{
    public function __construct(
        public readonly string $id,
        public readonly bool $isAdmin = false,
    ) {
    }

    /**
     * The user as the core reads it.
     *
     * @return array{id: string, is_admin: bool}
     */
    public function toCore(): array
    {
        return ['id' => $this->id, 'is_admin' => $this->isAdmin];
    }
}
