<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Http;

/** An HTTP request the core asks the host to send (discovery, token, JWKS, userinfo). */
final class HttpRequest
{
    /**
     * @param array<string, string> $headers header name => value
     */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        public readonly array $headers = [],
        public readonly ?string $body = null,
    ) {
    }

    /** A GET that accepts JSON. */
    public static function get(string $url): self
    {
        return new self('GET', $url, ['Accept' => 'application/json']);
    }

    /**
     * The request as the core describes it: {"method", "url", "headers", "body"}.
     *
     * @param array<mixed> $request
     */
    public static function fromCore(array $request): self
    {
        $headers = [];
        foreach (is_array($request['headers'] ?? null) ? $request['headers'] : [] as $name => $value) {
            if (is_string($name) && is_string($value)) {
                $headers[$name] = $value;
            }
        }
        return new self(
            is_string($request['method'] ?? null) ? $request['method'] : 'GET',
            is_string($request['url'] ?? null) ? $request['url'] : '',
            $headers,
            is_string($request['body'] ?? null) ? $request['body'] : null,
        );
    }

    /** The URL without query and fragment, for log lines (a query may hold a code). */
    public function loggableUrl(): string
    {
        $cut = strcspn($this->url, '?#');
        return substr($this->url, 0, $cut);
    }
}
