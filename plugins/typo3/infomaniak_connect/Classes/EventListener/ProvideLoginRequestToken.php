<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\EventListener;

use Infomaniak\ConnectTypo3\Login\PendingLogin;
use TYPO3\CMS\Core\Authentication\Event\BeforeRequestTokenProcessedEvent;
use TYPO3\CMS\Core\Security\RequestToken;

/**
 * TYPO3 accepts an active login only with a request token of the scope "core/user-auth/fe|be"
 * (the login form's CSRF protection). A login with Infomaniak has no form: its protection is the
 * signed state cookie the core checked. For a request that carries such a verified login (a
 * request attribute no client can set), this supplies the token, as TYPO3 documents for
 * BeforeRequestTokenProcessedEvent.
 */
final class ProvideLoginRequestToken
{
    public function __invoke(BeforeRequestTokenProcessedEvent $event): void
    {
        $pending = $event->getRequest()->getAttribute(PendingLogin::ATTRIBUTE);
        $loginType = (string) $event->getUser()->loginType;
        if (!$pending instanceof PendingLogin || !$pending->isFor($loginType)) {
            return;
        }
        $token = RequestToken::create('core/user-auth/' . strtolower($loginType));
        if ($loginType === 'FE') {
            // Frontend logins are limited to the user's folder, as felogin does with its "pid"
            // (its own listener copies the token's pid into checkPid_value).
            $token = $token->withParams(['pid' => (string) $pending->userPid]);
            if ($event->getUser()->checkPid) {
                $event->getUser()->checkPid_value = (string) $pending->userPid;
            }
        }
        $event->setRequestToken($token);
    }
}
