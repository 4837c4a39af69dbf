<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Unit;

use Infomaniak\Connect\Settings;
use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;
use Infomaniak\ConnectTypo3\Configuration\SecretField;
use Infomaniak\ConnectTypo3\Routing\Paths;
use Infomaniak\ConnectTypo3\Routing\ReturnPath;
use PHPUnit\Framework\TestCase;

final class ConfigurationAndRoutingTest extends TestCase
{
    public function testDefaultsAreSafe(): void
    {
        $settings = ExtensionSettings::fromArray([]);
        self::assertFalse($settings->isConfigured());
        self::assertFalse($settings->linkByEmail, 'link by e-mail is off by default');
        self::assertSame(Settings::INFOMANIAK_ISSUER, $settings->issuer);
        self::assertFalse($settings->canCreateFrontendUsers(), 'no storage folder, no creation');
    }

    public function testReadsTheExtensionConfigurationArray(): void
    {
        $settings = ExtensionSettings::fromArray([
            'clientId' => ' abc ', 'clientSecret' => 's3cret', 'buttonLabel' => 'Go', 'storagePid' => '12',
            'defaultGroup' => '3, 4,x,0,3', 'createUsers' => '1', 'linkByEmail' => '1', 'backendLogin' => '0',
            'issuer' => 'http://127.0.0.1:9000/',
        ]);
        self::assertTrue($settings->isConfigured());
        self::assertSame('abc', $settings->clientId);
        self::assertSame(12, $settings->storagePid);
        self::assertSame([3, 4], $settings->defaultGroups);
        self::assertTrue($settings->canCreateFrontendUsers());
        self::assertFalse($settings->backendLogin);
        self::assertSame('http://127.0.0.1:9000', $settings->issuer);
        self::assertSame('Go', $settings->buttonLabelOr('default'));
    }

    public function testSecretFromTheEnvironmentOnlyWhenTheFieldIsEmpty(): void
    {
        self::assertSame('env', ExtensionSettings::fromArray(['clientSecret' => ''], 'env')->clientSecret);
        self::assertSame('form', ExtensionSettings::fromArray(['clientSecret' => 'form'], 'env')->clientSecret);
        self::assertSame('', ExtensionSettings::fromArray([], false)->clientSecret);
    }

    public function testFrontendAndBackendPolicies(): void
    {
        $settings = ExtensionSettings::fromArray(['clientId' => 'a', 'clientSecret' => 'b', 'storagePid' => '5', 'linkByEmail' => '1']);
        $front = $settings->frontendSettings('https://example.com/openid-connect-authorize');
        self::assertSame(['create_users' => true, 'link_by_email' => true, 'link_administrators' => false], $front->toPolicy());
        $back = $settings->backendSettings('https://example.com/openid-connect-authorize');
        self::assertSame(['create_users' => false, 'link_by_email' => false, 'link_administrators' => false], $back->toPolicy());
        self::assertSame('https://example.com/openid-connect-authorize', $back->redirectUri);
    }

    public function testPaths(): void
    {
        self::assertSame('/', Paths::basePath('https://example.com'));
        self::assertSame('/de/', Paths::basePath('/de'));
        self::assertTrue(Paths::matches('/openid-connect-authorize', '/', Paths::CALLBACK));
        self::assertTrue(Paths::matches('/site/openid-connect-authorize/', 'https://example.com/site/', Paths::CALLBACK));
        self::assertFalse(Paths::matches('/openid-connect-authorize', '/site/', Paths::CALLBACK));
        self::assertFalse(Paths::matches('/x/openid-connect-login', '/', Paths::START));
        self::assertSame('https://example.com/openid-connect-authorize', Paths::redirectUri('https://example.com/', 'http://other'));
        self::assertSame('http://127.0.0.1:8080/openid-connect-authorize', Paths::redirectUri('/', 'http://127.0.0.1:8080'));
        self::assertSame('https://ex.ch:8443/a/openid-connect-authorize', Paths::redirectUri('https://ex.ch:8443/a', ''));
        self::assertSame('/openid-connect-login?return=%2Fnews%3Fp%3D2', Paths::startUrl('/', '/news?p=2'));
    }

    /** @dataProvider returnPaths */
    public function testReturnPathStaysOnThisSite(?string $candidate, string $expected): void
    {
        self::assertSame($expected, ReturnPath::from($candidate, 'https://example.com', '/home'));
    }

    /** @return iterable<string, array{?string, string}> */
    public static function returnPaths(): iterable
    {
        yield 'empty' => [null, '/home'];
        yield 'path' => ['/news?page=2', '/news?page=2'];
        yield 'same origin URL' => ['https://example.com/a/b?c=d', '/a/b?c=d'];
        yield 'same host other scheme' => ['http://example.com/a', '/home'];
        yield 'other host' => ['https://evil.example/a', '/home'];
        yield 'protocol relative' => ['//evil.example/a', '/home'];
        yield 'backslash' => ['/\\evil.example', '/home'];
        yield 'scheme only' => ['https:evil', '/home'];
        yield 'control character' => ["/a\r\nSet-Cookie: x", '/home'];
        yield 'javascript' => ['javascript:alert(1)', '/home'];
    }

    public function testSecretFieldIsAPasswordInput(): void
    {
        $html = (new SecretField())->render(['fieldName' => 'clientSecret', 'fieldValue' => 'a"<b']);
        self::assertStringContainsString('type="password"', $html);
        self::assertStringContainsString('name="clientSecret"', $html);
        self::assertStringContainsString('value="a&quot;&lt;b"', $html);
        self::assertStringContainsString('autocomplete="new-password"', $html);
    }
}
