<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Support;

use stdClass;

/**
 * The "start" shape check of tests/vectors/README.md (the PHP twin of tests/vectors/shape.mjs):
 * start's output is random, so it is checked by its relations to the state and the site key.
 */
final class StartShape
{
    /** The first mismatch between the start output $actual and $vector's shape, or null. */
    public static function mismatch(stdClass $vector, mixed $actual): ?string
    {
        $config = $vector->input->config ?? null;
        $siteKey = $vector->input->site_key ?? null;
        $now = $vector->input->now ?? null;
        $params = $vector->shape_params ?? null;
        if (!$config instanceof stdClass || !is_string($siteKey) || !$params instanceof stdClass) {
            return 'vector lacks config, site_key or shape_params';
        }
        $ok = $actual instanceof stdClass ? ($actual->ok ?? null) : null;
        if (!$ok instanceof stdClass) {
            return 'not an ok result';
        }

        // 1. state
        $state = $ok->state ?? null;
        if (!is_string($state) || preg_match('/\A[A-Za-z0-9_-]{43}\z/', $state) !== 1) {
            return 'state ' . json_encode($state);
        }

        // 2. cookie name and attributes
        $cookie = $ok->cookie ?? null;
        if (!$cookie instanceof stdClass) {
            return 'no cookie';
        }
        $name = 'ikc_login_' . substr($state, 0, 8);
        if (($cookie->name ?? null) !== $name) {
            return 'cookie name ' . json_encode($cookie->name ?? null) . ', expected ' . $name;
        }
        $secure = str_starts_with((string) $config->redirect_uri, 'https://');
        $attributes = ['max_age' => 600, 'path' => '/', 'http_only' => true, 'same_site' => 'Lax', 'secure' => $secure];
        foreach ($attributes as $key => $value) {
            if (($cookie->{$key} ?? null) !== $value) {
                return 'cookie.' . $key . ' ' . json_encode($cookie->{$key} ?? null) . ', expected ' . json_encode($value);
            }
        }

        // 3. authorization URL
        $url = $ok->authorization_url ?? null;
        if (!is_string($url)) {
            return 'no authorization_url';
        }
        [$base, $query] = self::splitOnce($url, '?');
        [$endpointBase, $endpointQuery] = self::splitOnce((string) $params->authorization_endpoint, '?');
        if ($base !== $endpointBase) {
            return 'authorization_url base ' . $base . ', expected ' . $endpointBase;
        }
        $verifier = self::b64url(hash_hmac('sha256', 'ikc-pkce:' . $state, $siteKey, true));
        $expected = array_merge(self::queryPairs($endpointQuery), [
            ['response_type', 'code'],
            ['client_id', (string) $config->client_id],
            ['redirect_uri', (string) $config->redirect_uri],
            ['scope', (string) $params->scope],
            ['state', $state],
            ['nonce', self::b64url(hash_hmac('sha256', 'ikc-nonce:' . $state, $siteKey, true))],
            ['code_challenge', self::b64url(hash('sha256', $verifier, true))],
            ['code_challenge_method', 'S256'],
        ]);
        $pairs = self::queryPairs($query);
        if ($pairs !== $expected) {
            return 'authorization_url query ' . json_encode($pairs, JSON_UNESCAPED_SLASHES)
                . ', expected ' . json_encode($expected, JSON_UNESCAPED_SLASHES);
        }

        // 4. cookie value
        $value = $cookie->value ?? null;
        $parts = is_string($value) ? explode('.', $value) : [];
        if (count($parts) !== 2) {
            return 'cookie value ' . json_encode($value) . ' is not payload.mac';
        }
        [$payload, $mac] = $parts;
        if (preg_match('/\A[A-Za-z0-9_-]+\z/', $payload) !== 1 || preg_match('/\A[A-Za-z0-9_-]+\z/', $mac) !== 1) {
            return 'cookie value is not base64url';
        }
        $expectedMac = self::b64url(hash_hmac('sha256', 'ikc-cookie:' . $payload, $siteKey, true));
        if ($mac !== $expectedMac) {
            return 'cookie MAC ' . $mac . ', expected ' . $expectedMac;
        }
        $text = (string) base64_decode(strtr($payload, '-_', '+/'), true);
        $expectedText = json_encode(
            ['s' => $state, 'i' => $config->issuer, 'r' => $params->return_path, 't' => $now],
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        );
        if ($text !== $expectedText) {
            return 'cookie payload ' . $text . ', expected ' . $expectedText;
        }

        // 5. Set-Cookie header
        $setCookie = $name . '=' . $value . '; Max-Age=600; Path=/; HttpOnly; SameSite=Lax' . ($secure ? '; Secure' : '');
        if (($ok->set_cookie ?? null) !== $setCookie) {
            return 'set_cookie ' . json_encode($ok->set_cookie ?? null) . ', expected ' . json_encode($setCookie);
        }
        return null;
    }

    /** base64url without padding. */
    public static function b64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    /** @return array{0: string, 1: string} */
    private static function splitOnce(string $text, string $separator): array
    {
        $at = strpos($text, $separator);
        return $at === false ? [$text, ''] : [substr($text, 0, $at), substr($text, $at + 1)];
    }

    /**
     * The name/value pairs of a query, decoded as URLSearchParams does.
     *
     * @return list<array{0: string, 1: string}>
     */
    private static function queryPairs(string $query): array
    {
        $pairs = [];
        foreach (explode('&', $query) as $segment) {
            if ($segment === '') {
                continue;
            }
            $parts = explode('=', $segment, 2);
            $pairs[] = [urldecode($parts[0]), urldecode($parts[1] ?? '')];
        }
        return $pairs;
    }
}
