<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;
use OpenSSLAsymmetricKey;
use RuntimeException;

/**
 * An OpenID Provider inside the test process, as a Transport: discovery, token (RS256 ID tokens
 * signed with openssl), JWKS and userinfo, with switches to break or rotate things.
 */
final class FakeProvider implements Transport
{
    public const ISSUER = 'https://op.example';
    public const CLIENT_ID = 'unit-client';
    public const CLIENT_SECRET = 'unit-secret';

    /** @var list<string> "METHOD path" of each request */
    public array $calls = [];
    /** When true, every request fails as a network failure would. */
    public bool $down = false;
    /** Claims the ID token carries besides the protocol ones. */
    public array $profile = ['email' => 'bob@example.com', 'email_verified' => true, 'name' => 'Bob Example'];
    /** @var array<string, mixed> what /userinfo answers */
    public array $userinfo = ['sub' => 'bob-1', 'email' => 'bob@example.com', 'email_verified' => true];
    /** @var array<string, string> code => nonce */
    private array $codes = [];
    private OpenSSLAsymmetricKey $key;
    private string $kid;

    public function __construct(public int $now)
    {
        $this->rotate();
    }

    /** A new signing key; the old one leaves the JWKS. */
    public function rotate(): void
    {
        $key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
        if (!$key instanceof OpenSSLAsymmetricKey) {
            throw new RuntimeException('openssl_pkey_new failed');
        }
        $this->key = $key;
        $this->kid = 'k' . bin2hex(random_bytes(4));
    }

    /** What the provider sends back to the redirect URI after the visitor logged in. */
    public function authorize(string $authorizationUrl): string
    {
        parse_str((string) parse_url($authorizationUrl, PHP_URL_QUERY), $params);
        $code = 'code-' . bin2hex(random_bytes(6));
        $this->codes[$code] = (string) $params['nonce'];
        return http_build_query(['code' => $code, 'state' => $params['state'], 'iss' => self::ISSUER]);
    }

    public function send(HttpRequest $request): HttpResponse
    {
        $path = (string) parse_url($request->url, PHP_URL_PATH);
        $this->calls[] = $request->method . ' ' . $path;
        if ($this->down) {
            throw new ConnectException(ConnectException::PROVIDER_UNREACHABLE, ConnectException::MESSAGE_PROVIDER_UNAVAILABLE, 'fake: down');
        }
        return match ($path) {
            '/.well-known/openid-configuration' => self::json([
                'issuer' => self::ISSUER,
                'authorization_endpoint' => self::ISSUER . '/auth',
                'token_endpoint' => self::ISSUER . '/token',
                'userinfo_endpoint' => self::ISSUER . '/userinfo',
                'jwks_uri' => self::ISSUER . '/jwks',
                'id_token_signing_alg_values_supported' => ['RS256'],
            ]),
            '/jwks' => self::json(['keys' => [$this->jwk()]]),
            '/token' => $this->token($request),
            '/userinfo' => self::json($this->userinfo),
            default => new HttpResponse(404, 'not found'),
        };
    }

    private function token(HttpRequest $request): HttpResponse
    {
        parse_str((string) $request->body, $form);
        $nonce = $this->codes[(string) ($form['code'] ?? '')] ?? null;
        if ($nonce === null) {
            return self::json(['error' => 'invalid_grant'], 400);
        }
        unset($this->codes[(string) $form['code']]);
        $claims = [
            'iss' => self::ISSUER, 'sub' => 'bob-1', 'aud' => self::CLIENT_ID,
            'iat' => $this->now, 'exp' => $this->now + 300, 'nonce' => $nonce,
        ] + $this->profile;
        return self::json(['access_token' => 'at-' . bin2hex(random_bytes(8)), 'token_type' => 'Bearer', 'id_token' => $this->sign($claims)]);
    }

    /** @param array<string, mixed> $claims */
    private function sign(array $claims): string
    {
        $header = StartShape::b64url((string) json_encode(['alg' => 'RS256', 'typ' => 'JWT', 'kid' => $this->kid]));
        $payload = StartShape::b64url((string) json_encode($claims, JSON_UNESCAPED_SLASHES));
        openssl_sign($header . '.' . $payload, $signature, $this->key, OPENSSL_ALGO_SHA256);
        return $header . '.' . $payload . '.' . StartShape::b64url($signature);
    }

    /** @return array<string, string> */
    private function jwk(): array
    {
        $details = openssl_pkey_get_details($this->key);
        return [
            'kty' => 'RSA', 'use' => 'sig', 'alg' => 'RS256', 'kid' => $this->kid,
            'n' => StartShape::b64url($details['rsa']['n']),
            'e' => StartShape::b64url($details['rsa']['e']),
        ];
    }

    /** @param array<string, mixed> $body */
    private static function json(array $body, int $status = 200): HttpResponse
    {
        return new HttpResponse($status, (string) json_encode($body, JSON_UNESCAPED_SLASHES));
    }
}
