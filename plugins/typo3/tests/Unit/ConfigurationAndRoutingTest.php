<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Unit;

use Infomaniak\Connect\Settings;
use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;
use Infomaniak\ConnectTypo3\Configuration\SealedSecret;
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

    private const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef';

    public function testSecretFieldNeverHoldsTheSecret(): void
    {
        $html = SecretField::html('clientSecret', 'a"<b-s3cret', self::KEY);
        self::assertStringContainsString('type="password"', $html);
        self::assertStringContainsString('name="clientSecret"', $html);
        self::assertStringContainsString('autocomplete="new-password"', $html);
        self::assertStringNotContainsString('s3cret', $html);
        self::assertMatchesRegularExpression('/value="ikc-sealed:v1:[A-Za-z0-9_-]+"/', $html);
        self::assertSame('value=""', self::valueAttribute(SecretField::html('clientSecret', '', self::KEY)));
        self::assertSame('value=""', self::valueAttribute(SecretField::html('clientSecret', 'x', 'short key')),
            'no sealing key, no value: the form cannot carry the secret');
    }

    public function testAFormSavedUnchangedKeepsTheSecret(): void
    {
        // What TYPO3 stores when the admin saves the form without touching the field.
        preg_match('/value="([^"]*)"/', SecretField::html('clientSecret', 's3cret', self::KEY), $m);
        $posted = html_entity_decode($m[1], ENT_QUOTES | ENT_HTML5);
        self::assertSame('s3cret', ExtensionSettings::fromArray(['clientSecret' => $posted], null, self::KEY)->clientSecret);
        self::assertSame($posted, self::valueAttributeValue(SecretField::html('clientSecret', $posted, self::KEY)),
            'a sealed value is shown as it is');
        // A new secret typed over it replaces it.
        self::assertSame('new', ExtensionSettings::fromArray(['clientSecret' => 'new'], null, self::KEY)->clientSecret);
    }

    public function testASealedSecretThatDoesNotOpenCountsAsNotSet(): void
    {
        $sealed = SealedSecret::seal('s3cret', self::KEY);
        self::assertNotNull($sealed);
        $otherKey = str_repeat('z', 48);
        self::assertNull(SealedSecret::open($sealed, $otherKey));
        self::assertSame('', ExtensionSettings::fromArray(['clientSecret' => $sealed], null, $otherKey)->clientSecret);
        self::assertNull(SealedSecret::open(SealedSecret::PREFIX . 'not base64 !', self::KEY));
        self::assertNull(SealedSecret::open(SealedSecret::PREFIX . 'AAAA', self::KEY));
        self::assertNull(SealedSecret::open(substr($sealed, 0, -2) . 'AA', self::KEY), 'a damaged box does not open');
        self::assertSame('env', ExtensionSettings::fromArray(['clientSecret' => $sealed], 'env', $otherKey)->clientSecret);
    }

    private static function valueAttribute(string $html): string
    {
        return preg_match('/value="[^"]*"/', $html, $m) === 1 ? $m[0] : '';
    }

    private static function valueAttributeValue(string $html): string
    {
        return preg_match('/value="([^"]*)"/', $html, $m) === 1 ? html_entity_decode($m[1], ENT_QUOTES | ENT_HTML5) : '';
    }
}
