<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Unit;

use Infomaniak\Connect\Core;
use Infomaniak\Connect\CoreUnavailable;
use Infomaniak\ConnectTypo3\Accounts\NewFrontendUser;
use Infomaniak\ConnectTypo3\Cache\CacheKey;
use Infomaniak\ConnectTypo3\Configuration\ExtensionSettings;
use Infomaniak\ConnectTypo3\Frontend\ButtonMarkup;
use Infomaniak\ConnectTypo3\Login\BackendMarker;
use Infomaniak\ConnectTypo3\Login\ErrorMessages;
use Infomaniak\ConnectTypo3\Login\PendingLogin;
use Infomaniak\ConnectTypo3\Report\CoreCheck;
use PHPUnit\Framework\TestCase;

final class LoginPartsTest extends TestCase
{
    public function testPendingLoginMatchesOnlyItsUserAndTable(): void
    {
        $pending = new PendingLogin('fe_users', 7, '/x', 'ikc_login_abc=; Max-Age=0');
        self::assertTrue($pending->isFor('FE'));
        self::assertFalse($pending->isFor('BE'));
        self::assertTrue($pending->matches('fe_users', ['uid' => '7']));
        self::assertFalse($pending->matches('fe_users', ['uid' => 8]));
        self::assertFalse($pending->matches('be_users', ['uid' => 7]));
        self::assertFalse((new PendingLogin('be_users', 0, '', ''))->matches('be_users', ['uid' => 0]));
        self::assertTrue((new PendingLogin('be_users', 1, '', ''))->isFor('BE'));
    }

    public function testErrorMessageKeys(): void
    {
        self::assertSame('error.access_denied', ErrorMessages::key('access_denied'));
        self::assertSame('error.not_configured', ErrorMessages::key('config_invalid'));
        self::assertSame('error.not_configured', ErrorMessages::key(ErrorMessages::NOT_CONFIGURED));
        self::assertSame('error.provider_unavailable', ErrorMessages::key('provider_unreachable'));
        self::assertSame('error.not_verified', ErrorMessages::key('id_token_signature_invalid'));
        self::assertSame('error.try_again', ErrorMessages::key('something_new'));
        self::assertContains(ErrorMessages::key('jwks_invalid'), ErrorMessages::allKeys());
    }

    public function testButtonIsPlainSmallAndEscaped(): void
    {
        $html = ButtonMarkup::render('/openid-connect-login?return=%2F&x="', 'Log in <with> Infomaniak');
        self::assertStringContainsString('href="/openid-connect-login?return=%2F&amp;x=&quot;"', $html);
        self::assertStringContainsString('Log in &lt;with&gt; Infomaniak', $html);
        self::assertStringNotContainsStringIgnoringCase('<script', $html);
        self::assertStringNotContainsStringIgnoringCase(' on', preg_replace('/class="[^"]*"/', '', $html) ?? '');
        self::assertLessThan(2048, strlen($html));
        self::assertSame('', ButtonMarkup::render('', 'x'));
    }

    public function testErrorPageEscapes(): void
    {
        $html = ButtonMarkup::errorPage('T<', 'M"', '/"x', 'Back', 'de');
        self::assertStringContainsString('<h1>T&lt;</h1>', $html);
        self::assertStringContainsString('href="/&quot;x"', $html);
        self::assertStringContainsString('lang="de"', $html);
        self::assertStringNotContainsStringIgnoringCase('<script', $html);
    }

    public function testNewFrontendUserRecord(): void
    {
        $settings = ExtensionSettings::fromArray(['storagePid' => '9', 'defaultGroup' => '2,3']);
        $row = NewFrontendUser::record(
            ['action' => 'create', 'username' => 'alice', 'email' => 'alice@example.com', 'display_name' => 'Alice Test'],
            ['issuer' => 'https://login.infomaniak.com', 'subject' => '42', 'given_name' => 'Alice', 'family_name' => 'Test'],
            $settings,
            'alice-2',
            '$argon2id$hash',
            1700000000,
        );
        self::assertSame(9, $row['pid']);
        self::assertSame('alice-2', $row['username']);
        self::assertSame('2,3', $row['usergroup']);
        self::assertSame('alice@example.com', $row['email']);
        self::assertSame('Alice Test', $row['name']);
        self::assertSame('Alice', $row['first_name']);
        self::assertSame('https://login.infomaniak.com', $row['tx_infomaniakconnect_issuer']);
        self::assertSame('42', $row['tx_infomaniakconnect_subject']);
        self::assertSame('$argon2id$hash', $row['password']);
        $noEmail = NewFrontendUser::record(['username' => 'x', 'email' => null], [], $settings, 'x', 'h', 1);
        self::assertSame('', $noEmail['email']);
    }

    public function testFreeUsername(): void
    {
        $taken = ['alice', 'alice-2'];
        self::assertSame('alice-3', NewFrontendUser::freeUsername('alice', static fn (string $n): bool => in_array($n, $taken, true)));
        self::assertSame('bob', NewFrontendUser::freeUsername("b o\tb", static fn (): bool => false));
        self::assertSame('infomaniak-user', NewFrontendUser::freeUsername('', static fn (): bool => false));
        self::assertNull(NewFrontendUser::freeUsername('a', static fn (): bool => true, 5));
    }

    public function testCacheKeys(): void
    {
        self::assertSame('plain-key_1', CacheKey::identifier('plain-key_1'));
        $a = CacheKey::identifier('ikc:jwks:abc');
        $b = CacheKey::identifier('ikc_jwks_abc');
        self::assertMatchesRegularExpression('/\A[a-zA-Z0-9_%\-&]{1,250}\z/', $a);
        self::assertNotSame($a, $b);
        self::assertLessThanOrEqual(250, strlen(CacheKey::identifier(str_repeat('x:', 300))));
    }

    public function testBackendMarker(): void
    {
        $state = 'AbCdEfGh_rest-of-the-state';
        self::assertSame('ikc_be_AbCdEfGh', BackendMarker::cookieName($state));
        self::assertNull(BackendMarker::cookieName('short'));
        self::assertSame('ikc_be_AbCdEfGh=1; Max-Age=600; Path=/; HttpOnly; SameSite=Lax; Secure', BackendMarker::setCookieHeader($state, true));
        self::assertStringContainsString('Max-Age=0', (string) BackendMarker::clearCookieHeader($state, false));
        self::assertTrue(BackendMarker::isBackendLogin(['state' => $state], ['ikc_be_AbCdEfGh' => '1']));
        self::assertFalse(BackendMarker::isBackendLogin(['state' => $state], []));
        self::assertFalse(BackendMarker::isBackendLogin(['state' => ['x']], ['ikc_be_AbCdEfGh' => '1']));
    }

    public function testCoreCheckWithTheRealCore(): void
    {
        $check = CoreCheck::run(static fn (): Core => Core::load());
        self::assertTrue($check->ok, $check->message);
        self::assertMatchesRegularExpression('/\Acore \S+, ABI 1\z/', $check->value);
    }

    public function testCoreCheckShowsWhatToChange(): void
    {
        $check = CoreCheck::run(static fn (): Core => throw CoreUnavailable::ffiRestricted('0'));
        self::assertFalse($check->ok);
        self::assertSame('core_unavailable', $check->value);
        self::assertStringContainsString('ffi.enable=1', $check->message);
        self::assertStringContainsString('opcache.preload=', $check->message);
        $other = CoreCheck::run(static fn (): Core => throw new \LogicException('boom'));
        self::assertFalse($other->ok);
        self::assertStringContainsString('boom', $other->message);
    }
}
