<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Cache\Cache;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\Transport;
use Infomaniak\Connect\Provider\DocumentCache;
use Infomaniak\Connect\Provider\KeySet;
use Infomaniak\Connect\Provider\MetadataSource;

/**
 * "Log in with Infomaniak" from start to verified identity: the one class a CMS plugin drives.
 *
 * 1. start($returnPath) on the login link: set the cookie, redirect to the provider;
 * 2. callback($_GET, $_COOKIE, $accounts) at /openid-connect-authorize: the verified identity and
 *    what to do with the CMS account (login, link or create), or a CallbackFailed to show;
 * 3. logoutUrl() to end the provider session too, when the provider supports it.
 *
 * The host supplies I/O: the HTTP transport, a cache (provider metadata and keys, 24 h) and the
 * clock. The state lives in a signed cookie: nothing is stored per login.
 */
final class LoginFlow
{
    private readonly MetadataSource $metadata;
    private readonly KeySet $keys;

    /**
     * @param string $siteKey at least 32 bytes from the CMS's secrets (see SiteKey::derive)
     */
    public function __construct(
        private readonly Core $core,
        private readonly Settings $settings,
        private readonly string $siteKey,
        private readonly Transport $transport = new CurlTransport(),
        Cache $cache = new MemoryCache(),
        private readonly Clock $clock = new SystemClock(),
    ) {
        $documents = new DocumentCache($cache, $clock);
        $this->metadata = new MetadataSource($core, $transport, $documents);
        $this->keys = new KeySet($core, $transport, $documents, $cache, $clock);
    }

    /**
     * Begins a login that returns the visitor to $returnPath (a same-site path like "/blog/";
     * anything else falls back to "/").
     *
     * @throws ConnectException e.g. config_invalid, or provider_unreachable when discovery fails
     */
    public function start(string $returnPath = '/'): StartResult
    {
        $ok = $this->core->call('start', [
            'config' => $this->config(),
            'site_key' => $this->siteKey,
            'now' => $this->clock->now(),
            'return_path' => $returnPath,
        ]);
        return StartResult::fromCore($ok ?? []);
    }

    /**
     * Completes a login at the redirect URI: checks the answer against the login cookie, redeems
     * the code, verifies the ID token (refetching the keys once after a rotation), asks userinfo
     * only when a required claim is missing, and decides the account.
     *
     * @param array<mixed>|string $query the callback's query ($_GET, or the raw query string)
     * @param array<mixed> $cookies the request's cookies ($_COOKIE)
     * @throws CallbackFailed with the code, the visitor message, and the header that deletes
     *     this login's cookie; send that header, show the message
     */
    public function callback(array|string $query, array $cookies, AccountDirectory $accounts): LoginResult
    {
        $cookies = self::strings($cookies);
        $clearCookie = null;
        try {
            $config = $this->config();
            $callback = $this->core->call('callback', [
                'config' => $config,
                'site_key' => $this->siteKey,
                'now' => $this->clock->now(),
                'query' => is_string($query) ? $query : (object) self::strings($query),
                'cookies' => (object) $cookies,
            ]) ?? [];
            $clearCookie = (string) ($callback['clear_cookie'] ?? '');
            $tokenResponse = $this->transport->send(HttpRequest::fromCore($callback['token_request'] ?? []));
            $identity = $this->finish($config, (string) ($callback['state'] ?? ''), $tokenResponse->toCore());
            $decision = $this->decide($identity, $accounts);
            return new LoginResult($identity, $decision, (string) ($callback['return_path'] ?? '/'), $clearCookie);
        } catch (ConnectException $e) {
            throw new CallbackFailed($e, $clearCookie ?? $this->clearCookieFor($query, $cookies));
        }
    }

    /**
     * The provider's end-session URL (then back to $postLogoutRedirectUri, an absolute URL the
     * provider has registered), or null when the provider has none: Infomaniak has none.
     */
    public function logoutUrl(?string $postLogoutRedirectUri = null): ?string
    {
        $ok = $this->core->call('logout_url', [
            'config' => $this->config(),
            'post_logout_redirect_uri' => $postLogoutRedirectUri,
        ]);
        $url = $ok['url'] ?? null;
        return is_string($url) ? $url : null;
    }

