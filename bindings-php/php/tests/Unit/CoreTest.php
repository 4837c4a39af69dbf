<?php

declare(strict_types=1);

namespace Infomaniak\Connect\Tests\Unit;

use Infomaniak\Connect\ConnectException;
use Infomaniak\Connect\Core;
use Infomaniak\Connect\CoreUnavailable;
use Infomaniak\Connect\Library;
use Infomaniak\Connect\Tests\Support\TestEnv;
use PHPUnit\Framework\TestCase;

final class CoreTest extends TestCase
{
    public function testLoadsTheLibraryAndSpeaksAbiOne(): void
    {
        $core = TestEnv::core();
        $version = $core->version();
        $this->assertSame(1, $version['abi']);
        $this->assertIsString($version['core']);
        $this->assertSame($core, Core::load(), 'loaded once per request');
    }

    public function testEmptyInputIsSentAsAnObject(): void
    {
        $this->assertSame('{"ok":{"abi":1,"core":"' . TestEnv::core()->version()['core'] . '"}}', TestEnv::core()->callJson('version', '{}'));
        $this->assertNull(TestEnv::core()->call('provider_preset', ['issuer' => 'https://op.example']));
    }

    public function testErrorsBecomeConnectExceptions(): void
    {
        try {
            TestEnv::core()->call('no_such_op', []);
            $this->fail('no exception');
        } catch (ConnectException $e) {
            $this->assertSame('unknown_operation', $e->errorCode());
            $this->assertSame('The login could not be completed. Please try again.', $e->visitorMessage());
            $this->assertStringContainsString('no_such_op', $e->detail());
            $this->assertSame('unknown_operation: ' . $e->detail(), $e->getMessage());
        }
    }

    public function testBadInputNeverCrashes(): void
    {
        $core = TestEnv::core();
        foreach (['', '[]', '{', 'null', '"x"', '{"config":{}}', "{\"a\":\"\xff\"}"] as $input) {
            $answer = json_decode($core->callJson('start', $input), true);
            $this->assertSame('invalid_input', $answer['error']['code'] ?? null, $input);
        }
        $this->expectExceptionObject(new ConnectException('invalid_input', '', ''));
        try {
            $core->call('sanitize_return_path', ['return_path' => "/\xff"]);
        } catch (ConnectException $e) {
            $this->assertSame('invalid_input', $e->errorCode());
            throw $e;
        }
    }

    public function testNulBytesAreRefusedBeforeTheCore(): void
    {
        try {
            TestEnv::core()->callJson("version\0x", '{}');
            $this->fail('no exception');
        } catch (ConnectException $e) {
            $this->assertSame('invalid_input', $e->errorCode());
        }
    }

    public function testManyCallsDoNotLeakOrCrash(): void
    {
        $core = TestEnv::core();
        $before = memory_get_usage();
        for ($i = 0; $i < 2000; $i++) {
            $core->call('sanitize_return_path', ['return_path' => '/x' . $i]);
        }
        $this->assertLessThan(512 * 1024, memory_get_usage() - $before);
    }

    public function testAMissingLibraryIsCoreUnavailableNamingThePath(): void
    {
        try {
            Core::load('/nonexistent/libinfomaniak_connect.so');
            $this->fail('no exception');
        } catch (CoreUnavailable $e) {
            $this->assertSame('core_unavailable', $e->errorCode());
            $this->assertStringContainsString('/nonexistent/libinfomaniak_connect.so', $e->detail());
            $this->assertStringContainsString('INFOMANIAK_CONNECT_LIB', $e->detail());
            $this->assertStringNotContainsString('/nonexistent', $e->visitorMessage());
        }
    }

    public function testANonLibraryFileIsCoreUnavailable(): void
    {
        $this->expectException(CoreUnavailable::class);
        $this->expectExceptionMessageMatches('/could not be loaded/');
        Core::load(__FILE__);
    }

    public function testLibraryLookupOrder(): void
    {
        $saved = getenv(Library::ENV);
        try {
            putenv(Library::ENV . '=/from/env.so');
            $this->assertSame('/explicit.so', Library::path('/explicit.so'));
            $this->assertSame('/from/env.so', Library::path());
            putenv(Library::ENV);
            $this->assertSame(Library::bundledPath(), Library::path());
            $this->assertSame(TestEnv::libraryRoot() . '/lib/linux-x86_64/libinfomaniak_connect.so', Library::bundledPath());
        } finally {
            putenv($saved === false ? Library::ENV : Library::ENV . '=' . $saved);
        }
    }

    public function testDeclarationsAreTheHeaders(): void
    {
        $header = (string) file_get_contents(TestEnv::repoRoot() . '/bindings-php/include/infomaniak_connect.h');
        $header = (string) preg_replace('~/\*.*?\*/~s', '', $header);
        $lines = array_filter(array_map('trim', explode("\n", $header)), static fn (string $l): bool => $l !== '' && $l[0] !== '#');
        $this->assertSame(array_values($lines), array_map('trim', explode("\n", Library::C_DECLARATIONS)));
        $this->assertStringContainsString('#define FFI_SCOPE "INFOMANIAK_CONNECT"', (string) file_get_contents(TestEnv::repoRoot() . '/bindings-php/include/infomaniak_connect.h'));
        $this->assertStringContainsString('#define FFI_LIB "libinfomaniak_connect.so"', (string) file_get_contents(TestEnv::repoRoot() . '/bindings-php/include/infomaniak_connect.h'));
    }

    public function testTheHeaderLoadsWithFfiLoad(): void
    {
        $library = realpath(Library::path());
        $this->assertIsString($library);
        $file = tempnam(sys_get_temp_dir(), 'ikc-test-');
        file_put_contents($file, Library::ffiHeader($library));
        try {
            $ffi = \FFI::load($file);
            $this->assertSame(1, $ffi->ikc_abi_version());
        } finally {
            unlink($file);
        }
    }
}
