<?php
// Conformance driver for the PHP library (bindings-php): plays one scenario flow against the
// hostile test OP with the library's real LoginFlow and CurlTransport, acting as the site and as
// the visitor's browser (a cookie jar that follows the redirect to the OP by hand).
//
// Run by tests/conformance/run.mjs:  php -d ffi.enable=1 driver.php < input.json
// Input (JSON on stdin): {issuer, client_id, client_secret, redirect_uri, flow, required_claims,
//   timeout, connect_timeout}. Output: one JSON line, {"binding":"php","logins":[…]}, each login
//   {outcome: accept|reject|crash, stage, code, message, detail, identity, action, return_path,
//   clear_cookie, elapsed_ms}. INFOMANIAK_CONNECT_LIB names the shared library.

declare(strict_types=1);

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;

error_reporting(E_ALL);
ini_set('display_errors', 'stderr');

$root = getenv('IKC_PHP_LIBRARY') ?: dirname(__DIR__, 3) . '/bindings-php/php';
require $root . '/autoload.php';

$input = json_decode((string) stream_get_contents(STDIN), true, 32, JSON_THROW_ON_ERROR);

/** No CMS users: every accepted identity gets the "create" decision. */
final class NoUsers implements AccountDirectory
{
    public function findLinked(string $issuer, string $subject): ?KnownUser
    {
        return null;
    }

    public function findByEmail(string $email): ?KnownUser
    {
        return null;
    }
}

/** The visitor's browser: a cookie jar, and one GET to the OP's authorization endpoint. */
final class Browser
{
    /** @var array<string, string> */
    public array $cookies = [];

    /** Applies a Set-Cookie header value (Max-Age=0 deletes). */
    public function setCookie(string $header): void
    {
        $parts = array_map('trim', explode(';', $header));
        [$name, $value] = array_pad(explode('=', array_shift($parts), 2), 2, '');
        foreach ($parts as $attribute) {
            if (strcasecmp($attribute, 'Max-Age=0') === 0) {
                unset($this->cookies[$name]);
                return;
            }
        }
        $this->cookies[$name] = $value;
    }

    /** Follows the authorization URL to the OP and returns the callback's query string. */
    public function authorize(string $url, string $redirectUri): string
    {
        $handle = curl_init($url);
        curl_setopt_array($handle, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_HEADER => false,
            CURLOPT_TIMEOUT => 10,
        ]);
        $body = curl_exec($handle);
        $status = (int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE);
        $location = (string) curl_getinfo($handle, CURLINFO_REDIRECT_URL);
        curl_close($handle);
        if ($status !== 302 || !str_starts_with($location, $redirectUri . '?')) {
            throw new RuntimeException("authorization endpoint answered HTTP $status: " . substr(strip_tags((string) $body), 0, 200));
        }
        return (string) parse_url($location, PHP_URL_QUERY);
    }
}

$core = Core::load();
$settings = new Settings(
    clientId: $input['client_id'],
    clientSecret: $input['client_secret'],
    redirectUri: $input['redirect_uri'],
    issuer: $input['issuer'],
    requiredClaims: $input['required_claims'] ?? [],
);
$transport = new CurlTransport((int) ($input['connect_timeout'] ?? 5), (int) ($input['timeout'] ?? 10));
// One site (one cache) for the whole run; a new one for every run.
$flow = new LoginFlow($core, $settings, SiteKey::derive(bin2hex(random_bytes(32))), $transport, new MemoryCache());
$accounts = new NoUsers();

/** Runs $step, returning its result or the failure as data. */
function attempt(string $stage, callable $step): array
{
    $started = hrtime(true);
    $ms = static fn (): int => intdiv(hrtime(true) - $started, 1_000_000);
    try {
        return ['outcome' => 'ok', 'value' => $step(), 'elapsed_ms' => $ms()];
    } catch (ConnectException $e) {
        return [
            'outcome' => 'reject', 'stage' => $stage, 'code' => $e->errorCode(), 'message' => $e->visitorMessage(),
            'detail' => $e->detail(), 'exception' => get_class($e),
            'clear_cookie' => method_exists($e, 'clearCookieHeader') ? $e->clearCookieHeader() : null,
            'elapsed_ms' => $ms(),
        ];
    } catch (Throwable $e) {
        return [
            'outcome' => 'crash', 'stage' => $stage, 'code' => null, 'message' => null,
            'detail' => get_class($e) . ': ' . $e->getMessage(), 'elapsed_ms' => $ms(),
        ];
    }
}

