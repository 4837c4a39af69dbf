<?php
/**
 * Writes the fixture of the PHP callback bench (figure 2) to the path in $argv[1]: one login to
 * Infomaniak's issuer (the core's preset: no discovery), started through the PHP library, and the
 * provider's side played here with openssl: a 2048-bit RSA key, its JWKS (plus a second key, as
 * during a rotation), and the token response carrying an RS256 ID token with the nonce and at_hash.
 * `now` is fixed in the fixture, so the bench can run later in the same `make bench`.
 */
declare(strict_types=1);

use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\Clock;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\LoginFlow;
use Infomaniak\Connect\Settings;
use Infomaniak\Connect\SiteKey;

require dirname(__DIR__, 2) . '/bindings-php/php/autoload.php';

function b64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

final class FixtureClock implements Clock
{
    public function __construct(private readonly int $now)
    {
    }

    public function now(): int
    {
        return $this->now;
    }
}

$out = $argv[1] ?? '';
if ($out === '') {
    fwrite(STDERR, "usage: php fixture.php OUT.json\n");
    exit(2);
}
$now = time();
$core = Core::load();
$settings = [
    'client_id' => 'bench-client',
    'client_secret' => 'bench-secret-0123456789',
    'redirect_uri' => 'https://site.example/openid-connect-authorize',
    'issuer' => Settings::INFOMANIAK_ISSUER,
    'required_claims' => ['email'],
];
$siteKey = SiteKey::derive(str_repeat('wordpress-auth-key-', 4), str_repeat('wordpress-auth-salt-', 4));
$flow = new LoginFlow(
    $core,
    new Settings(
        clientId: $settings['client_id'],
        clientSecret: $settings['client_secret'],
        redirectUri: $settings['redirect_uri'],
        requiredClaims: $settings['required_claims'],
    ),
    $siteKey,
    cache: new MemoryCache(new FixtureClock($now)),
    clock: new FixtureClock($now),
);
$start = $flow->start('/members/');
parse_str((string) parse_url($start->authorizationUrl, PHP_URL_QUERY), $params);
$provider = $core->call('provider_preset', ['issuer' => $settings['issuer']]);

$keys = [];
$signing = null;
foreach (['bench-key-0', 'bench-key-1'] as $kid) {
    $key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
    $details = openssl_pkey_get_details($key);
    $keys[] = ['kty' => 'RSA', 'use' => 'sig', 'alg' => 'RS256', 'kid' => $kid,
        'n' => b64url($details['rsa']['n']), 'e' => b64url($details['rsa']['e'])];
    $signing = [$kid, $key];
}
$accessToken = 'bench-access-' . bin2hex(random_bytes(16));
$claims = [
    'iss' => $settings['issuer'], 'sub' => 'alice-123', 'aud' => $settings['client_id'],
    'iat' => $now + 3, 'exp' => $now + 303, 'nonce' => $params['nonce'],
    'at_hash' => b64url(substr(hash('sha256', $accessToken, true), 0, 16)),
    'email' => 'alice@example.com', 'email_verified' => true, 'name' => 'Alice Example',
    'given_name' => 'Alice', 'family_name' => 'Example',
];
$header = b64url((string) json_encode(['alg' => 'RS256', 'typ' => 'JWT', 'kid' => $signing[0]]));
$payload = b64url((string) json_encode($claims, JSON_UNESCAPED_SLASHES));
openssl_sign($header . '.' . $payload, $signature, $signing[1], OPENSSL_ALGO_SHA256);
$idToken = $header . '.' . $payload . '.' . b64url($signature);

$fixture = [
    'now' => $now + 5,
    'settings' => $settings,
    'site_key' => $siteKey,
    'token_endpoint' => $provider['token_endpoint'],
    'jwks_uri' => $provider['jwks_uri'],
    'jwks' => (string) json_encode(['keys' => $keys], JSON_UNESCAPED_SLASHES),
    'query' => http_build_query(['code' => 'bench-code-' . bin2hex(random_bytes(8)), 'state' => $start->state, 'iss' => $settings['issuer']]),
    'cookies' => [$start->cookieName => $start->cookieValue, 'wordpress_test_cookie' => 'WP Cookie check'],
    'token_body' => (string) json_encode(['access_token' => $accessToken, 'token_type' => 'Bearer', 'expires_in' => 3600,
        'id_token' => $idToken, 'scope' => 'openid profile email'], JSON_UNESCAPED_SLASHES),
    'expected' => ['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com', 'display_name' => 'Alice Example'],
];
file_put_contents($out, json_encode($fixture, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