    /**
     * The provider metadata in use (preset or discovery): for health checks ("can this site reach
     * the provider?").
     *
     * @return array<string, mixed>
     */
    public function providerMetadata(): array
    {
        return $this->metadata->resolve($this->settings->issuer);
    }

    /** @return array<string, mixed> */
    private function config(): array
    {
        return $this->settings->toConfig($this->providerMetadata());
    }

    /**
     * @param array<string, mixed> $config
     * @param array{status: int, body: string} $tokenResponse
     * @return array<string, mixed> the identity
     */
    private function finish(array $config, string $state, array $tokenResponse): array
    {
        $jwksUri = (string) ($config['provider']['jwks_uri'] ?? '');
        [$jwks, $fetchedNow] = $this->keys->current($jwksUri);
        $input = [
            'config' => $config,
            'site_key' => $this->siteKey,
            'now' => $this->clock->now(),
            'state' => $state,
            'token_response' => $tokenResponse,
            'jwks' => $jwks,
        ];
        try {
            $finish = $this->core->call('finish', $input) ?? [];
        } catch (ConnectException $e) {
            $fresh = $e->errorCode() === 'jwks_refresh' && !$fetchedNow ? $this->keys->refresh($jwksUri) : null;
            if ($fresh === null) {
                throw $e;
            }
            $finish = $this->core->call('finish', ['jwks' => $fresh] + $input) ?? [];
        }
        $identity = is_array($finish['identity'] ?? null) ? $finish['identity'] : [];
        if (is_array($finish['userinfo_request'] ?? null)) {
            $response = $this->transport->send(HttpRequest::fromCore($finish['userinfo_request']));
            $identity = $this->core->call('userinfo', [
                'identity' => self::identityForCore($identity),
                'response' => $response->toCore(),
            ]) ?? [];
        }
        return $identity;
    }

    /**
     * @param array<string, mixed> $identity
     * @return array<string, mixed>
     */
    private function decide(array $identity, AccountDirectory $accounts): array
    {
        $linked = $accounts->findLinked((string) ($identity['issuer'] ?? ''), (string) ($identity['subject'] ?? ''));
        $email = $identity['email'] ?? null;
        $byEmail = $linked === null && is_string($email) ? $accounts->findByEmail($email) : null;
        return $this->core->call('decide_account', [
            'policy' => $this->settings->toPolicy(),
            'identity' => self::identityForCore($identity),
            'linked_user' => $linked?->toCore(),
            'email_user' => $byEmail?->toCore(),
        ]) ?? [];
    }

    /**
     * The identity with its claims as a JSON object even when empty.
     *
     * @param array<string, mixed> $identity
     * @return array<string, mixed>
     */
    private static function identityForCore(array $identity): array
    {
        $identity['claims'] = (object) (is_array($identity['claims'] ?? null) ? $identity['claims'] : []);
        return $identity;
    }

    /**
     * The header deleting the login cookie of the callback's state, when the request carried it
     * (used when the core failed before giving its own): the core's `clear_cookie` operation.
     *
     * @param array<mixed>|string $query
     * @param array<string, string> $cookies
     */
    private function clearCookieFor(array|string $query, array $cookies): ?string
    {
        try {
            $ok = $this->core->call('clear_cookie', [
                'config' => $this->settings->toConfig(null),
                'query' => is_string($query) ? $query : (object) self::strings($query),
                'cookies' => (object) $cookies,
            ]);
        } catch (ConnectException) {
            return null;
        }
        $header = $ok['clear_cookie'] ?? null;
        return is_string($header) ? $header : null;
    }

    /**
     * Only string keys with string values (a query or cookie array may hold nested arrays).
     *
     * @param array<mixed> $values
     * @return array<string, string>
     */
    private static function strings(array $values): array
    {
        $strings = [];
        foreach ($values as $name => $value) {
            if (is_string($value)) {
                $strings[(string) $name] = $value;
            }
        }
        return $strings;
    }
}
