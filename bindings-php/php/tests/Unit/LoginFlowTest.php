<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Unit;

use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\LoginResult;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\Tests\Support\FakeProvider;
use Infomaniak\Connect\Tests\Support\FixedClock;
use Infomaniak\Connect\Tests\Support\TestEnv;
use Infomaniak\Connect\Tests\Support\UserList;
use PHPUnit\Framework\TestCase;

/** LoginFlow's own logic (caching, refresh throttle, userinfo, failures) against FakeProvider. */
final class LoginFlowTest extends TestCase
{
    private const SITE_KEY = 'unit-site-key-0123456789abcdef0123456789';

    private FixedClock $clock;
    private FakeProvider $provider;
    private MemoryCache $cache;

    protected function setUp(): void
    {
        $this->clock = new FixedClock(1_800_000_000);
        $this->provider = new FakeProvider($this->clock->now);
        $this->cache = new MemoryCache($this->clock);
    }

    private function flow(array $settings = []): LoginFlow
    {
        return new LoginFlow(
            TestEnv::core(),
            new Settings(...$settings + [
                'clientId' => FakeProvider::CLIENT_ID,
                'clientSecret' => FakeProvider::CLIENT_SECRET,
                'redirectUri' => 'https://site.example/openid-connect-authorize',
                'issuer' => FakeProvider::ISSUER,
            ]),
            self::SITE_KEY,
            $this->provider,
            $this->cache,
            $this->clock,
        );
    }

    private function login(LoginFlow $flow, ?UserList $users = null, bool $queryAsArray = false): LoginResult
    {
        $start = $flow->start('/back');
        $query = $this->provider->authorize($start->authorizationUrl);
        if ($queryAsArray) {
            parse_str($query, $array);
            $query = $array;
        }
        return $flow->callback($query, [$start->cookieName => $start->cookieValue], $users ?? new UserList());
    }

    /** Advances both clocks. */
    private function wait(int $seconds): void
    {
        $this->clock->now += $seconds;
        $this->provider->now = $this->clock->now;
    }

    public function testALoginWithDiscovery(): void
    {
        $result = $this->login($this->flow(), null, true);
        $this->assertSame('bob-1', $result->subject());
        $this->assertSame(FakeProvider::ISSUER, $result->issuer());
        $this->assertEquals(['action' => 'create', 'username' => 'bob', 'email' => 'bob@example.com', 'display_name' => 'Bob Example'], $result->decision);
        $this->assertSame('/back', $result->returnPath);
        $this->assertStringEndsWith('; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure', $result->clearCookieHeader);
        $this->assertSame(['GET /.well-known/openid-configuration', 'POST /token', 'GET /jwks'], $this->provider->calls);
    }

    public function testDiscoveryAndKeysAreCachedForADay(): void
    {
        $flow = $this->flow();
        $this->login($flow);
        $this->provider->calls = [];
        $this->wait(86399);
        $this->login($flow);
        $this->assertSame(['POST /token'], $this->provider->calls);
        $this->provider->calls = [];
        $this->wait(2);
        $this->login($flow);
        $this->assertSame(['GET /.well-known/openid-configuration', 'POST /token', 'GET /jwks'], $this->provider->calls);
    }

    public function testAStaleCopyKeepsWorkingWhenTheProviderIsUnreachable(): void
    {
        $flow = $this->flow();
        $this->login($flow);
        $this->wait(3 * 86400);
        $this->provider->down = true;
        $start = $flow->start('/stale');
        $this->assertStringStartsWith(FakeProvider::ISSUER . '/auth?', $start->authorizationUrl);
    }

    public function testNoCopyAndNoProviderIsProviderUnreachable(): void
    {
        $this->provider->down = true;
        try {
            $this->flow()->start('/');
            $this->fail('no exception');
        } catch (\Infomaniak\Connect\ConnectException $e) {
            $this->assertSame('provider_unreachable', $e->errorCode());
            $this->assertSame('The login provider cannot be reached right now. Please try again later.', $e->visitorMessage());
        }
    }