/** The visitor clicks the login link: the cookie is set, the browser goes to the OP and back. */
function begin(LoginFlow $flow, Browser $browser, string $redirectUri): array
{
    $start = attempt('start', static fn () => $flow->start('/conformance/page'));
    if ($start['outcome'] !== 'ok') {
        return $start;
    }
    $browser->setCookie($start['value']->setCookieHeader);
    return attempt('authorize', static fn () => $browser->authorize($start['value']->authorizationUrl, $redirectUri));
}

/** The callback request: the site completes the login with the browser's cookies. */
function complete(LoginFlow $flow, Browser $browser, string $query, NoUsers $accounts, ?array $cookies = null): array
{
    $done = attempt('callback', static fn () => $flow->callback($query, $cookies ?? $browser->cookies, $accounts));
    if ($done['outcome'] === 'ok') {
        $result = $done['value'];
        $browser->setCookie($result->clearCookieHeader);
        $done = [
            'outcome' => 'accept', 'identity' => $result->identity, 'action' => $result->action(),
            'return_path' => $result->returnPath, 'clear_cookie' => $result->clearCookieHeader,
            'elapsed_ms' => $done['elapsed_ms'],
        ];
    } elseif ($done['clear_cookie'] ?? null) {
        $browser->setCookie($done['clear_cookie']);
    }
    // The login cookie of this callback's state must be gone from the browser, whatever the outcome.
    parse_str($query, $params);
    $name = 'ikc_login_' . substr((string) ($params['state'] ?? ''), 0, 8);
    $done['login_cookie_left'] = isset($browser->cookies[$name]);
    return $done;
}

function login(LoginFlow $flow, string $redirectUri, NoUsers $accounts): array
{
    $browser = new Browser();
    $begun = begin($flow, $browser, $redirectUri);
    return $begun['outcome'] === 'ok' ? complete($flow, $browser, $begun['value'], $accounts) : $begun;
}

$redirectUri = $input['redirect_uri'];
$logins = [];
switch ($input['flow']) {
    case 'login':
        $logins[] = login($flow, $redirectUri, $accounts);
        break;
    case 'two-logins':
        $logins[] = login($flow, $redirectUri, $accounts);
        $logins[] = login($flow, $redirectUri, $accounts);
        break;
    case 'replay':
        $browser = new Browser();
        $begun = begin($flow, $browser, $redirectUri);
        if ($begun['outcome'] !== 'ok') {
            $logins[] = $begun;
            break;
        }
        $cookies = $browser->cookies; // what an attacker who captured the request replays
        $logins[] = complete($flow, $browser, $begun['value'], $accounts);
        $logins[] = complete($flow, $browser, $begun['value'], $accounts, $cookies);
        break;
    case 'csrf':
        $attacker = new Browser();
        $begun = begin($flow, $attacker, $redirectUri);
        if ($begun['outcome'] !== 'ok') {
            $logins[] = $begun;
            break;
        }
        $victim = new Browser();
        $own = attempt('start', static fn () => $flow->start('/victim/page'));
        if ($own['outcome'] !== 'ok') {
            $logins[] = $own;
            break;
        }
        $victim->setCookie($own['value']->setCookieHeader);
        $logins[] = complete($flow, $victim, $begun['value'], $accounts);
        break;
    default:
        fwrite(STDERR, "unknown flow\n");
        exit(2);
}

foreach ($logins as &$login) {
    unset($login['value']);
}
echo json_encode(['binding' => 'php', 'logins' => $logins], JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
