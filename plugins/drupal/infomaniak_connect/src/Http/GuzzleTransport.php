<?php

declare(strict_types=1);

namespace Drupal\infomaniak_connect\Http;

use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\GuzzleException;
use GuzzleHttp\RequestOptions;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\Http\HttpResponse;
use Infomaniak\Connect\Http\Transport;

/**
 * The library's Transport on Drupal's "http_client" (Guzzle).
 *
 * Follows the Transport contract: TLS always verified, no redirects, every
 * HTTP status returned as a response (the core judges it), short timeouts,
 * bodies up to 1 MiB, and a network failure becomes "provider_unreachable".
 * Nothing is logged here: request bodies and headers carry secrets.
 */
final class GuzzleTransport implements Transport {

  /**
   * The largest response body accepted, in bytes.
   */
  public const MAX_BODY_BYTES = 1048576;

  public function __construct(
    private readonly ClientInterface $client,
    private readonly float $connectTimeout = 5.0,
    private readonly float $timeout = 10.0,
  ) {
  }

  /**
   * {@inheritdoc}
   */
  public function send(HttpRequest $request): HttpResponse {
    $scheme = strtolower((string) parse_url($request->url, PHP_URL_SCHEME));
    if ($scheme !== 'https' && $scheme !== 'http') {
      throw self::unreachable($request, 'not an http(s) URL');
    }
    $options = [
      RequestOptions::HEADERS => $request->headers,
      RequestOptions::CONNECT_TIMEOUT => $this->connectTimeout,
      RequestOptions::TIMEOUT => $this->timeout,
      RequestOptions::ALLOW_REDIRECTS => FALSE,
      RequestOptions::HTTP_ERRORS => FALSE,
      RequestOptions::VERIFY => TRUE,
      RequestOptions::STREAM => FALSE,
    ];
    if ($request->body !== NULL) {
      $options[RequestOptions::BODY] = $request->body;
    }
    try {
      $response = $this->client->request($request->method, $request->url, $options);
      $length = $response->getHeaderLine('Content-Length');
      if ($length !== '' && ctype_digit($length) && (int) $length > self::MAX_BODY_BYTES) {
        throw self::unreachable($request, 'response body exceeds ' . self::MAX_BODY_BYTES . ' bytes');
      }
      $stream = $response->getBody();
      $body = $stream->read(self::MAX_BODY_BYTES + 1);
      while (strlen($body) <= self::MAX_BODY_BYTES && !$stream->eof()) {
        $chunk = $stream->read(self::MAX_BODY_BYTES + 1 - strlen($body));
        if ($chunk === '') {
          break;
        }
        $body .= $chunk;
      }
    }
    catch (GuzzleException $e) {
      throw self::unreachable($request, self::describe($e));
    }
    catch (\RuntimeException $e) {
      if ($e instanceof ConnectException) {
        throw $e;
      }
      throw self::unreachable($request, 'reading the response failed (' . get_class($e) . ')');
    }
    if (strlen($body) > self::MAX_BODY_BYTES) {
      throw self::unreachable($request, 'response body exceeds ' . self::MAX_BODY_BYTES . ' bytes');
    }
    return new HttpResponse($response->getStatusCode(), $body);
  }

  /**
   * A log-safe description of a Guzzle failure (its message may hold the URL
   * with a query, so only the class and the handler's error number are kept).
   */
  private static function describe(GuzzleException $e): string {
    $context = method_exists($e, 'getHandlerContext') ? $e->getHandlerContext() : [];
    $errno = is_array($context) && isset($context['errno']) ? ' (curl error ' . (int) $context['errno'] . ')' : '';
    $short = substr(strrchr('\\' . get_class($e), '\\') ?: '', 1);
    return $short . $errno;
  }

  /**
   * The library's "provider cannot be reached" failure.
   */
  private static function unreachable(HttpRequest $request, string $why): ConnectException {
    return new ConnectException(
      ConnectException::PROVIDER_UNREACHABLE,
      ConnectException::MESSAGE_PROVIDER_UNAVAILABLE,
      $request->method . ' ' . $request->loggableUrl() . ' failed: ' . $why,
    );
  }

}
