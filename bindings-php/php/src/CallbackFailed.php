<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * A failure of LoginFlow::callback(). Besides the code and messages it carries the Set-Cookie
 * header that deletes this login's cookie, when the request carried one: send it, so a failed
 * attempt leaves nothing behind, while the cookies of logins running in other tabs stay.
 */
final class CallbackFailed extends ConnectException
{
    public function __construct(ConnectException $failure, private readonly ?string $clearCookieHeader)
    {
        parent::__construct(
            $failure->errorCode(),
            $failure->visitorMessage(),
            $failure->detail(),
            $failure,
        );
    }

    /** The Set-Cookie header value that deletes this login's cookie, or null when there is none. */
    public function clearCookieHeader(): ?string
    {
        return $this->clearCookieHeader;
    }
}
