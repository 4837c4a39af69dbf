<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Unit;

use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\CallbackFailed;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;
use Infomaniak\Connect\StartResult;
use Infomaniak\Connect\Tests\Support\BackgroundProcess;
use Infomaniak\Connect\Tests\Support\TestEnv;
use Infomaniak\Connect\Tests\Support\UserList;
use PHPUnit\Framework\TestCase;
use RuntimeException;
use Throwable;

/**
 * Hostile callback input for the CMS-neutral LoginFlow::callback, the code every CMS route runs
 * (the Drupal and TYPO3 routes pass their request's query and cookie arrays to it; WordPress its
 * raw query string): arrays where strings are expected, nested arrays, integer keys, invalid
 * UTF-8, NUL bytes, huge values, repeated parameters, with and without a genuine login cookie.
 * Against the real test OP (tests/provider/server.mjs) and the real CurlTransport.
 *
 * Every case must end in a CallbackFailed with a stable code and a visitor message, never in a
 * success, another exception, or a PHP warning/notice (PHPUnit turns those into failures here).
 * IKC_HOSTILE_SEED=<n> replays the random cases of a run (the seed is in the failure message).
 */
final class HostileCallbackTest extends TestCase
{
    private const CLIENT_ID = 'php-hostile-client';
    private const CLIENT_SECRET = 'php-hostile-secret-0123456789';
    private const SITE = 'http://127.0.0.1:8091';
    private const CMS_SECRET = 'hostile-cms-secret-0123456789abcdefghij';
    private const RANDOM_CASES = 300;

    private static ?BackgroundProcess $provider = null;
    private static string $issuer = '';
    private static ?MemoryCache $cache = null;

    public static function tearDownAfterClass(): void
    {
        self::$provider?->stop();
        self::$provider = null;
    }

    private static function flow(): LoginFlow
    {
        if (self::$provider === null) {
            $root = TestEnv::repoRoot();
            if (!is_dir($root . '/tests/node_modules/oidc-provider')) {
                throw new RuntimeException('tests/node_modules is missing: run `cd tests && npm ci` (make bootstrap does)');
            }
            $config = (string) tempnam(sys_get_temp_dir(), 'ikc-op-');
            file_put_contents($config, json_encode([
                'clients' => [[
                    'client_id' => self::CLIENT_ID,
                    'client_secret' => self::CLIENT_SECRET,
                    'redirect_uris' => [self::SITE . '/openid-connect-authorize'],
                    'post_logout_redirect_uris' => [self::SITE . '/'],
                ]],
            ]));
            self::$provider = new BackgroundProcess(
                ['node', $root . '/tests/provider/server.mjs', '--config', $config],
                sys_get_temp_dir() . '/ikc-php-hostile-op.log',
            );
            $ready = json_decode(self::$provider->readLine(60), true);
            @unlink($config);
            if (!is_array($ready) || !is_string($ready['issuer'] ?? null)) {
                throw new RuntimeException('the test OP printed no ready line: ' . self::$provider->log());
            }
            self::$issuer = $ready['issuer'];
            self::$cache = new MemoryCache();
        }
        return new LoginFlow(
            TestEnv::core(),
            new Settings(
                clientId: self::CLIENT_ID,
                clientSecret: self::CLIENT_SECRET,
                redirectUri: self::SITE . '/openid-connect-authorize',
                issuer: self::$issuer,
            ),
            SiteKey::derive(self::CMS_SECRET, 'hostile-salt'),
            new CurlTransport(),
            self::$cache,
        );
    }

    /** A genuine login started on the site: [start result, its state]. */
    private static function started(LoginFlow $flow): array
    {
        $start = $flow->start('/back');
        parse_str((string) parse_url($start->authorizationUrl, PHP_URL_QUERY), $params);
        self::assertIsString($params['state'] ?? null);
        return [$start, $params['state']];
    }

    /**
     * Runs one hostile callback and checks it failed cleanly; returns the error code.
     *
     * @param array<mixed>|string $query
     * @param array<mixed> $cookies
     */
    private function failsCleanly(LoginFlow $flow, string $case, array|string $query, array $cookies): string
    {
        try {
            $result = $flow->callback($query, $cookies, new UserList());
        } catch (CallbackFailed $e) {
            $code = $e->errorCode();
            $this->assertMatchesRegularExpression('/\A[a-z][a-z_]*[a-z]\z/', $code, $case);
            $this->assertNotSame('internal_error', $code, $case . ': ' . $e->detail());
            $this->assertNotSame('', trim($e->visitorMessage()), $case);
            $this->assertStringEndsWith('.', $e->visitorMessage(), $case);
            foreach ([$e->visitorMessage(), $e->detail(), $e->getMessage()] as $text) {
                $this->assertStringNotContainsString(self::CLIENT_SECRET, $text, $case);
                $this->assertStringNotContainsString(self::CMS_SECRET, $text, $case);
                $this->assertTrue(mb_check_encoding($text, 'UTF-8'), $case . ': the message and detail are UTF-8');
            }
            $clear = $e->clearCookieHeader();
            if ($clear !== null) {
                $this->assertMatchesRegularExpression('/\Aikc_login_[A-Za-z0-9_-]{8}=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax(; Secure)?\z/', $clear, $case);
            }
            return $code;
        } catch (Throwable $e) {
            $this->fail($case . ': ' . get_class($e) . ' instead of CallbackFailed: ' . $e->getMessage());
        }
        $this->fail($case . ': the login succeeded (' . json_encode($result->decision) . ')');
    }

