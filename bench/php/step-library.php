<?php
/**
 * The callback step through the PHP library (bindings-php/php) and the native core over FFI, as a
 * plugin runs it at /openid-connect-authorize: autoload, Core::load() (dlopen + FFI header parse),
 * LoginFlow::callback() (login cookie and state, token request, ID token validation in `finish`,
 * decide_account). The network is replaced by a canned token response; provider keys come from
 * the host's cache (filled here, as a transient read would). Included by step.php with $fx set;
 * returns the account decision.
 */
declare(strict_types=1);

use Infomaniak\Connect\Accounts\AccountDirectory;
use Infomaniak\Connect\Accounts\KnownUser;
use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\Clock;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Provider\DocumentCache;
use Infomaniak\Connect\Settings;

require dirname(__DIR__, 2) . '/bindings-php/php/autoload.php';

final class BenchClock implements Clock
{
    public function __construct(private readonly int $now)
    {
    }

    public function now(): int
    {
        return $this->now;
    }
}

/** The provider's token endpoint, answered from the fixture: no network. */
final class CannedTransport implements Transport
{
    public function __construct(private readonly string $tokenEndpoint, private readonly string $tokenBody)
    {
    }

    public function send(HttpRequest $request): HttpResponse
    {
        if ($request->method !== 'POST' || $request->url !== $this->tokenEndpoint) {
            throw new RuntimeException('bench: unexpected request ' . $request->method . ' ' . $request->url);
        }
        return new HttpResponse(200, $this->tokenBody);
    }
}

/** A site where the visitor has no account yet. */
final class NoAccounts implements AccountDirectory
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

$clock = new BenchClock($fx['now']);
$cache = new MemoryCache($clock);
(new DocumentCache($cache, $clock))->write(DocumentCache::key('jwks', $fx['jwks_uri']), $fx['jwks']);

$core = Core::load();
$ffiLoaded = getrusage();
$s = $fx['settings'];
$flow = new LoginFlow(
    $core,
    new Settings(clientId: $s['client_id'], clientSecret: $s['client_secret'], redirectUri: $s['redirect_uri'],
        issuer: $s['issuer'], requiredClaims: $s['required_claims']),
    $fx['site_key'],
    new CannedTransport($fx['token_endpoint'], $fx['token_body']),
    $cache,
    $clock,
);
$login = $flow->callback($fx['query'], $fx['cookies'], new NoAccounts());
return ['decision' => $login->decision, 'marks' => ['ffi_loaded' => $ffiLoaded]];
