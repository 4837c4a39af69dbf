<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Middleware;

use Infomaniak\ConnectTypo3\Accounts\FrontendUserDirectory;
use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use Infomaniak\ConnectTypo3\Login\Messages;
use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Infomaniak\ConnectTypo3\Routing\Paths;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Server\MiddlewareInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Psr\Log\LoggerAwareInterface;
use Psr\Log\LoggerAwareTrait;
use TYPO3\CMS\Core\Http\RedirectResponse;
use TYPO3\CMS\Frontend\Authentication\FrontendUserAuthentication;

/**
 * Frontend, after TYPO3's frontend user authentication: when this request carried a verified
 * login, checks that TYPO3 logged that user in and sends the visitor back where they came from
 * (TYPO3 adds its session cookie to this response on the way out).
 */
final class FrontendLoginCompletion implements MiddlewareInterface, LoggerAwareInterface
{
    use LoggerAwareTrait;

    public function __construct(private readonly Messages $messages)
    {
    }

    public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface
    {
        $pending = $request->getAttribute(PendingLogin::ATTRIBUTE);
        if (!$pending instanceof PendingLogin || $pending->table !== FrontendUserDirectory::TABLE) {
            return $handler->handle($request);
        }
        $user = $request->getAttribute('frontend.user');
        $uid = $user instanceof FrontendUserAuthentication && is_array($user->user) ? (int) ($user->user['uid'] ?? 0) : 0;
        if ($uid !== $pending->userId) {
            $this->logger?->warning('Infomaniak Connect: TYPO3 did not log in fe_users:{uid} (disabled, expired, or refused by another authentication service)', ['uid' => $pending->userId]);
            return $this->messages->failure(
                $request,
                ErrorMessages::LOGIN_REFUSED,
                Paths::basePath(ConnectFactory::base($request)),
                [$pending->clearCookieHeader]
            );
        }
        $this->logger?->info('Infomaniak Connect: fe_users:{uid} logged in', ['uid' => $uid]);
        return new RedirectResponse(FrontendLoginHandler::origin($request) . $pending->returnPath, 303, [
            'Set-Cookie' => [$pending->clearCookieHeader],
            'Cache-Control' => 'no-store',
        ]);
    }
}