    /** @return array<string, array{array<mixed>|string, array<mixed>}> */
    private static function fixedCases(string $state, StartResult $start): array
    {
        $cookie = [$start->cookieName => $start->cookieValue];
        $huge = str_repeat('x', 1 << 20);
        return [
            'state as an array' => [['state' => [$state], 'code' => 'x'], $cookie],
            'state nested' => [['state' => ['a' => ['b' => $state]], 'code' => 'x'], $cookie],
            'code as an array' => [['state' => $state, 'code' => ['x']], $cookie],
            'code nested deep' => [['state' => $state, 'code' => self::nest('x', 200)], $cookie],
            'iss as an array' => [['state' => $state, 'code' => 'x', 'iss' => [self::$issuer]], $cookie],
            'error as an array' => [['state' => $state, 'error' => ['access_denied']], $cookie],
            'error description as an array' => [['state' => $state, 'error' => 'access_denied', 'error_description' => ['x' => 1]], $cookie],
            'integer keys' => [[0 => $state, 1 => 'x', 'state' => 5, 'code' => 7.5], $cookie],
            'non-string scalars' => [['state' => true, 'code' => null, 'iss' => 1.0e308], $cookie],
            'objects' => [['state' => new \stdClass(), 'code' => new \ArrayObject(['x'])], $cookie],
            'invalid UTF-8 code' => [['state' => $state, 'code' => "\xff\xfe\xc0\xaf"], $cookie],
            'invalid UTF-8 state' => [['state' => "\xed\xa0\x80" . substr($state, 3), 'code' => 'x'], $cookie],
            'invalid UTF-8 raw query' => ["state={$state}&code=\xff\xfe", $cookie],
            'NUL in code' => [['state' => $state, 'code' => "a\0b"], $cookie],
            'NUL in raw query' => ["state={$state}&code=a\0b", $cookie],
            'CRLF in code' => [['state' => $state, 'code' => "a\r\nSet-Cookie: x=1"], $cookie],
            'huge code' => [['state' => $state, 'code' => $huge], $cookie],
            'huge state' => [['state' => $huge, 'code' => 'x'], $cookie],
            'huge raw query' => ['state=' . $state . '&code=' . $huge, $cookie],
            'many parameters' => [array_fill_keys(array_map(static fn ($i) => 'p' . $i, range(1, 5000)), 'v') + ['state' => $state, 'code' => 'x'], $cookie],
            'repeated state, raw' => ["state={$state}&state=" . str_repeat('B', 43) . '&code=x', $cookie],
            'repeated code, raw' => ["state={$state}&code=a&code=b", $cookie],
            'array syntax, raw' => ["state[]={$state}&code[a]=x&iss[]=y", $cookie],
            'broken escapes, raw' => ["state=%&code=%G1&iss=%2", $cookie],
            'garbage code with a genuine cookie' => [['state' => $state, 'code' => 'not-a-code', 'iss' => self::$issuer], $cookie],
            'cookie as an array' => [['state' => $state, 'code' => 'x'], [$start->cookieName => [$start->cookieValue]]],
            'cookie nested' => [['state' => $state, 'code' => 'x'], [$start->cookieName => ['a' => ['b' => 'c']]]],
            'cookie invalid UTF-8' => [['state' => $state, 'code' => 'x'], [$start->cookieName => $start->cookieValue . "\xff"]],
            'cookie NUL' => [['state' => $state, 'code' => 'x'], [$start->cookieName => "\0" . $start->cookieValue]],
            'cookie huge' => [['state' => $state, 'code' => 'x'], [$start->cookieName => $huge]],
            'cookie integer keys' => [['state' => $state, 'code' => 'x'], [0 => $start->cookieValue, 12345678 => 'x']],
            'cookie name invalid UTF-8' => [['state' => $state, 'code' => 'x'], ["ikc_login_\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8" => 'x']],
            'many login cookies' => [['state' => $state, 'code' => 'x'], array_fill_keys(array_map(static fn ($i) => sprintf('ikc_login_%08d', $i), range(1, 3000)), 'v')],
            'no cookies' => [['state' => $state, 'code' => 'x', 'iss' => self::$issuer], []],
            'empty everything' => [[], []],
            'empty raw query' => ['', []],
        ];
    }

