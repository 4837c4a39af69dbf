<?php
/**
 * Figure 7: back-channel requests per login, through the PHP library with CurlTransport wrapped
 * in a counting transport, against the real OpenID Provider of tests/provider (oidc-provider on
 * 127.0.0.1; tests/provider/browser.mjs plays the visitor). The site needs the `email` claim.
 * - cold: an empty cache (first login after install, or after the 24 h cache expired);
 * - warm: the next login with the same cache (discovery and JWKS cached).
 * Then the same against the OP in userinfo-only mode (profile claims only from /me).
 * Counts every request of the login: start (discovery, when not cached) and callback.
 */
declare(strict_types=1);

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;

$root = dirname(__DIR__, 2);
require $root . '/bindings-php/php/autoload.php';

const CLIENT_ID = 'bench-backchannel';
const CLIENT_SECRET = 'bench-backchannel-secret-0123456789';
const SITE = 'http://127.0.0.1:8099';

final class CountingTransport implements Transport
{
    /** @var list<string> */
    public array $calls = [];

    public function __construct(private readonly Transport $inner)
    {
    }

    public function send(HttpRequest $request): HttpResponse
    {
        $this->calls[] = $request->method . ' ' . (string) parse_url($request->url, PHP_URL_PATH);
        return $this->inner->send($request);
    }
}

final class Nobody implements AccountDirectory
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

/** Starts the test OP; returns [process, pipes, issuer]. */
function start_op(string $root, bool $userinfoOnly): array
{
    $config = (string) tempnam(sys_get_temp_dir(), 'ikc-bench-op-');
    file_put_contents($config, json_encode([
        'claimsInIdToken' => !$userinfoOnly,
        'autoConsent' => true,
        'clients' => [['client_id' => CLIENT_ID, 'client_secret' => CLIENT_SECRET,
            'redirect_uris' => [SITE . '/openid-connect-authorize']]],
    ]));
    $log = sys_get_temp_dir() . '/ikc-bench-op-' . ($userinfoOnly ? 'userinfo' : 'normal') . '.log';
    $process = proc_open(['node', $root . '/tests/provider/server.mjs', '--config', $config],
        [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $log, 'w']], $pipes);
    if (!is_resource($process)) {
        throw new RuntimeException('cannot start the test OP');
    }
    $line = fgets($pipes[1]);
    @unlink($config);
    $ready = is_string($line) ? json_decode($line, true) : null;
    if (!is_array($ready) || !is_string($ready['issuer'] ?? null)) {
        throw new RuntimeException('the test OP did not start: ' . @file_get_contents($log));
    }
    return [$process, $pipes, $ready['issuer']];
}

function stop_op(array $op): void
{
    proc_terminate($op[0], 15);
    fclose($op[1][1]);
    proc_close($op[0]);
}

/** One login; returns the requests it made. */
function login(string $root, LoginFlow $flow, CountingTransport $transport): array
{
    $transport->calls = [];
    $start = $flow->start('/');
    $command = ['node', $root . '/tests/provider/browser.mjs', '--login', 'alice@example.com', '--password', 'pw', $start->authorizationUrl];
    $callbackUrl = exec(implode(' ', array_map('escapeshellarg', $command)), $out, $code);
    if ($code !== 0 || !str_contains((string) $callbackUrl, 'code=')) {
        throw new RuntimeException('browser.mjs failed: ' . implode("\n", $out));
    }
    $result = $flow->callback((string) parse_url((string) $callbackUrl, PHP_URL_QUERY), [$start->cookieName => $start->cookieValue], new Nobody());
    if (($result->identity['email'] ?? null) !== 'alice@example.com') {
        throw new RuntimeException('login without the e-mail claim');
    }
    return $transport->calls;
}

$core = Core::load();
$lines = [];
foreach (['normal' => false, 'userinfo_only' => true] as $mode => $userinfoOnly) {
    $op = start_op($root, $userinfoOnly);
    try {
        $transport = new CountingTransport(new CurlTransport());
        $flow = new LoginFlow(
            $core,
            new Settings(clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: SITE . '/openid-connect-authorize',
                issuer: $op[2], requiredClaims: ['email']),
            SiteKey::derive(str_repeat('bench-cms-secret-', 3)),
            $transport,
            new MemoryCache(),
        );
        $cold = login($root, $flow, $transport);
        $warm = login($root, $flow, $transport);
    } finally {
        stop_op($op);
    }
    $suffix = $mode === 'normal' ? '' : '_userinfo_only';
    $lines[] = 'bench backchannel_cold' . $suffix . ': ' . count($cold) . ' requests';
    $lines[] = 'bench backchannel_warm' . $suffix . ': ' . count($warm) . ' requests';
    $lines[] = 'info backchannel_cold' . $suffix . ': ' . implode(', ', $cold);
    $lines[] = 'info backchannel_warm' . $suffix . ': ' . implode(', ', $warm);
}
echo implode("\n", $lines), "\n";
