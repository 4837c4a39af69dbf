<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests;

use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\LoginResult;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;
use Infomaniak\Connect\StartResult;
use Infomaniak\Connect\Tests\Support\BackgroundProcess;
use Infomaniak\Connect\Tests\Support\CountingTransport;
use Infomaniak\Connect\Tests\Support\TestEnv;
use Infomaniak\Connect\Tests\Support\UserList;
use PHPUnit\Framework\TestCase;
use RuntimeException;

/**
 * Against a real OpenID Provider (oidc-provider, tests/provider/server.mjs) on 127.0.0.1, with
 * the real CurlTransport and discovery: start → the provider's login and consent (browser.mjs) →
 * callback → verified identity and account decision.
 */
final class EndToEndTest extends TestCase
{
    private const CLIENT_ID = 'php-e2e-client';
    private const CLIENT_SECRET = 'php-e2e-secret-0123456789';
    private const SITE = 'http://127.0.0.1:8089';

    /** @var array<string, array{BackgroundProcess, string}> OPs by mode: [process, issuer] */
    private static array $providers = [];

    public static function tearDownAfterClass(): void
    {
        foreach (self::$providers as [$process]) {
            $process->stop();
        }
        self::$providers = [];
    }

    /** The issuer of a running test OP ("normal", or "userinfo-only": claims only from /me). */
    private static function issuer(string $mode = 'normal'): string
    {
        if (isset(self::$providers[$mode])) {
            return self::$providers[$mode][1];
        }
        $root = TestEnv::repoRoot();
        if (!is_dir($root . '/tests/node_modules/oidc-provider')) {
            throw new RuntimeException('tests/node_modules is missing: run `cd tests && npm ci` (make bootstrap does)');
        }
        $config = (string) tempnam(sys_get_temp_dir(), 'ikc-op-');
        file_put_contents($config, json_encode([
            'claimsInIdToken' => $mode !== 'userinfo-only',
            'clients' => [[
                'client_id' => self::CLIENT_ID,
                'client_secret' => self::CLIENT_SECRET,
                'redirect_uris' => [self::SITE . '/openid-connect-authorize'],
                'post_logout_redirect_uris' => [self::SITE . '/'],
            ]],
        ]));
        $process = new BackgroundProcess(
            ['node', $root . '/tests/provider/server.mjs', '--config', $config],
            sys_get_temp_dir() . '/ikc-php-e2e-op-' . $mode . '.log',
        );
        $ready = json_decode($process->readLine(60), true);
        @unlink($config);
        if (!is_array($ready) || !is_string($ready['issuer'] ?? null)) {
            $process->stop();
            throw new RuntimeException('the test OP printed no ready line: ' . $process->log());
        }
        self::$providers[$mode] = [$process, $ready['issuer']];
        return $ready['issuer'];
    }

    private static function flow(string $issuer, CountingTransport $transport, MemoryCache $cache, array $requiredClaims = []): LoginFlow
    {
        return new LoginFlow(
            TestEnv::core(),
            new Settings(
                clientId: self::CLIENT_ID,
                clientSecret: self::CLIENT_SECRET,
                redirectUri: self::SITE . '/openid-connect-authorize',
                issuer: $issuer,
                requiredClaims: $requiredClaims,
            ),
            SiteKey::derive('e2e-cms-secret-0123456789abcdefghijkl', 'another-salt'),
            $transport,
            $cache,
        );
    }

    /** Plays the visitor at the provider; returns the callback URL. */
    private static function visit(string $authorizationUrl, bool $cancel = false): string
    {
        $command = ['node', TestEnv::repoRoot() . '/tests/provider/browser.mjs', '--login', 'alice@example.com', '--password', 'pw'];
        if ($cancel) {
            $command[] = '--cancel';
        }
        $command[] = $authorizationUrl;
        [$code, $out, $err] = TestEnv::run($command, null, 60);
        if ($code !== 0) {
            throw new RuntimeException('browser.mjs failed (' . $code . '): ' . $err);
        }
        return trim($out);
    }

    private static function login(LoginFlow $flow, UserList $users, string $returnPath = '/welcome'): LoginResult
    {
        $start = $flow->start($returnPath);
        $callbackUrl = self::visit($start->authorizationUrl);
        self::assertStringStartsWith(self::SITE . '/openid-connect-authorize?', $callbackUrl);
        return $flow->callback(
            (string) parse_url($callbackUrl, PHP_URL_QUERY),
            [$start->cookieName => $start->cookieValue, 'unrelated' => 'x'],
            $users,
        );
    }

    public function testLoginGivesTheVerifiedIdentityAndCreate(): void
    {
        $issuer = self::issuer();
        $transport = new CountingTransport(new CurlTransport());
        $result = self::login(self::flow($issuer, $transport, new MemoryCache()), new UserList());

        $this->assertSame($issuer, $result->issuer());
        $this->assertMatchesRegularExpression('/\Au-[0-9a-f]{24}\z/', $result->subject());
        $this->assertSame('alice@example.com', $result->email());
        $this->assertTrue($result->identity['email_verified']);
        $this->assertSame('Alice Test', $result->identity['name']);
        $this->assertSame('create', $result->action());
        $this->assertEquals(['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com', 'display_name' => 'Alice Test'], $result->decision);
        $this->assertSame('/welcome', $result->returnPath);
        $this->assertMatchesRegularExpression('/\Aikc_login_[A-Za-z0-9_-]{8}=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax\z/', $result->clearCookieHeader);
        $this->assertSame(['GET /.well-known/openid-configuration', 'POST /token', 'GET /jwks'], $transport->calls, 'no userinfo: the ID token has the claims');
    }

