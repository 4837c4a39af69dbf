<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Middleware;

use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\ConnectException;
use Infomaniak\ConnectTypo3\Accounts\FrontendUserDirectory;
use Infomaniak\ConnectTypo3\Connect\ConnectFactory;
use Infomaniak\ConnectTypo3\Login\BackendMarker;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use Infomaniak\ConnectTypo3\Login\Messages;
use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Infomaniak\ConnectTypo3\Routing\Paths;
use Infomaniak\ConnectTypo3\Routing\ReturnPath;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Server\MiddlewareInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Psr\Log\LoggerAwareInterface;
use Psr\Log\LoggerAwareTrait;
use TYPO3\CMS\Backend\Routing\UriBuilder;
use TYPO3\CMS\Core\Crypto\PasswordHashing\PasswordHashFactory;
use TYPO3\CMS\Core\Database\ConnectionPool;
use TYPO3\CMS\Core\Http\NormalizedParams;
use TYPO3\CMS\Core\Http\RedirectResponse;

/**
 * Frontend, before TYPO3's frontend user authentication:
 * - the start URL (<site>/openid-connect-login?return=/path): sets the login cookie and sends the
 *   visitor to the provider;
 * - the redirect URI (<site>/openid-connect-authorize): the library checks the answer against the
 *   login cookie, redeems the code, verifies the ID token and decides the account; the decision is
 *   carried out on fe_users, and the request goes on as an active login that the extension's
 *   authentication service answers. FrontendLoginCompletion then redirects.
 * Logins started on the backend login screen are handed on to the backend route unverified;
 * the backend verifies them in full.
 */
final class FrontendLoginHandler implements MiddlewareInterface, LoggerAwareInterface
{
    use LoggerAwareTrait;

    public function __construct(
        private readonly ConnectFactory $factory,
        private readonly Messages $messages,
        private readonly ConnectionPool $connectionPool,
        private readonly PasswordHashFactory $passwordHashFactory,
        private readonly UriBuilder $backendUriBuilder,
    ) {
    }

    public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface
    {
        $path = $request->getUri()->getPath();
        $base = ConnectFactory::base($request);
        if (Paths::matches($path, $base, Paths::START)) {
            return $this->start($request, $base);
        }
        if (Paths::matches($path, $base, Paths::CALLBACK)) {
            return $this->callback($request, $handler, $base);
        }
        return $handler->handle($request);
    }

    private function start(ServerRequestInterface $request, string $base): ResponseInterface
    {
        $home = Paths::basePath($base);
        $settings = $this->factory->settings();
        if (!$settings->isConfigured()) {
            $this->logger?->warning('Infomaniak Connect: login started but Client ID or Client Secret is not configured');
            return $this->messages->failure($request, ErrorMessages::NOT_CONFIGURED, $home);
        }
        $return = $request->getQueryParams()[Paths::RETURN_PARAMETER] ?? null;
        $returnPath = ReturnPath::from(is_string($return) ? $return : null, self::origin($request), $home);
        try {
            $start = $this->factory->flow($settings->frontendSettings(ConnectFactory::redirectUri($request)))->start($returnPath);
        } catch (ConnectException $e) {
            $this->logger?->error('Infomaniak Connect: login start failed: {code}: {detail}', ['code' => $e->errorCode(), 'detail' => $e->detail()]);
            return $this->messages->failure($request, $e->errorCode(), $home);
        }
        return new RedirectResponse($start->authorizationUrl, 302, [
            'Set-Cookie' => [$start->setCookieHeader],
            'Cache-Control' => 'no-store',
        ]);
    }

    private function callback(ServerRequestInterface $request, RequestHandlerInterface $handler, string $base): ResponseInterface
    {
        $home = Paths::basePath($base);
        $query = $request->getQueryParams();
        $cookies = $request->getCookieParams();
        if (BackendMarker::isBackendLogin($query, $cookies)) {
            $target = (string) $this->backendUriBuilder->buildUriFromRoute(
                'infomaniak_connect_authorize',
                [],
                UriBuilder::ABSOLUTE_PATH
            );
            $raw = $request->getUri()->getQuery();
            return new RedirectResponse($target . (str_contains($target, '?') ? '&' : '?') . $raw, 303, ['Cache-Control' => 'no-store']);
        }
        $settings = $this->factory->settings();
        if (!$settings->isConfigured()) {
            return $this->messages->failure($request, ErrorMessages::NOT_CONFIGURED, $home);
        }
        $directory = new FrontendUserDirectory($this->connectionPool, $this->passwordHashFactory, $settings);
        try {
            $result = $this->factory->flow($settings->frontendSettings(ConnectFactory::redirectUri($request)))
                ->callback($request->getUri()->getQuery(), self::loginCookies($cookies), $directory);
        } catch (CallbackFailed $e) {
            $this->logFailure($e->errorCode(), $e->detail());
            $clear = $e->clearCookieHeader();
            return $this->messages->failure($request, $e->errorCode(), $home, $clear !== null ? [$clear] : []);
        } catch (ConnectException $e) {
            $this->logFailure($e->errorCode(), $e->detail());
            return $this->messages->failure($request, $e->errorCode(), $home);
        }
        try {
            $uid = $directory->execute($result);
        } catch (\RuntimeException $e) {
            $this->logFailure($e->getMessage(), 'the account decision "' . $result->action() . '" could not be carried out');
            return $this->messages->failure($request, $e->getMessage(), $home, [$result->clearCookieHeader]);
        }
        $this->logger?->info('Infomaniak Connect: verified {issuer} subject {subject}, {action} fe_users:{uid}', [
            'issuer' => $result->issuer(),
            'subject' => $result->subject(),
            'action' => $result->action(),
            'uid' => $uid,
        ]);

        // An active login, answered by InfomaniakAuthenticationService: a fresh session (the old
        // session cookie is not read, so a session cannot be fixed and another user is replaced).
        $sessionCookies = $request->getCookieParams();
        unset($sessionCookies[(string) ($GLOBALS['TYPO3_CONF_VARS']['FE']['cookieName'] ?? 'fe_typo_user')]);
        $body = $request->getParsedBody();
        $request = $request
            ->withAttribute(PendingLogin::ATTRIBUTE, new PendingLogin(FrontendUserDirectory::TABLE, $uid, $result->returnPath, $result->clearCookieHeader, $directory->pidOf($uid)))
            ->withCookieParams($sessionCookies)
            ->withParsedBody(['logintype' => 'login'] + (is_array($body) ? $body : []));
        return $handler->handle($request);
    }

    private function logFailure(string $code, string $detail): void
    {
        $this->logger?->warning('Infomaniak Connect: login failed: {code}: {detail}', ['code' => $code, 'detail' => $detail]);
    }

    /** scheme://host[:port] of this request. */
    public static function origin(ServerRequestInterface $request): string
    {
        $params = $request->getAttribute('normalizedParams');
        return $params instanceof NormalizedParams ? $params->getRequestHost() : '';
    }

    /**
     * Only the login cookies go to the library.
     *
     * @param array<mixed> $cookies
     * @return array<string, string>
     */
    public static function loginCookies(array $cookies): array
    {
        $login = [];
        foreach ($cookies as $name => $value) {
            if (is_string($name) && str_starts_with($name, 'ikc_login_') && is_string($value)) {
                $login[$name] = $value;
            }
        }
        return $login;
    }
}
