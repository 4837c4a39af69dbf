<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Middleware;

use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\ConnectException;
use Infomaniak\ConnectTypo3\Accounts\BackendUserDirectory;
use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Login\BackendMarker;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use Infomaniak\ConnectTypo3\Login\Messages;
use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Server\MiddlewareInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Psr\Log\LoggerAwareInterface;
use Psr\Log\LoggerAwareTrait;
use TYPO3\CMS\Backend\Routing\Route;
use TYPO3\CMS\Backend\Routing\UriBuilder;
use TYPO3\CMS\Core\Database\ConnectionPool;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\Http\RedirectResponse;

/**
 * Backend, after routing and before TYPO3's backend user authentication, on the extension's two
 * public backend routes:
 * - infomaniak_connect_login (the login provider's button): sets the login cookie and the
 *   backend marker, sends the user to the provider;
 * - infomaniak_connect_authorize (where the redirect URI hands backend logins on): verifies the
 *   answer in full and, for a backend user an administrator linked, goes on as an active login
 *   that InfomaniakAuthenticationService answers. No backend user is ever created or linked here.
 */
final class BackendLoginHandler implements MiddlewareInterface, LoggerAwareInterface
{
    use LoggerAwareTrait;

    public const ROUTE_LOGIN = 'infomaniak_connect_login';
    public const ROUTE_AUTHORIZE = 'infomaniak_connect_authorize';

    public function __construct(
        private readonly ConnectFactory $factory,
        private readonly Messages $messages,
        private readonly ConnectionPool $connectionPool,
        private readonly UriBuilder $uriBuilder,
    ) {
    }

    public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface
    {
        $route = $request->getAttribute('route');
        $name = $route instanceof Route ? $route->getOption('_identifier') : null;
        if ($name === self::ROUTE_LOGIN) {
            return $this->start($request);
        }
        if ($name === self::ROUTE_AUTHORIZE) {
            return $this->callback($request, $handler);
        }
        return $handler->handle($request);
    }

    private function start(ServerRequestInterface $request): ResponseInterface
    {
        $settings = $this->factory->settings();
        $loginPage = $this->loginPage();
        if (!$settings->isConfigured() || !$settings->backendLogin) {
            return $this->messages->failure($request, ErrorMessages::NOT_CONFIGURED, $loginPage);
        }
        try {
            $start = $this->factory->flow($settings->backendSettings(ConnectFactory::redirectUri($request)))
                ->start((string) $this->uriBuilder->buildUriFromRoute('main', [], UriBuilder::ABSOLUTE_PATH));
        } catch (ConnectException $e) {
            $this->logger?->error('Infomaniak Connect: backend login start failed: {code}: {detail}', ['code' => $e->errorCode(), 'detail' => $e->detail()]);
            return $this->messages->failure($request, $e->errorCode(), $loginPage);
        }
        $cookies = [$start->setCookieHeader];
        $marker = BackendMarker::setCookieHeader($start->state, $this->isHttps($request));
        if ($marker !== null) {
            $cookies[] = $marker;
        }
        return new RedirectResponse($start->authorizationUrl, 302, ['Set-Cookie' => $cookies, 'Cache-Control' => 'no-store']);
    }

    private function callback(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface
    {
        $settings = $this->factory->settings();
        $loginPage = $this->loginPage();
        $state = $request->getQueryParams()['state'] ?? '';
        $clearMarker = BackendMarker::clearCookieHeader(is_string($state) ? $state : '', $this->isHttps($request));
        $clear = $clearMarker !== null ? [$clearMarker] : [];
        if (!$settings->isConfigured() || !$settings->backendLogin) {
            return $this->messages->failure($request, ErrorMessages::NOT_CONFIGURED, $loginPage, $clear);
        }
        try {
            $result = $this->factory->flow($settings->backendSettings(ConnectFactory::redirectUri($request)))->callback(
                $request->getUri()->getQuery(),
                FrontendLoginHandler::loginCookies($request->getCookieParams()),
                new BackendUserDirectory($this->connectionPool)
            );
        } catch (CallbackFailed $e) {
            $this->logger?->warning('Infomaniak Connect: backend login failed: {code}: {detail}', ['code' => $e->errorCode(), 'detail' => $e->detail()]);
            $code = $e->errorCode() === 'account_not_allowed' ? ErrorMessages::BACKEND_NOT_LINKED : $e->errorCode();
            return $this->messages->failure($request, $code, $loginPage, array_merge($clear, array_filter([$e->clearCookieHeader()])));
        } catch (ConnectException $e) {
            $this->logger?->warning('Infomaniak Connect: backend login failed: {code}: {detail}', ['code' => $e->errorCode(), 'detail' => $e->detail()]);
            return $this->messages->failure($request, $e->errorCode(), $loginPage, $clear);
        }
        $clear[] = $result->clearCookieHeader;
        if ($result->action() !== 'login') {
            // The backend policy allows neither linking nor creating; refuse anything else.
            return $this->messages->failure($request, ErrorMessages::BACKEND_NOT_LINKED, $loginPage, $clear);
        }
        $uid = (int) $result->userId();
        $this->logger?->info('Infomaniak Connect: verified {issuer} subject {subject} for be_users:{uid}', [
            'issuer' => $result->issuer(),
            'subject' => $result->subject(),
            'uid' => $uid,
        ]);
        $cookies = $request->getCookieParams();
        unset($cookies[(string) ($GLOBALS['TYPO3_CONF_VARS']['BE']['cookieName'] ?? 'be_typo_user')]);
        $body = $request->getParsedBody();
        $request = $request
            ->withAttribute(PendingLogin::ATTRIBUTE, new PendingLogin(BackendUserDirectory::TABLE, $uid, '', implode("\n", $clear)))
            ->withCookieParams($cookies)
            ->withParsedBody(['login_status' => 'login'] + (is_array($body) ? $body : []));
        return $handler->handle($request);
    }

    private function loginPage(): string
    {
        return (string) $this->uriBuilder->buildUriFromRoute('login', [], UriBuilder::ABSOLUTE_PATH);
    }

    private function isHttps(ServerRequestInterface $request): bool
    {
        $params = $request->getAttribute('normalizedParams');
        return $params instanceof NormalizedParams && $params->isHttps();
    }
}