    public function testKeyRotationRefetchesOnceAMinuteAtMost(): void
    {
        $flow = $this->flow();
        $this->login($flow);
        $this->provider->rotate();
        $this->provider->calls = [];
        $this->login($flow);
        $this->assertSame(['POST /token', 'GET /jwks'], $this->provider->calls);

        $this->provider->rotate();
        $this->provider->calls = [];
        try {
            $this->login($flow);
            $this->fail('refetched twice within a minute');
        } catch (CallbackFailed $e) {
            $this->assertSame('jwks_refresh', $e->errorCode());
            $this->assertSame(['POST /token'], $this->provider->calls);
        }
        $this->wait(60);
        $this->provider->calls = [];
        $this->login($flow);
        $this->assertSame(['POST /token', 'GET /jwks'], $this->provider->calls);
    }

    public function testUserinfoOnlyWhenARequiredClaimIsMissing(): void
    {
        $this->provider->profile = [];
        $result = $this->login($this->flow(['requiredClaims' => ['email']]));
        $this->assertSame('bob@example.com', $result->email());
        $this->assertContains('GET /userinfo', $this->provider->calls);

        $this->provider->calls = [];
        $this->login($this->flow());
        $this->assertNotContains('GET /userinfo', $this->provider->calls);
    }

    public function testAccountPolicyReachesTheCore(): void
    {
        $users = new UserList([], ['bob@example.com' => new KnownUser('7')]);
        $this->assertEquals(['action' => 'link', 'user_id' => '7'], $this->login($this->flow(['linkByEmail' => true]), $users)->decision);

        $admins = new UserList([], ['bob@example.com' => new KnownUser('1', true)]);
        try {
            $this->login($this->flow(['linkByEmail' => true, 'createUsers' => false]), $admins);
            $this->fail('linked onto an administrator');
        } catch (CallbackFailed $e) {
            $this->assertSame('account_not_allowed', $e->errorCode());
        }
        $linked = new UserList([FakeProvider::ISSUER . ' bob-1' => new KnownUser('42')]);
        $this->assertEquals(['action' => 'login', 'user_id' => '42'], $this->login($this->flow(), $linked)->decision);
    }

    public function testEarlyFailuresClearOnlyThisLoginsCookie(): void
    {
        $flow = $this->flow();
        $start = $flow->start('/');
        $other = $flow->start('/other-tab');
        $query = $this->provider->authorize($start->authorizationUrl);
        parse_str($query, $params);
        $cookies = [$start->cookieName => $start->cookieValue, $other->cookieName => $other->cookieValue];

        $this->wait(601);
        try {
            $flow->callback($query, $cookies, new UserList());
            $this->fail('no exception');
        } catch (CallbackFailed $e) {
            $this->assertSame('state_expired', $e->errorCode());
            $this->assertSame($start->cookieName . '=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure', $e->clearCookieHeader());
            $this->assertStringNotContainsString($start->cookieValue, $e->getMessage() . $e->detail());
        }
        try {
            $flow->callback(['state' => $params['state'], 'error' => 'access_denied'], [], new UserList());
            $this->fail('no exception');
        } catch (CallbackFailed $e) {
            $this->assertSame('access_denied', $e->errorCode());
            $this->assertNull($e->clearCookieHeader(), 'no cookie, nothing to clear');
        }
        try {
            $flow->callback('error=access_denied', $cookies, new UserList());
            $this->fail('no exception');
        } catch (CallbackFailed $e) {
            $this->assertNull($e->clearCookieHeader(), 'no state: other tabs keep their cookies');
        }
    }

    public function testTheCoresClearCookieMatchesTheEarlyFailureOne(): void
    {
        $result = $this->login($this->flow());
        $this->assertMatchesRegularExpression('/\Aikc_login_[A-Za-z0-9_-]{8}=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax; Secure\z/', $result->clearCookieHeader);
    }

    public function testQueryArraysWithNestedValuesAreNotACrash(): void
    {
        try {
            $this->flow()->callback(['state' => ['x'], 'code' => 'c'], ['ikc_login_x' => ['y']], new UserList());
            $this->fail('no exception');
        } catch (CallbackFailed $e) {
            $this->assertSame('state_missing', $e->errorCode());
        }
    }

    public function testInfomaniakUsesThePresetWithoutDiscovery(): void
    {
        $flow = $this->flow(['issuer' => Settings::INFOMANIAK_ISSUER]);
        $start = $flow->start('/');
        $this->assertStringStartsWith('https://login.infomaniak.com/authorize?', $start->authorizationUrl);
        $this->assertSame([], $this->provider->calls);
        $this->assertNull($flow->logoutUrl('https://site.example/'));
    }
}
