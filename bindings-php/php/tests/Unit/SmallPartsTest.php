<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Unit;

use Infomaniak\Connect\Cache\MemoryCache;
use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Http\CurlTransport;
use Infomaniak\Connect\Http\HttpRequest;
use Infomaniak\Connect\SiteKey;
use Infomaniak\Connect\Tests\Support\BackgroundProcess;
use Infomaniak\Connect\Tests\Support\FixedClock;
use Infomaniak\Connect\Tests\Support\TestEnv;
use PHPUnit\Framework\TestCase;

/** SiteKey, MemoryCache and CurlTransport. */
final class SmallPartsTest extends TestCase
{
    public function testSiteKeyIsStableHexAndSeparatesItsInputs(): void
    {
        $a = str_repeat('a', 32);
        $b = str_repeat('b', 40);
        $key = SiteKey::derive($a, $b);
        $this->assertMatchesRegularExpression('/\A[0-9a-f]{64}\z/', $key);
        $this->assertSame($key, SiteKey::derive($a, $b));
        $this->assertNotSame($key, SiteKey::derive($a . 'b', substr($b, 1)));
        $this->assertNotSame($key, SiteKey::derive($b, $a));
        $this->assertSame(hash_hmac('sha256', "32:$a\n40:$b\n", 'infomaniak-connect/site-key/v1'), $key);
    }

    public function testSiteKeyRefusesSecretsAnyoneCouldGuess(): void
    {
        foreach ([[], ['', ''], ['infomaniak-connect'], ['short-salt', 'drupal:infomaniak_connect']] as $secrets) {
            try {
                SiteKey::derive(...$secrets);
                $this->fail('a key from no strong secret must be refused: ' . json_encode($secrets));
            } catch (ConnectException $e) {
                $this->assertSame('site_key_invalid', $e->errorCode());
            }
        }
    }

    public function testMemoryCacheExpires(): void
    {
        $clock = new FixedClock(1000);
        $cache = new MemoryCache($clock);
        $cache->set('a', 'x', 10);
        $this->assertSame('x', $cache->get('a'));
        $clock->now = 1010;
        $this->assertNull($cache->get('a'));
        $this->assertNull($cache->get('missing'));
    }

    public function testNetworkFailureIsProviderUnreachableWithAPlainMessage(): void
    {
        $port = TestEnv::freePort();
        try {
            (new CurlTransport())->send(HttpRequest::get('http://127.0.0.1:' . $port . '/jwks?secret=x'));
            $this->fail('no exception');
        } catch (ConnectException $e) {
            $this->assertSame('provider_unreachable', $e->errorCode());
            $this->assertSame('The login provider cannot be reached right now. Please try again later.', $e->visitorMessage());
            $this->assertStringContainsString('GET http://127.0.0.1:' . $port . '/jwks failed: curl error 7', $e->detail());
            $this->assertStringNotContainsString('secret', $e->detail());
        }
    }

    public function testCurlTransportStatusBodyHeadersAndSizeLimit(): void
    {
        $port = TestEnv::freePort();
        $dir = sys_get_temp_dir() . '/ikc-curl-' . getmypid();
        @mkdir($dir);
        file_put_contents($dir . '/echo.php', '<?php http_response_code(418); echo json_encode(["method" => $_SERVER["REQUEST_METHOD"], "auth" => $_SERVER["HTTP_AUTHORIZATION"] ?? null, "body" => file_get_contents("php://input")]);');
        file_put_contents($dir . '/big.php', '<?php echo str_repeat("x", 1024 * 1024 + 1);');
        file_put_contents($dir . '/limit.php', '<?php echo str_repeat("x", 1024 * 1024);');
        $server = new BackgroundProcess([PHP_BINARY, '-S', '127.0.0.1:' . $port, '-t', $dir], $dir . '/server.log');
        try {
            $server->waitForPort($port);
            $transport = new CurlTransport();
            $response = $transport->send(new HttpRequest('POST', 'http://127.0.0.1:' . $port . '/echo.php', ['Authorization' => 'Basic abc', 'Content-Type' => 'application/x-www-form-urlencoded'], 'a=b'));
            $this->assertSame(418, $response->status);
            $this->assertSame(['method' => 'POST', 'auth' => 'Basic abc', 'body' => 'a=b'], json_decode($response->body, true));
            $this->assertSame(1024 * 1024, strlen($transport->send(HttpRequest::get('http://127.0.0.1:' . $port . '/limit.php'))->body));
            try {
                $transport->send(HttpRequest::get('http://127.0.0.1:' . $port . '/big.php'));
                $this->fail('no exception');
            } catch (ConnectException $e) {
                $this->assertSame('provider_unreachable', $e->errorCode());
                $this->assertStringContainsString('exceeds 1048576 bytes', $e->detail());
            }
        } finally {
            $server->stop();
            array_map('unlink', glob($dir . '/*') ?: []);
            @rmdir($dir);
        }
    }

    public function testCurlTransportRefusesOtherSchemes(): void
    {
        $this->expectException(ConnectException::class);
        (new CurlTransport())->send(HttpRequest::get('file:///etc/passwd'));
    }
}