    public function testALinkedUserLogsIn(): void
    {
        $issuer = self::issuer();
        $flow = self::flow($issuer, new CountingTransport(new CurlTransport()), new MemoryCache());
        $first = self::login($flow, new UserList());
        $users = new UserList([$issuer . ' ' . $first->subject() => new KnownUser('42')]);
        $second = self::login($flow, $users, '/again');
        $this->assertEquals(['action' => 'login', 'user_id' => '42'], $second->decision);
        $this->assertSame('/again', $second->returnPath);
    }

    public function testKeyRotationRefetchesTheKeysOnceAndSucceeds(): void
    {
        $issuer = self::issuer();
        $transport = new CountingTransport(new CurlTransport());
        $cache = new MemoryCache();
        $flow = self::flow($issuer, $transport, $cache);
        $before = self::login($flow, new UserList());
        $this->assertSame(1, $transport->count('/jwks'));

        $rotated = json_decode((string) file_get_contents($issuer . '/__test/rotate-keys', false, stream_context_create([
            'http' => ['method' => 'POST', 'header' => 'Content-Type: application/json', 'content' => '{}'],
        ])), true);
        $this->assertIsString($rotated['kid'] ?? null);

        $transport->calls = [];
        $after = self::login($flow, new UserList());
        $this->assertSame($before->subject(), $after->subject());
        // Discovery and the old keys came from the cache; the unknown kid made the core ask for
        // a refresh, which happened once.
        $this->assertSame(['POST /token', 'GET /jwks'], $transport->calls);

        // A second rotation within the minute: the refetch is throttled, the login fails plainly.
        file_get_contents($issuer . '/__test/rotate-keys', false, stream_context_create(['http' => ['method' => 'POST']]));
        $transport->calls = [];
        try {
            self::login($flow, new UserList());
            $this->fail('a second refresh within a minute must not happen');
        } catch (CallbackFailed $e) {
            $this->assertSame('jwks_refresh', $e->errorCode());
            $this->assertSame(['POST /token'], $transport->calls);
            $this->assertNotNull($e->clearCookieHeader());
        }
    }

    public function testCancelIsAccessDenied(): void
    {
        $issuer = self::issuer();
        $flow = self::flow($issuer, new CountingTransport(new CurlTransport()), new MemoryCache());
        $start = $flow->start('/x');
        $callbackUrl = self::visit($start->authorizationUrl, true);
        $this->assertStringContainsString('error=access_denied', $callbackUrl);
        try {
            $flow->callback((string) parse_url($callbackUrl, PHP_URL_QUERY), [$start->cookieName => $start->cookieValue], new UserList());
            $this->fail('no exception');
        } catch (CallbackFailed $e) {
            $this->assertSame('access_denied', $e->errorCode());
            $this->assertSame('The login was cancelled.', $e->visitorMessage());
            $this->assertSame($start->cookieName . '=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax', $e->clearCookieHeader());
        }
    }

    public function testUserinfoIsAskedOnlyWhenAClaimIsMissing(): void
    {
        $issuer = self::issuer('userinfo-only');
        $transport = new CountingTransport(new CurlTransport());
        $result = self::login(self::flow($issuer, $transport, new MemoryCache(), ['email']), new UserList());
        $this->assertSame('alice@example.com', $result->email());
        $this->assertSame(1, $transport->count('/me'), implode(', ', $transport->calls));
    }

    public function testLogoutUrlUsesTheEndSessionEndpoint(): void
    {
        $issuer = self::issuer();
        $flow = self::flow($issuer, new CountingTransport(new CurlTransport()), new MemoryCache());
        $url = (string) $flow->logoutUrl(self::SITE . '/');
        $this->assertStringStartsWith($issuer . '/session/end?', $url);
        parse_str((string) parse_url($url, PHP_URL_QUERY), $query);
        $this->assertSame(['client_id' => self::CLIENT_ID, 'post_logout_redirect_uri' => self::SITE . '/'], $query);
    }

    public function testStartResultIsUsable(): void
    {
        $flow = self::flow(self::issuer(), new CountingTransport(new CurlTransport()), new MemoryCache());
        $start = $flow->start('//evil.example/');
        $this->assertInstanceOf(StartResult::class, $start);
        $this->assertStringStartsWith($start->cookieName . '=' . $start->cookieValue . '; Max-Age=600;', $start->setCookieHeader);
        $this->assertFalse($start->cookieAttributes['secure']);
        $payload = json_decode((string) base64_decode(strtr(explode('.', $start->cookieValue)[0], '-_', '+/')), true);
        $this->assertSame('/', $payload['r'], 'a foreign return path falls back to /');
    }
}
