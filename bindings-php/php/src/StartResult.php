<?php

declare(strict_types=1);

namespace Infomaniak\Connect;

/**
 * The start of a login: set the cookie, then redirect the visitor to the authorization URL.
 *
 *     header('Set-Cookie: ' . $start->setCookieHeader, false);
 *     header('Location: ' . $start->authorizationUrl, true, 302);
 */
final class StartResult
{
    /**
     * @param array{max_age: int, path: string, http_only: bool, same_site: string, secure: bool} $cookieAttributes
     */
    public function __construct(
        public readonly string $authorizationUrl,
        public readonly string $state,
        public readonly string $cookieName,
        public readonly string $cookieValue,
        public readonly string $setCookieHeader,
        public readonly array $cookieAttributes,
    ) {
    }

    /**
     * From the core's `start` answer.
     *
     * @param array<mixed> $ok
     */
    public static function fromCore(array $ok): self
    {
        $cookie = is_array($ok['cookie'] ?? null) ? $ok['cookie'] : [];
        return new self(
            (string) ($ok['authorization_url'] ?? ''),
            (string) ($ok['state'] ?? ''),
            (string) ($cookie['name'] ?? ''),
            (string) ($cookie['value'] ?? ''),
            (string) ($ok['set_cookie'] ?? ''),
            [
                'max_age' => (int) ($cookie['max_age'] ?? 0),
                'path' => (string) ($cookie['path'] ?? '/'),
                'http_only' => (bool) ($cookie['http_only'] ?? true),
                'same_site' => (string) ($cookie['same_site'] ?? 'Lax'),
                'secure' => (bool) ($cookie['secure'] ?? false),
            ],
        );
    }

    /**
     * The options for PHP's setcookie($cookieName, $cookieValue, $options), for hosts that use it.
     *
     * @return array{expires: int, path: string, secure: bool, httponly: bool, samesite: string}
     */
    public function setcookieOptions(int $now): array
    {
        return [
            'expires' => $now + $this->cookieAttributes['max_age'],
            'path' => $this->cookieAttributes['path'],
            'secure' => $this->cookieAttributes['secure'],
            'httponly' => $this->cookieAttributes['http_only'],
            'samesite' => $this->cookieAttributes['same_site'],
        ];
    }
}
