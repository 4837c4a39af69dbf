<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests;

use Infomaniak\Connect\Library;
use Infomaniak\Connect\Tests\Support\BackgroundProcess;
use Infomaniak\Connect\Tests\Support\TestEnv;
use PHPUnit\Framework\TestCase;

/**
 * FFI as real hosts restrict it: ffi.enable=0, no FFI extension, and PHP's default
 * ffi.enable=preload in a web request (php -S), without and with preload.php.
 */
final class RestrictedFfiTest extends TestCase
{
    private static function probe(): string
    {
        return TestEnv::libraryRoot() . '/tests/fixtures/probe.php';
    }

    /** @return array<string, mixed> */
    private static function cli(string ...$phpArgs): array
    {
        [$code, $out, $err] = TestEnv::run([PHP_BINARY, ...$phpArgs, self::probe()]);
        self::assertSame(0, $code, 'probe exited ' . $code . ': ' . $out . $err);
        $result = json_decode(trim($out), true);
        self::assertIsArray($result, 'probe output: ' . $out . $err);
        return $result;
    }

    /**
     * Serves the fixtures with `php -S` under $phpArgs and requests probe.php.
     *
     * @param list<string> $phpArgs
     * @param array<string, string>|null $env
     * @return array{0: int, 1: string, 2: string} [HTTP status, body, server log]
     */
    private static function serve(array $phpArgs, ?array $env = null): array
    {
        $port = TestEnv::freePort();
        $log = tempnam(sys_get_temp_dir(), 'ikc-php-s-');
        $server = new BackgroundProcess(
            [PHP_BINARY, ...$phpArgs, '-S', '127.0.0.1:' . $port, '-t', dirname(self::probe())],
            $log,
            $env,
        );
        try {
            $server->waitForPort($port);
            $context = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 20]]);
            $body = (string) @file_get_contents('http://127.0.0.1:' . $port . '/probe.php', false, $context);
            $status = 0;
            foreach ($http_response_header ?? [] as $header) {
                if (preg_match('~^HTTP/\S+ (\d{3})~', $header, $m) === 1) {
                    $status = (int) $m[1];
                }
            }
            return [$status, $body, $server->log()];
        } finally {
            $server->stop();
            @unlink($log);
        }
    }

    /** @param array<string, mixed> $result */
    private static function assertPhpIniAdvice(array $result): void
    {
        self::assertFalse($result['loaded'], json_encode($result));
        self::assertSame('Infomaniak\\Connect\\CoreUnavailable', $result['class']);
        self::assertSame('core_unavailable', $result['code']);
        $preload = realpath(TestEnv::libraryRoot() . '/preload.php');
        self::assertSame(Library::preloadScript(), $preload, 'preload.php path is absolute and real');
        foreach (["\n    ffi.enable=1\n", "\n    ffi.enable=preload\n", "\n    opcache.enable=1\n", "\n    opcache.preload=" . $preload . "\n", "\n    opcache.preload_user="] as $line) {
            self::assertStringContainsString($line, $result['detail']);
        }
        self::assertStringNotContainsString('php.ini', $result['visitor']);
    }

    public function testFfiDisabledGivesCoreUnavailableWithTheIniLines(): void
    {
        $result = self::cli('-d', 'ffi.enable=0');
        self::assertPhpIniAdvice($result);
        $this->assertStringContainsString('ffi.enable is "0"', $result['detail']);
    }

    public function testNoFfiExtensionGivesCoreUnavailable(): void
    {
        $result = self::cli('-n');
        self::assertPhpIniAdvice($result);
        $this->assertStringContainsString('FFI extension', $result['detail']);
    }

    public function testTheCommandLineWorksUnderPreloadSetting(): void
    {
        $result = self::cli('-d', 'ffi.enable=preload');
        $this->assertTrue($result['loaded'], json_encode($result));
        $this->assertSame(1, $result['version']['abi']);
    }

    public function testWebRequestWithoutPreloadGivesCoreUnavailableNotAFatal(): void
    {
        [$status, $body, $log] = self::serve(['-d', 'ffi.enable=preload']);
        $this->assertSame(200, $status, $body . $log);
        $result = json_decode($body, true);
        $this->assertIsArray($result, $body . $log);
        $this->assertSame('cli-server', $result['sapi']);
        self::assertPhpIniAdvice($result);
        $this->assertStringContainsString('ffi.enable is "preload"', $result['detail']);
        $this->assertStringNotContainsString('Fatal', $log);
    }

    public function testWebRequestWithFfiEnabledWorks(): void
    {
        [$status, $body, $log] = self::serve(['-d', 'ffi.enable=1']);
        $this->assertSame(200, $status, $body . $log);
        $result = json_decode($body, true);
        $this->assertTrue($result['loaded'] ?? false, $body . $log);
        $this->assertSame(realpath(Library::path()), realpath($result['origin']));
    }

    /** @return list<string> the php -d arguments of the preload way, as PhpIni advises */
    private static function preloadWay(): array
    {
        $args = [
            '-d', 'ffi.enable=preload',
            '-d', 'opcache.enable=1',
            '-d', 'opcache.preload=' . Library::preloadScript(),
        ];
        if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
            $args[] = '-d';
            $args[] = 'opcache.preload_user=root';
        }
        return $args;
    }

    public function testWebRequestWithThePreloadWayWorks(): void
    {
        [$status, $body, $log] = self::serve(self::preloadWay());
        $this->assertSame(200, $status, $body . $log);
        $result = json_decode($body, true);
        $this->assertIsArray($result, $body . $log);
        $this->assertTrue($result['loaded'], $body . $log);
        $this->assertSame('cli-server', $result['sapi']);
        $this->assertSame('preload', $result['ffi_enable']);
        $this->assertSame(realpath(Library::path()), realpath($result['origin']), 'the preloaded Core loads the library itself');
        $this->assertSame(1, $result['version']['abi']);
        $this->assertStringNotContainsString('preload failed', $log);
    }

    public function testThePreloadWayWithAnFfiPreloadHeaderUsesTheScope(): void
    {
        $header = (string) tempnam(sys_get_temp_dir(), 'ikc-ffi-preload-');
        file_put_contents($header, Library::ffiHeader((string) realpath(Library::path())));
        try {
            [$status, $body, $log] = self::serve([...self::preloadWay(), '-d', 'ffi.preload=' . $header]);
        } finally {
            unlink($header);
        }
        $this->assertSame(200, $status, $body . $log);
        $result = json_decode($body, true);
        $this->assertTrue($result['loaded'] ?? false, $body . $log);
        $this->assertSame('ffi-scope:INFOMANIAK_CONNECT', $result['origin']);
    }

    public function testThePreloadWayWithAMissingLibraryIsCoreUnavailable(): void
    {
        $env = getenv();
        $env[Library::ENV] = '/nonexistent/libinfomaniak_connect.so';
        [$status, $body, $log] = self::serve(self::preloadWay(), $env);
        $this->assertSame(200, $status, $body . $log);
        $result = json_decode($body, true);
        $this->assertIsArray($result, $body . $log);
        $this->assertFalse($result['loaded']);
        $this->assertStringContainsString('/nonexistent/libinfomaniak_connect.so', $result['detail']);
    }

    public function testTheShippedHeaderWorksAsFfiPreloadForALibraryInTheLibraryPath(): void
    {
        $env = getenv();
        $env['LD_LIBRARY_PATH'] = dirname((string) realpath(Library::path()));
        [$code, $out, $err] = TestEnv::run([
            PHP_BINARY,
            '-d', 'ffi.preload=' . TestEnv::repoRoot() . '/bindings-php/include/infomaniak_connect.h',
            '-r', 'echo FFI::scope("INFOMANIAK_CONNECT")->ikc_abi_version();',
        ], $env);
        $this->assertSame(0, $code, $out . $err);
        $this->assertSame('1', $out);
    }
}
