<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Connect;

use GuzzleHttp\Exception\GuzzleException;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;
use TYPO3\CMS\Core\Http\RequestFactory;

/**
 * The library's Transport on TYPO3's RequestFactory (Guzzle with $GLOBALS['TYPO3_CONF_VARS']
 * ['HTTP'], so the site's proxy and CA settings apply). TLS verification stays on, redirects are
 * not followed, every status is returned for the core to judge, bodies are capped at 1 MiB.
 */
final class Typo3Transport implements Transport
{
    private const MAX_BODY_BYTES = 1024 * 1024;

    public function __construct(private readonly RequestFactory $requestFactory)
    {
    }

    public function send(HttpRequest $request): HttpResponse
    {
        $scheme = strtolower((string) parse_url($request->url, PHP_URL_SCHEME));
        if ($scheme !== 'https' && $scheme !== 'http') {
            throw $this->unreachable($request, 'not an http(s) URL');
        }
        $options = [
            'headers' => $request->headers + ['User-Agent' => 'infomaniak-connect-typo3/0.1'],
            'http_errors' => false,
            'allow_redirects' => false,
            'verify' => true,
            'connect_timeout' => 5,
            'timeout' => 10,
        ];
        if ($request->body !== null) {
            $options['body'] = $request->body;
        }
        try {
            $response = $this->requestFactory->request($request->url, $request->method, $options);
            $stream = $response->getBody();
            $body = '';
            while (!$stream->eof() && strlen($body) <= self::MAX_BODY_BYTES) {
                $body .= $stream->read(65536);
            }
        } catch (GuzzleException | \RuntimeException $e) {
            throw $this->unreachable($request, get_class($e) . ': ' . self::withoutQuery($e->getMessage()));
        }
        if (strlen($body) > self::MAX_BODY_BYTES) {
            throw $this->unreachable($request, 'response body exceeds ' . self::MAX_BODY_BYTES . ' bytes');
        }
        return new HttpResponse($response->getStatusCode(), $body);
    }

    private function unreachable(HttpRequest $request, string $why): ConnectException
    {
        return new ConnectException(
            ConnectException::PROVIDER_UNREACHABLE,
            ConnectException::MESSAGE_PROVIDER_UNAVAILABLE,
            $request->method . ' ' . $request->loggableUrl() . ' failed: ' . $why
        );
    }

    /** Guzzle messages quote the URL; a query could hold a code. */
    private static function withoutQuery(string $message): string
    {
        return preg_replace('/\?[^\s`\'"]*/', '?…', $message) ?? $message;
    }
}
