<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Accounts;

/**
 * The CMS's users, as the account decision needs them. The core decides (login, link, create or
 * refuse); the CMS executes the decision LoginFlow::callback() returns.
 */
interface AccountDirectory
{
    /** The user already linked to this identity (issuer + subject), if any. */
    public function findLinked(string $issuer, string $subject): ?KnownUser;

    /** The user whose e-mail address is $email, if any. */
    public function findByEmail(string $email): ?KnownUser;
}
