<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Controller;

use Infomaniak\ConnectTypo3\Accounts\BackendUserDirectory;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use Infomaniak\ConnectTypo3\Login\Messages;
use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use TYPO3\CMS\Backend\Routing\UriBuilder;
use TYPO3\CMS\Core\Http\RedirectResponse;

/**
 * Targets of the two public backend routes. The work is done by BackendLoginHandler (before
 * authentication); after TYPO3's authentication this checks the result and redirects.
 */
final class BackendLoginController
{
    public function __construct(
        private readonly UriBuilder $uriBuilder,
        private readonly Messages $messages,
    ) {
    }

    /** Reached only when the middleware did not answer (it always does): back to the login. */
    public function loginAction(ServerRequestInterface $request): ResponseInterface
    {
        return new RedirectResponse((string) $this->uriBuilder->buildUriFromRoute('login'));
    }

    public function authorizeAction(ServerRequestInterface $request): ResponseInterface
    {
        $pending = $request->getAttribute(PendingLogin::ATTRIBUTE);
        $login = (string) $this->uriBuilder->buildUriFromRoute('login', [], UriBuilder::ABSOLUTE_PATH);
        if (!$pending instanceof PendingLogin || $pending->table !== BackendUserDirectory::TABLE) {
            return new RedirectResponse($login);
        }
        $clear = array_values(array_filter(explode("\n", $pending->clearCookieHeader)));
        $user = $GLOBALS['BE_USER'] ?? null;
        $uid = is_object($user) && is_array($user->user ?? null) ? (int) ($user->user['uid'] ?? 0) : 0;
        if ($uid !== $pending->userId) {
            return $this->messages->failure($request, ErrorMessages::LOGIN_REFUSED, $login, $clear);
        }
        return new RedirectResponse(
            (string) $this->uriBuilder->buildUriFromRoute('main', [], UriBuilder::ABSOLUTE_PATH),
            303,
            ['Set-Cookie' => $clear, 'Cache-Control' => 'no-store']
        );
    }
}
