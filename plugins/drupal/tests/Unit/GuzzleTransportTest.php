<?php

declare(strict_types=1);

namespace Drupal\Tests\infomaniak_connect\Unit;

use Drupal\infomaniak_connect\Http\GuzzleTransport;
use GuzzleHttp\Client;
use GuzzleHttp\Exception\ConnectException as GuzzleConnectException;
use GuzzleHttp\Handler\MockHandler;
use GuzzleHttp\HandlerStack;
use GuzzleHttp\Middleware;
use GuzzleHttp\Psr7\Request;
use GuzzleHttp\Psr7\Response;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\HttpRequest;
use PHPUnit\Framework\TestCase;

/**
 * Drupal's http_client is a Guzzle client: tested with Guzzle's own mock
 * handler (Debian's php-guzzlehttp-guzzle), no Drupal needed.
 */
final class GuzzleTransportTest extends TestCase {

  private array $history = [];

  protected function setUp(): void {
    if (!class_exists(Client::class)) {
      self::markTestSkipped('Guzzle is not installed (apt-get install php-guzzlehttp-guzzle)');
    }
  }

  private function transport(array $queue): GuzzleTransport {
    $this->history = [];
    $stack = HandlerStack::create(new MockHandler($queue));
    $stack->push(Middleware::history($this->history));
    return new GuzzleTransport(new Client(['handler' => $stack]), 3.0, 7.0);
  }

  public function testPostIsSentAsTheCoreBuiltIt(): void {
    $transport = $this->transport([new Response(200, [], '{"id_token":"x"}')]);
    $response = $transport->send(new HttpRequest('POST', 'https://op.example/token', [
      'Accept' => 'application/json',
      'Authorization' => 'Basic YTpi',
      'Content-Type' => 'application/x-www-form-urlencoded',
    ], 'grant_type=authorization_code&code=c'));
    self::assertSame(['status' => 200, 'body' => '{"id_token":"x"}'], $response->toCore());

    [$entry] = $this->history;
    self::assertSame('POST', $entry['request']->getMethod());
    self::assertSame('https://op.example/token', (string) $entry['request']->getUri());
    self::assertSame('Basic YTpi', $entry['request']->getHeaderLine('Authorization'));
    self::assertSame('grant_type=authorization_code&code=c', (string) $entry['request']->getBody());
    $options = $entry['options'];
    self::assertFalse($options['allow_redirects']);
    self::assertFalse($options['http_errors']);
    self::assertTrue($options['verify']);
    self::assertSame(3.0, $options['connect_timeout']);
    self::assertSame(7.0, $options['timeout']);
  }

  public function testErrorStatusesAndRedirectsAreReturnedForTheCoreToJudge(): void {
    $transport = $this->transport([new Response(400, [], '{"error":"invalid_grant"}'), new Response(302, ['Location' => 'https://elsewhere/'])]);
    self::assertSame(400, $transport->send(HttpRequest::get('https://op.example/token'))->status);
    self::assertSame(302, $transport->send(HttpRequest::get('https://op.example/jwks'))->status);
    self::assertCount(2, $this->history, 'the redirect was not followed');
  }

  public function testNetworkFailureIsProviderUnreachableWithoutTheQuery(): void {
    $url = 'https://op.example/userinfo?access_token=SECRET';
    $transport = $this->transport([new GuzzleConnectException('cURL error 7: Failed to connect to ' . $url, new Request('GET', $url))]);
    try {
      $transport->send(HttpRequest::get($url));
      self::fail('expected provider_unreachable');
    }
    catch (ConnectException $e) {
      self::assertSame('provider_unreachable', $e->errorCode());
      self::assertStringContainsString('https://op.example/userinfo', $e->detail());
      self::assertStringNotContainsString('SECRET', $e->detail());
    }
  }

  public function testOversizedBodiesAreRefused(): void {
    $transport = $this->transport([
      new Response(200, [], str_repeat('a', GuzzleTransport::MAX_BODY_BYTES + 1)),
      new Response(200, ['Content-Length' => '99999999'], 'short'),
    ]);
    foreach ([1, 2] as $_) {
      try {
        $transport->send(HttpRequest::get('https://op.example/jwks'));
        self::fail('expected a refusal');
      }
      catch (ConnectException $e) {
        self::assertSame('provider_unreachable', $e->errorCode());
        self::assertStringContainsString('exceeds', $e->detail());
      }
    }
    $ok = $this->transport([new Response(200, [], str_repeat('b', GuzzleTransport::MAX_BODY_BYTES))]);
    self::assertSame(GuzzleTransport::MAX_BODY_BYTES, strlen($ok->send(HttpRequest::get('https://op.example/x'))->body));
  }

  public function testOnlyHttpUrls(): void {
    $transport = $this->transport([]);
    $this->expectException(ConnectException::class);
    $transport->send(HttpRequest::get('file:///etc/passwd'));
  }

}
