<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Http;

use Infomaniak\Connect\ConnectException;

/**
 * The default Transport, on PHP's curl extension: connect timeout 5 s, total 10 s, TLS
 * verification always on, no redirects, http(s) only, response bodies up to 1 MiB.
 */
final class CurlTransport implements Transport
{
    /** The largest response body accepted, in bytes. */
    public const MAX_BODY_BYTES = 1024 * 1024;

    public function __construct(
        private readonly int $connectTimeout = 5,
        private readonly int $timeout = 10,
        private readonly string $userAgent = 'infomaniak-connect-php/0.1',
    ) {
    }

    public function send(HttpRequest $request): HttpResponse
    {
        if (!function_exists('curl_init')) {
            throw self::unreachable($request, 'PHP\'s curl extension is not installed');
        }
        $scheme = strtolower((string) parse_url($request->url, PHP_URL_SCHEME));
        if ($scheme !== 'https' && $scheme !== 'http') {
            throw self::unreachable($request, 'not an http(s) URL');
        }
        $handle = curl_init();
        if ($handle === false) {
            throw self::unreachable($request, 'curl_init failed');
        }
        $body = '';
        $tooLarge = false;
        $headers = ['Expect:'];
        foreach ($request->headers as $name => $value) {
            $headers[] = $name . ': ' . $value;
        }
        $options = [
            CURLOPT_URL => $request->url,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_CONNECTTIMEOUT => $this->connectTimeout,
            CURLOPT_TIMEOUT => $this->timeout,
            CURLOPT_SSL_VERIFYPEER => true,
            CURLOPT_SSL_VERIFYHOST => 2,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_USERAGENT => $this->userAgent,
            CURLOPT_WRITEFUNCTION => static function ($handle, string $chunk) use (&$body, &$tooLarge): int {
                if (strlen($body) + strlen($chunk) > self::MAX_BODY_BYTES) {
                    $tooLarge = true;
                    return 0;
                }
                $body .= $chunk;
                return strlen($chunk);
            },
        ];
        if ($request->method === 'GET') {
            $options[CURLOPT_HTTPGET] = true;
        } elseif ($request->method === 'POST') {
            $options[CURLOPT_POST] = true;
        } else {
            $options[CURLOPT_CUSTOMREQUEST] = $request->method;
        }
        if ($request->body !== null) {
            $options[CURLOPT_POSTFIELDS] = $request->body;
        }
        // The handle is released when it goes out of scope (curl_close() is a no-op since PHP 8).
        if (!curl_setopt_array($handle, $options)) {
            throw self::unreachable($request, 'curl rejected an option');
        }
        $ok = curl_exec($handle);
        if ($tooLarge) {
            throw self::unreachable($request, 'response body exceeds ' . self::MAX_BODY_BYTES . ' bytes');
        }
        if ($ok === false) {
            throw self::unreachable(
                $request,
                'curl error ' . curl_errno($handle) . ' (' . curl_error($handle) . ')'
            );
        }
        return new HttpResponse((int) curl_getinfo($handle, CURLINFO_RESPONSE_CODE), $body);
    }

    private static function unreachable(HttpRequest $request, string $why): ConnectException
    {
        return new ConnectException(
            ConnectException::PROVIDER_UNREACHABLE,
            ConnectException::MESSAGE_PROVIDER_UNAVAILABLE,
            $request->method . ' ' . $request->loggableUrl() . ' failed: ' . $why
        );
    }
}
