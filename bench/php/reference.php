<?php
/**
 * The pure-PHP reference of the callback bench (figure 2): the same callback step and the same
 * checks as the core (core/PROTOCOL.md, DESIGN.md "ID token validation"), written the way PHP
 * OpenID Connect plugins do it: json_decode, hash_hmac, and the RSA key rebuilt from the JWK's
 * n/e as PEM on every request (as firebase/php-jwt's JWK::parseKey does), then openssl_verify().
 * Included by step.php with $fx set; returns the account decision. No network: the token
 * response comes from the fixture, the JWKS from the (simulated) cache.
 */
declare(strict_types=1);

function ref_fail(string $code, string $detail): never
{
    throw new RuntimeException($code . ': ' . $detail);
}

function ref_b64url_decode(string $text): string
{
    if ($text === '' || strspn($text, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') !== strlen($text)) {
        ref_fail('malformed', 'not base64url');
    }
    $decoded = base64_decode(strtr($text, '-_', '+/'), true);
    if ($decoded === false) {
        ref_fail('malformed', 'not base64url');
    }
    return $decoded;
}

function ref_b64url(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

/** DER length. */
function ref_der_length(int $length): string
{
    if ($length < 0x80) {
        return chr($length);
    }
    $bytes = ltrim(pack('N', $length), "\0");
    return chr(0x80 | strlen($bytes)) . $bytes;
}

/** DER INTEGER of an unsigned big-endian number. */
function ref_der_integer(string $unsigned): string
{
    $unsigned = ltrim($unsigned, "\0");
    if ($unsigned === '' || ord($unsigned[0]) > 0x7f) {
        $unsigned = "\0" . $unsigned;
    }
    return "\x02" . ref_der_length(strlen($unsigned)) . $unsigned;
}

/** The PEM SubjectPublicKeyInfo of an RSA JWK (n, e), as php-jwt builds it. */
function ref_rsa_pem(string $n, string $e): string
{
    $rsaPublicKey = ref_der_integer($n) . ref_der_integer($e);
    $rsaPublicKey = "\x30" . ref_der_length(strlen($rsaPublicKey)) . $rsaPublicKey;
    $algorithm = "\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00"; // rsaEncryption, NULL
    $bitString = "\x03" . ref_der_length(strlen($rsaPublicKey) + 1) . "\x00" . $rsaPublicKey;
    $spki = $algorithm . $bitString;
    $spki = "\x30" . ref_der_length(strlen($spki)) . $spki;
    return "-----BEGIN PUBLIC KEY-----\n" . chunk_split(base64_encode($spki), 64, "\n") . "-----END PUBLIC KEY-----\n";
}

function ref_claim_string(array $claims, string $name): ?string
{
    $value = $claims[$name] ?? null;
    return is_string($value) && trim($value) !== '' ? trim($value) : null;
}

/**
 * The whole callback step.
 *
 * @param array<string, mixed> $fx
 * @return array<string, mixed> the account decision
 */
function ref_callback(array $fx): array
{
    $s = $fx['settings'];
    $issuer = $s['issuer'];
    $clientId = $s['client_id'];
    $siteKey = $fx['site_key'];
    $now = $fx['now'];
    $leeway = 60;
    if (strlen($siteKey) < 32) {
        ref_fail('config_invalid', 'site key too short');
    }

    // 1. The provider's answer against the login cookie.
    parse_str($fx['query'], $query);
    if (isset($query['error'])) {
        ref_fail('provider_error', (string) $query['error']);
    }
    $state = $query['state'] ?? null;
    if (!is_string($state) || preg_match('/\A[A-Za-z0-9_-]{22,128}\z/', $state) !== 1) {
        ref_fail('state_invalid', 'state');
    }
    $cookieName = 'ikc_login_' . substr($state, 0, 8);
    $cookie = $fx['cookies'][$cookieName] ?? null;
    if (!is_string($cookie) || strlen($cookie) > 4096 || substr_count($cookie, '.') !== 1) {
        ref_fail('login_cookie_missing', $cookieName);
    }
    [$payloadB64, $macB64] = explode('.', $cookie, 2);
    $mac = hash_hmac('sha256', 'ikc-cookie:' . $payloadB64, $siteKey, true);
    if (!hash_equals($mac, ref_b64url_decode($macB64))) {
        ref_fail('state_invalid', 'cookie MAC');
    }
    $payload = json_decode(ref_b64url_decode($payloadB64), true);
    if (!is_array($payload) || !is_string($payload['s'] ?? null) || !is_string($payload['i'] ?? null)
        || !is_string($payload['r'] ?? null) || !is_int($payload['t'] ?? null)) {
        ref_fail('state_invalid', 'cookie payload');
    }
    if (!hash_equals($payload['s'], $state) || $payload['i'] !== $issuer) {
        ref_fail('state_invalid', 'cookie state or issuer');
    }
    if ($payload['t'] > $now + $leeway || $now - $payload['t'] > 600) {
        ref_fail('state_expired', 'cookie age');
    }
    if (isset($query['iss']) && $query['iss'] !== $issuer) {
        ref_fail('issuer_mismatch', 'iss parameter');
    }
    $code = $query['code'] ?? null;
    if (!is_string($code) || $code === '') {
        ref_fail('code_missing', 'code');
    }
    $returnPath = $payload['r'];

    // 2. The token request (PKCE verifier derived from the state), sent by the host: canned here.
    $verifier = ref_b64url(hash_hmac('sha256', 'ikc-pkce:' . $state, $siteKey, true));
    $tokenRequest = [
        'method' => 'POST',
        'url' => $fx['token_endpoint'],
        'headers' => [
            'Accept' => 'application/json',
            'Authorization' => 'Basic ' . base64_encode(urlencode($clientId) . ':' . urlencode($s['client_secret'])),
            'Content-Type' => 'application/x-www-form-urlencoded',
        ],
        'body' => http_build_query(['grant_type' => 'authorization_code', 'code' => $code,
            'redirect_uri' => $s['redirect_uri'], 'code_verifier' => $verifier]),
    ];
    if ($tokenRequest['url'] === '') {
        ref_fail('config_invalid', 'no token endpoint');
    }
    $tokenBody = $fx['token_body'];

    // 3. The token response and the ID token.
    $tokens = json_decode($tokenBody, true);
    if (!is_array($tokens) || isset($tokens['error'])) {
        ref_fail('token_error', 'token response');
    }
    if (!is_string($tokens['access_token'] ?? null) || strcasecmp((string) ($tokens['token_type'] ?? ''), 'Bearer') !== 0) {
        ref_fail('token_response_invalid', 'access_token / token_type');
    }
    $idToken = $tokens['id_token'] ?? null;
    if (!is_string($idToken) || strlen($idToken) > 65536) {
        ref_fail('id_token_missing', 'id_token');
    }
    $parts = explode('.', $idToken);
    if (count($parts) !== 3) {
        ref_fail('id_token_malformed', 'not three parts');
    }
    $header = json_decode(ref_b64url_decode($parts[0]), true);
    $claims = json_decode(ref_b64url_decode($parts[1]), true);
    $signature = ref_b64url_decode($parts[2]);
    if (!is_array($header) || !is_array($claims)) {
        ref_fail('id_token_malformed', 'header or claims');
    }
    $alg = $header['alg'] ?? '';
    if (!in_array($alg, ['RS256'], true)) {      // from the provider metadata, never from the token
        ref_fail('id_token_alg_not_allowed', (string) $alg);
    }
    if (isset($header['crit']) || (isset($header['typ']) && !in_array(strtolower((string) $header['typ']), ['jwt', 'application/jwt'], true))) {
        ref_fail('id_token_malformed', 'crit or typ');
    }
    $kid = $header['kid'] ?? null;
    if ($kid !== null && !is_string($kid)) {
        ref_fail('id_token_malformed', 'kid');
    }

    // The key: from the cached JWKS by kid (else the only RSA key), rebuilt as PEM.
    $jwks = json_decode($fx['jwks'], true);
    if (!is_array($jwks) || !is_array($jwks['keys'] ?? null)) {
        ref_fail('jwks_invalid', 'JWKS');
    }
    $candidates = [];
    foreach ($jwks['keys'] as $jwk) {
        if (!is_array($jwk) || ($jwk['kty'] ?? '') !== 'RSA' || !is_string($jwk['n'] ?? null) || !is_string($jwk['e'] ?? null)) {
            continue;
        }
        if (isset($jwk['use']) && $jwk['use'] !== 'sig') {
            continue;
        }
        if (isset($jwk['alg']) && $jwk['alg'] !== $alg) {
            continue;
        }
        if ($kid !== null && ($jwk['kid'] ?? null) !== $kid) {
            continue;
        }
        $candidates[] = $jwk;
    }
    if (count($candidates) !== 1) {
        ref_fail('jwks_refresh', 'no single key for kid');
    }
    $n = ref_b64url_decode($candidates[0]['n']);
    if (strlen(ltrim($n, "\0")) < 256) {
        ref_fail('jwks_invalid', 'RSA key shorter than 2048 bits');
    }
    $publicKey = openssl_pkey_get_public(ref_rsa_pem($n, ref_b64url_decode($candidates[0]['e'])));
    if ($publicKey === false) {
        ref_fail('jwks_invalid', 'openssl_pkey_get_public');
    }
    if (openssl_verify($parts[0] . '.' . $parts[1], $signature, $publicKey, OPENSSL_ALGO_SHA256) !== 1) {
        ref_fail('id_token_signature_invalid', 'signature');
    }

    // Claims.
    if (($claims['iss'] ?? null) !== $issuer) {
        ref_fail('id_token_issuer_mismatch', 'iss');
    }
    $aud = $claims['aud'] ?? null;
    $audiences = is_string($aud) ? [$aud] : (is_array($aud) ? $aud : []);
    if (!in_array($clientId, $audiences, true)) {
        ref_fail('id_token_audience_mismatch', 'aud');
    }
    if ((count($audiences) > 1 || isset($claims['azp'])) && ($claims['azp'] ?? null) !== $clientId) {
        ref_fail('id_token_audience_mismatch', 'azp');
    }
    $exp = $claims['exp'] ?? null;
    $iat = $claims['iat'] ?? null;
    if (!is_int($exp) || !is_int($iat)) {
        ref_fail('id_token_malformed', 'exp / iat');
    }
    if ($now >= $exp + $leeway) {
        ref_fail('id_token_expired', 'exp');
    }
    if ($iat > $now + $leeway) {
        ref_fail('id_token_not_yet_valid', 'iat');
    }
    if (isset($claims['nbf']) && (!is_int($claims['nbf']) || $claims['nbf'] > $now + $leeway)) {
        ref_fail('id_token_not_yet_valid', 'nbf');
    }
    $sub = $claims['sub'] ?? null;
    if (!is_string($sub) || $sub === '') {
        ref_fail('id_token_malformed', 'sub');
    }
    $nonce = ref_b64url(hash_hmac('sha256', 'ikc-nonce:' . $state, $siteKey, true));
    if (!is_string($claims['nonce'] ?? null) || !hash_equals($nonce, $claims['nonce'])) {
        ref_fail('id_token_nonce_mismatch', 'nonce');
    }
    if (isset($claims['at_hash'])) {
        $digest = hash('sha256', $tokens['access_token'], true);
        if (!is_string($claims['at_hash']) || !hash_equals(ref_b64url(substr($digest, 0, 16)), $claims['at_hash'])) {
            ref_fail('id_token_at_hash_mismatch', 'at_hash');
        }
    }

    // 4. The identity; userinfo only when a required claim is missing (it is not, here).
    $email = ref_claim_string($claims, 'email');
    if ($email !== null && (filter_var($email, FILTER_VALIDATE_EMAIL) === false)) {
        $email = null;
    }
    $identity = [
        'issuer' => $issuer, 'subject' => $sub, 'email' => $email,
        'email_verified' => ($claims['email_verified'] ?? false) === true || ($claims['email_verified'] ?? '') === 'true',
        'name' => ref_claim_string($claims, 'name'), 'given_name' => ref_claim_string($claims, 'given_name'),
        'family_name' => ref_claim_string($claims, 'family_name'),
        'preferred_username' => ref_claim_string($claims, 'preferred_username'),
        'claims' => $claims,
    ];
    foreach ($s['required_claims'] as $required) {
        if (!isset($claims[$required])) {
            ref_fail('userinfo_needed', $required);
        }
    }
    if (preg_match('#\A/(?![/\\\\])[^\x00-\x1f\x7f]*\z#', $returnPath) !== 1) {
        $returnPath = '/';
    }

    // 5. The account decision (nobody linked, no user with this e-mail: create, as the core does).
    $linkedUser = null;
    $emailUser = null;
    if ($linkedUser !== null) {
        return ['action' => 'login', 'user_id' => $linkedUser];
    }
    $username = null;
    foreach ([$identity['preferred_username'], $email === null ? null : strstr($email, '@', true), $identity['given_name']] as $candidate) {
        if ($candidate === null || $candidate === false) {
            continue;
        }
        $clean = substr((string) preg_replace('/[^a-z0-9._-]/', '', strtolower($candidate)), 0, 50);
        if (preg_match('/[a-z0-9]/', $clean) === 1) {
            $username = $clean;
            break;
        }
    }
    $username ??= 'user_' . substr(hash('sha256', $issuer . "\n" . $sub), 0, 8);
    return [
        'action' => 'create',
        'username' => $username,
        'email' => $identity['email_verified'] && $emailUser === null ? $email : null,
        'display_name' => $identity['name'] ?? $username,
        'return_path' => $returnPath,
        'token_request' => $tokenRequest['method'],
    ];
}

return ['decision' => ref_callback($fx)];