    /** @return array<mixed> $value inside $depth nested arrays */
    private static function nest(mixed $value, int $depth): array
    {
        for ($i = 0; $i < $depth; $i++) {
            $value = [$value];
        }
        return $value;
    }

    public function testFixedHostileCallbacksFailCleanly(): void
    {
        $flow = self::flow();
        [$start, $state] = self::started($flow);
        $codes = [];
        foreach (self::fixedCases($state, $start) as $case => [$query, $cookies]) {
            $codes[$case] = $this->failsCleanly($flow, $case, $query, $cookies);
        }
        // The checks really ran where expected: the array forms never reach the provider with a
        // string made of an array, and a genuine cookie with a garbage code reaches the real token endpoint.
        $this->assertSame('code_missing', $codes['code as an array']);
        $this->assertSame('state_missing', $codes['state as an array']);
        $this->assertSame('token_invalid_grant', $codes['garbage code with a genuine cookie']);
        $this->assertSame('login_cookie_missing', $codes['cookie as an array']);
        $this->assertSame('login_cookie_missing', $codes['no cookies']);
    }

    public function testRandomHostileCallbacksFailCleanly(): void
    {
        $seed = (int) (getenv('IKC_HOSTILE_SEED') ?: random_int(1, PHP_INT_MAX >> 1));
        mt_srand($seed);
        $flow = self::flow();
        [$start, $state] = self::started($flow);
        $names = ['state', 'state', 'code', 'code', 'iss', 'error', 'error_description', 'session_state', 'x'];
        $codes = [];
        for ($i = 0; $i < self::RANDOM_CASES; $i++) {
            $query = [];
            for ($n = mt_rand(0, 6); $n > 0; $n--) {
                $query[self::pick($names)] = self::hostileValue($state);
            }
            if (mt_rand(0, 3) === 0) {
                // The raw form, as WordPress passes it: parameters repeated, brackets, raw bytes.
                $query = implode(self::pick(['&', '&&', ';']), array_map(
                    static fn ($k, $v) => $k . (mt_rand(0, 2) === 0 ? '[]' : '') . '=' . (is_string($v) ? (mt_rand(0, 1) ? rawurlencode($v) : $v) : 'a'),
                    array_keys($query),
                    $query,
                ));
            }
            $cookies = match (mt_rand(0, 3)) {
                0 => [],
                1 => [$start->cookieName => $start->cookieValue],
                2 => [$start->cookieName => self::hostileValue($state)],
                default => [self::pick([$start->cookieName, 'ikc_login_' . substr(self::randomBytes(8), 0, 8), 0, 'x']) => self::hostileValue($state)],
            };
            $code = $this->failsCleanly($flow, sprintf('random case %d (IKC_HOSTILE_SEED=%d)', $i, $seed), $query, $cookies);
            $codes[$code] = ($codes[$code] ?? 0) + 1;
        }
        ksort($codes);
        fwrite(STDERR, sprintf("\nhostile callbacks (seed %d): %s\n", $seed, json_encode($codes)));
        $this->assertGreaterThan(3, count($codes), 'the random cases reach several checks');
    }

    /** @param list<mixed> $list */
    private static function pick(array $list): mixed
    {
        return $list[mt_rand(0, count($list) - 1)];
    }

    private static function randomBytes(int $length): string
    {
        $bytes = '';
        for ($i = 0; $i < $length; $i++) {
            $bytes .= chr(mt_rand(0, 255));
        }
        return $bytes;
    }

    /** A hostile value where a string is expected. */
    private static function hostileValue(string $state): mixed
    {
        return match (mt_rand(0, 15)) {
            0 => '',
            1 => str_repeat('x', self::pick([100, 5000, 300000])),
            2 => self::randomBytes(mt_rand(1, 64)),
            3 => "\xff\xfe\xc0\xaf",
            4 => "a\0b",
            5 => "a\r\nLocation: https://evil.example",
            6 => [self::hostileValue($state)],
            7 => ['a' => ['b' => ['c' => 'd']]],
            8 => mt_rand(),
            9 => null,
            10 => $state,
            11 => $state . self::randomBytes(1),
            12 => '<script>alert(1)</script>',
            13 => '%FF%00%',
            14 => "\u{202e}\u{1F600}\u{FFFF}",
            default => str_repeat('A', 43),
        };
    }
}
