<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Integration;

use Infomaniak\ConnectTypo3\Configuration\SealedSecret;
use PHPUnit\Framework\TestCase;

/**
 * Installs the extension from the dist archive (T3_ZIP, unpacked, as a composer path package) into
 * the real TYPO3 12/13 composer site at TYPO3_ROOT (set up with SQLite), configures it against the test OP of tests/provider on
 * 127.0.0.1, serves the site with `php -S` and logs in a frontend user over HTTP: creation,
 * re-login onto the same fe_users record, access_denied, tampered state, hostile query strings. Skipped when TYPO3_ROOT
 * is unset. It changes that site (composer.json, settings, a storage folder page, fe_users).
 */
final class RealSiteTest extends TestCase
{
    private static string $root = '';
    /** @var list<resource> */
    private static array $processes = [];
    private static string $site = '';
    private static string $issuer = '';
    private static \PDO $db;
    private static int $storagePid = 0;
    /** @var array<string, int> TYPO3's log files and their sizes before the first request */
    private static array $logSizes = [];

    public static function setUpBeforeClass(): void
    {
        $root = getenv('TYPO3_ROOT');
        if (!is_string($root) || $root === '') {
            return;
        }
        self::$root = rtrim($root, '/');
        $repo = dirname(__DIR__, 4);
        $dist = self::unpack((string) getenv('T3_ZIP'));
        self::exec(['composer', 'config', 'repositories.packagist', 'false']);
        self::exec(['composer', 'config', 'repositories.infomaniak-connect', json_encode(['type' => 'path', 'url' => $dist, 'options' => ['symlink' => false]])]);
        self::exec(['composer', 'require', '--no-interaction', '--no-progress', 'infomaniak/connect-typo3:@dev']);
        // A path package is copied once; take this build's files on every run.
        self::exec(['composer', 'reinstall', '--no-interaction', '--no-progress', 'infomaniak/connect-typo3']);
        self::exec(['composer', 'dump-autoload', '--no-interaction']);
        self::$db = self::database();
        self::schema();
        self::$storagePid = self::storageFolder();

        $port = self::freePort();
        self::$site = 'http://127.0.0.1:' . $port;
        [$op, $line] = self::start(['node', $repo . '/tests/provider/server.mjs', '--auto-consent',
            '--client-id', 'typo3-client', '--client-secret', 'typo3-secret',
            '--redirect-uri', self::$site . '/openid-connect-authorize']);
        self::$issuer = (string) (json_decode($line, true)['issuer'] ?? '');
        self::assertNotSame('', self::$issuer, 'the test OP did not start');
        // Stored as the extension configuration form stores it: sealed with the site's encryptionKey.
        $systemSettings = require self::$root . '/config/system/settings.php';
        $sealed = SealedSecret::seal('typo3-secret', (string) ($systemSettings['SYS']['encryptionKey'] ?? ''));
        self::assertNotNull($sealed, 'the site has an encryptionKey to seal the secret with');
        self::configure([
            'clientId' => 'typo3-client', 'clientSecret' => $sealed, 'issuer' => self::$issuer,
            'storagePid' => (string) self::$storagePid, 'createUsers' => '1', 'linkByEmail' => '0', 'backendLogin' => '1',
        ]);
        self::exec(['vendor/bin/typo3', 'cache:flush']);
        self::$logSizes = self::logSizes();
        self::start(['php', '-d', 'ffi.enable=1', '-S', '127.0.0.1:' . $port, '-t', self::$root . '/public', self::$root . '/public/index.php'], false);
        for ($i = 0; $i < 50 && @fsockopen('127.0.0.1', $port) === false; $i++) {
            usleep(100000);
        }
    }

    public static function tearDownAfterClass(): void
    {
        foreach (self::$processes as $process) {
            $status = proc_get_status($process);
            if ($status['running']) {
                posix_kill($status['pid'], SIGTERM);
            }
            proc_close($process);
        }
        self::$processes = [];
    }

    protected function setUp(): void
    {
        if (self::$root === '') {
            self::markTestSkipped('TYPO3_ROOT is not set: no real TYPO3 site to install into (make test-typo3-site TYPO3_ROOT=/path/to/a/TYPO3 12 or 13 composer site, set up with SQLite).');
        }
    }

    public function testCreateThenReloginThenCancelThenTamper(): void
    {
        // 1. First login creates the fe_users record in the storage folder, linked by issuer + sub.
        [$uid, $location] = $this->login('alice@example.com');
        self::assertSame(self::$site . '/', $location);
        $row = self::$db->query('SELECT * FROM fe_users WHERE uid = ' . $uid)->fetch(\PDO::FETCH_ASSOC);
        self::assertSame(self::$storagePid, (int) $row['pid']);
        self::assertSame(self::$issuer, $row['tx_infomaniakconnect_issuer']);
        self::assertSame('alice@example.com', $row['email']);
        $count = (int) self::$db->query('SELECT COUNT(*) FROM fe_users')->fetchColumn();

        // 2. Second login maps to the same record.
        [$again] = $this->login('alice@example.com');
        self::assertSame($uid, $again);
        self::assertSame($count, (int) self::$db->query('SELECT COUNT(*) FROM fe_users')->fetchColumn());

        // 3. Cancel at the provider: access_denied, a plain message, no session.
        [$status, $headers, $body] = $this->callbackFor('alice@example.com', true);
        self::assertSame(200, $status);
        self::assertStringContainsString('The login was cancelled.', $body);
        self::assertStringNotContainsString('fe_typo_user=', implode("\n", $headers['set-cookie'] ?? []));

        // 4. Tampered state: refused, no session, no new user.
        [$status, $headers, $body] = $this->callbackFor('mallory@example.com', false, static fn (string $url): string
            => preg_replace_callback('/state=([A-Za-z0-9_-]+)/', static fn (array $m): string => 'state=' . strrev($m[1]), $url) ?? $url);
        self::assertSame(400, $status);
        self::assertStringNotContainsString('fe_typo_user=', implode("\n", $headers['set-cookie'] ?? []));
        self::assertSame($count, (int) self::$db->query('SELECT COUNT(*) FROM fe_users')->fetchColumn());
    }

    /**
     * Hostile query strings on the start URL and the redirect URI (huge values, arrays where strings
     * are expected, invalid UTF-8, repeated parameters): a redirect to the provider or a clean 4xx
     * page with a message, never a 5xx, a PHP warning or a stack trace, and no user created.
     */
    public function testHostileQueryStringsGiveCleanAnswers(): void
    {
        $count = (int) self::$db->query('SELECT COUNT(*) FROM fe_users')->fetchColumn();
        $big = str_repeat('A', 20000);
        $start = [
            'return=' . $big,
            'return[]=x',
            'return[a][b]=/x',
            'return=%FF%FE%C3%28',
            "return=\xff\xfe\x80",
            'return=/a&return=//evil.example',
            'return=https://evil.example/&return[]=/',
            'return=%00/x',
            'return=/%0d%0aSet-Cookie:%20x=y',
        ];
        foreach ($start as $query) {
            [$status, $headers, $body] = self::rawGet('/openid-connect-login?' . $query);
            $label = 'start ?' . substr($query, 0, 80);
            if (self::unsent($status, $query)) {
                continue;
            }
            self::assertSame(302, $status, $label . ': ' . substr($body, 0, 600));
            self::assertStringStartsWith(self::$issuer, $headers['location'][0] ?? '', $label);
            self::assertStringNotContainsString('x=y', implode("\n", $headers['set-cookie'] ?? []), $label . ': no header injected');
            self::assertClean($body, $label);
        }
        $callback = [
            '',
            'state[]=x&code=y',
            'code[]=x&state=y',
            'state[a][b]=x&code[]=y&iss[]=z',
            'state=' . $big . '&code=' . $big,
            'error=access_denied&error_description=' . $big . '&state=' . $big,
            'state=%FF%FE&code=%C3%28&iss=%80',
            "state=\xff\xfe&code=\x80\x81&error_description=\xc3\x28",
            'state=a&state=b&code=c&code=d&state[]=e',
            'error[]=access_denied&state=x',
            'error=access_denied&error=server_error&state[]=x',
            'error=%00%0d%0a&state=%00',
            'state=AAAAAAAAxyz&code=y',
            '%00=1&%FF[]=2&state=y',
            'logintype[]=login&state=y&code=z',
        ];
        foreach ($callback as $query) {
            [$status, $headers, $body] = self::rawGet('/openid-connect-authorize?' . $query);
            $label = 'callback ?' . substr($query, 0, 80);
            if (self::unsent($status, $query)) {
                continue;
            }
            self::assertGreaterThanOrEqual(200, $status, $label);
            self::assertLessThan(500, $status, $label . ': ' . substr($body, 0, 600));
            self::assertStringNotContainsString('fe_typo_user=', implode("\n", $headers['set-cookie'] ?? []), $label);
            self::assertClean($body, $label);
            if ($status >= 300 && $status < 400) {
                self::assertStringStartsWith(self::$site . '/', $headers['location'][0] ?? '', $label);
            } else {
                self::assertStringContainsString('class="infomaniak-connect-error"', $body, $label . ': a message page');
            }
        }
        self::assertSame($count, (int) self::$db->query('SELECT COUNT(*) FROM fe_users')->fetchColumn(), 'no user created');
        $logged = self::newLogLines();
        self::assertDoesNotMatchRegularExpression('/Core: (Error|Exception) handler|PHP (Warning|Notice|Fatal)/', $logged, "TYPO3 logged an error:\n" . substr($logged, 0, 3000));
    }

    /** A hostile destination never leads off the site: the login lands on the site's home. */
    public function testHostileReturnStaysOnSite(): void
    {
        [$status, $headers] = self::http(self::$site . '/openid-connect-login?return=https://evil.example/&return[]=//evil.example', []);
        self::assertSame(302, $status);
        $cookies = [];
        foreach ($headers['set-cookie'] ?? [] as $cookie) {
            [$name, $value] = explode('=', explode(';', $cookie, 2)[0], 2);
            $cookies[$name] = $value;
        }
        $callback = trim(self::exec(['node', dirname(__DIR__, 4) . '/tests/provider/browser.mjs', '--login', 'alice@example.com', '--password', 'pw', $headers['location'][0]], false));
        [$status, $headers] = self::http($callback, $cookies);
        self::assertSame(303, $status);
        self::assertSame(self::$site . '/', $headers['location'][0] ?? '');
    }

    /**
     * No answer at all to a request-target with raw bytes >= 0x80: php -S closes the connection
     * before PHP runs (Apache and nginx pass such bytes on). Said, and not counted as a failure.
     */
    private static function unsent(int $status, string $query): bool
    {
        if ($status !== 0 || preg_match('/[\x80-\xff]/', $query) !== 1) {
            return false;
        }
        fwrite(STDERR, 'not delivered: the web server closed the connection on raw bytes in ?' . bin2hex(substr($query, 0, 24)) . "\n");
        return true;
    }

    private static function assertClean(string $body, string $label): void
    {
        self::assertDoesNotMatchRegularExpression(
            '/\b(Warning|Notice|Deprecated|Fatal error|Parse error):\s|Uncaught|Stack trace|Oops, an error occurred|TYPO3 Exception|\.php(:| line )\d+|typo3-secret/i',
            $body,
            $label . ': ' . substr($body, 0, 600)
        );
    }

    /**
     * One GET with exactly these bytes as path and query (curl would reject or re-encode raw
     * bytes such as 0xFF): how a hostile client, not a browser, talks to the site.
     *
     * @return array{int, array<string, list<string>>, string}
     */
    private static function rawGet(string $target): array
    {
        $host = (string) parse_url(self::$site, PHP_URL_HOST);
        $port = (int) parse_url(self::$site, PHP_URL_PORT);
        $socket = stream_socket_client('tcp://' . $host . ':' . $port, $errno, $error, 10);
        self::assertIsResource($socket, $error);
        stream_set_timeout($socket, 60);
        fwrite($socket, 'GET ' . $target . " HTTP/1.1\r\nHost: " . $host . ':' . $port . "\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        $response = (string) stream_get_contents($socket);
        fclose($socket);
        [$head, $body] = explode("\r\n\r\n", $response, 2) + ['', ''];
        $lines = explode("\r\n", $head);
        $status = (int) (explode(' ', (string) array_shift($lines))[1] ?? 0);
        $headers = [];
        foreach ($lines as $line) {
            $parts = explode(':', $line, 2);
            if (count($parts) === 2) {
                $headers[strtolower(trim($parts[0]))][] = trim($parts[1]);
            }
        }
        if (in_array('chunked', $headers['transfer-encoding'] ?? [], true)) {
            $decoded = '';
            while ($body !== '' && ($eol = strpos($body, "\r\n")) !== false) {
                $size = hexdec(substr($body, 0, $eol));
                if ($size === 0) {
                    break;
                }
                $decoded .= substr($body, $eol + 2, (int) $size);
                $body = substr($body, $eol + 2 + (int) $size + 2);
            }
            $body = $decoded;
        }
        return [$status, $headers, $body];
    }

    /** @return array<string, int> */
    private static function logSizes(): array
    {
        $sizes = [];
        foreach (glob(self::$root . '/var/log/*.log') ?: [] as $file) {
            $sizes[$file] = (int) filesize($file);
        }
        return $sizes;
    }

    /** What TYPO3 wrote to its log files since the server started. */
    private static function newLogLines(): string
    {
        clearstatcache();
        $text = '';
        foreach (glob(self::$root . '/var/log/*.log') ?: [] as $file) {
            $text .= (string) file_get_contents($file, false, null, self::$logSizes[$file] ?? 0);
        }
        return $text;
    }

    /**
     * The dist archive (T3_ZIP) unpacked into a fresh directory: the composer path package.
     */
    private static function unpack(string $zip): string
    {
        self::assertFileExists($zip, 'T3_ZIP must name dist/infomaniak_connect-typo3.zip (make dist-typo3)');
        $dir = sys_get_temp_dir() . '/ikc-typo3-dist';
        self::exec(['rm', '-rf', $dir], false);
        self::exec(['unzip', '-q', $zip, '-d', $dir], false);
        return $dir . '/infomaniak_connect';
    }

    /** @return array{int, string} the fe_users uid logged in, and where the visitor was sent */
    private function login(string $email): array
    {
        [$status, $headers] = $this->callbackFor($email, false);
        self::assertSame(303, $status, 'callback did not redirect');
        $session = implode("\n", $headers['set-cookie'] ?? []);
        self::assertMatchesRegularExpression('/fe_typo_user=[^;]+/', $session, 'no TYPO3 frontend session');
        // Each run has its own OP (a new issuer, so a new identity): look up this run's link.
        $sub = self::$db->query("SELECT uid FROM fe_users WHERE email = " . self::$db->quote($email)
            . " AND tx_infomaniakconnect_issuer = " . self::$db->quote(self::$issuer) . " AND deleted = 0")->fetchColumn();
        self::assertNotFalse($sub, 'no fe_users record linked to ' . self::$issuer);
        return [(int) $sub, $headers['location'][0] ?? ''];
    }

    /**
     * Start → provider (tests/provider/browser.mjs) → callback.
     *
     * @return array{int, array<string, list<string>>, string}
     */
    private function callbackFor(string $email, bool $cancel, ?callable $tamper = null): array
    {
        [$status, $headers] = self::http(self::$site . '/openid-connect-login?return=/', []);
        self::assertSame(302, $status, 'start did not redirect');
        $cookies = [];
        foreach ($headers['set-cookie'] ?? [] as $cookie) {
            [$pair] = explode(';', $cookie, 2);
            [$name, $value] = explode('=', $pair, 2);
            $cookies[$name] = $value;
        }
        $args = ['node', dirname(__DIR__, 4) . '/tests/provider/browser.mjs', '--login', $email, '--password', 'pw'];
        if ($cancel) {
            $args[] = '--cancel';
        }
        $args[] = $headers['location'][0];
        $callback = trim(self::exec($args, false));
        if ($tamper !== null) {
            $callback = $tamper($callback);
        }
        return self::http($callback, $cookies);
    }

    /**
     * @param array<string, string> $cookies
     * @return array{int, array<string, list<string>>, string}
     */
    private static function http(string $url, array $cookies): array
    {
        $headers = [];
        $curl = curl_init($url);
        curl_setopt_array($curl, [
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_TIMEOUT => 60,
            CURLOPT_COOKIE => implode('; ', array_map(static fn ($k, $v) => $k . '=' . $v, array_keys($cookies), $cookies)),
            CURLOPT_HEADERFUNCTION => static function ($curl, string $line) use (&$headers): int {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $headers[strtolower(trim($parts[0]))][] = trim($parts[1]);
                }
                return strlen($line);
            },
        ]);
        $body = (string) curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        curl_close($curl);
        return [$status, $headers, $body];
    }

    /**
     * The extension's columns (ext_tables.sql) through `typo3 extension:setup`, as a site owner
     * sets up an extension, and a check that they are there (TYPO3 reports failed schema
     * statements as success: see EventListener/AddLinkIndex).
     */
    private static function schema(): void
    {
        self::exec(['vendor/bin/typo3', 'extension:setup', '--no-interaction', '--extension=infomaniak_connect']);
        foreach (['fe_users', 'be_users'] as $table) {
            $columns = array_column(self::$db->query('PRAGMA table_info(' . $table . ')')->fetchAll(\PDO::FETCH_ASSOC), 'name');
            foreach (['tx_infomaniakconnect_issuer', 'tx_infomaniakconnect_subject'] as $column) {
                self::assertContains($column, $columns, 'typo3 extension:setup did not add ' . $table . '.' . $column);
            }
        }
    }

    /** A storage folder (sysfolder) for new frontend users. */
    private static function storageFolder(): int
    {
        $existing = self::$db->query("SELECT uid FROM pages WHERE slug = '/infomaniak-connect-users' AND deleted = 0")->fetchColumn();
        if ($existing !== false) {
            return (int) $existing;
        }
        self::$db->exec("INSERT INTO pages (pid, title, doktype, slug, tstamp, crdate) VALUES (0, 'Infomaniak Connect users', 254, '/infomaniak-connect-users', 0, 0)");
        return (int) self::$db->lastInsertId();
    }

    /**
     * The extension configuration, in config/system/additional.php (between markers, replaced on
     * every run), which TYPO3 reads after settings.php.
     *
     * @param array<string, string> $values
     */
    private static function configure(array $values): void
    {
        $file = self::$root . '/config/system/additional.php';
        $text = is_file($file) ? (string) file_get_contents($file) : "<?php\n";
        $text = (string) preg_replace('/\n\/\/ infomaniak_connect test begin.*\/\/ infomaniak_connect test end\n/s', "\n", $text);
        // Errors shown to 127.0.0.1 and PHP warnings turned into exceptions (as in the Development
        // context), so that a warning or an exception on a hostile request fails the test.
        $text = rtrim($text) . "\n// infomaniak_connect test begin\n\$GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['infomaniak_connect'] = "
            . var_export($values, true) . ";\n"
            . "\$GLOBALS['TYPO3_CONF_VARS']['SYS']['displayErrors'] = 1;\n"
            . "\$GLOBALS['TYPO3_CONF_VARS']['SYS']['devIPmask'] = '127.0.0.1,::1';\n"
            . "\$GLOBALS['TYPO3_CONF_VARS']['SYS']['exceptionalErrors'] = E_ALL & ~(E_DEPRECATED | E_USER_DEPRECATED | E_NOTICE | E_USER_NOTICE);\n"
            . "// infomaniak_connect test end\n";
        file_put_contents($file, $text);
    }

    private static function database(): \PDO
    {
        $settings = require self::$root . '/config/system/settings.php';
        $path = $settings['DB']['Connections']['Default']['path'] ?? null;
        if (!is_string($path) || !is_file($path)) {
            self::fail('the site at TYPO3_ROOT must use SQLite (typo3 setup --driver=sqlite)');
        }
        $db = new \PDO('sqlite:' . $path);
        $db->setAttribute(\PDO::ATTR_ERRMODE, \PDO::ERRMODE_EXCEPTION);
        return $db;
    }

    /** @param list<string> $command */
    private static function exec(array $command, bool $inRoot = true): string
    {
        $cwd = $inRoot ? self::$root : null;
        // PWD too: tools (composer plugins) read it, and proc_open does not set it.
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd, $cwd !== null ? ['PWD' => $cwd] + getenv() : null);
        self::assertIsResource($process);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $code = proc_close($process);
        self::assertSame(0, $code, implode(' ', $command) . " failed:\n" . $out . $err);
        return (string) $out;
    }

    /**
     * @param list<string> $command
     * @return array{resource, string} the process and its first stdout line
     */
    private static function start(array $command, bool $readLine = true): array
    {
        $log = fopen(sys_get_temp_dir() . '/ikc-typo3-' . basename($command[0]) . '.log', 'a');
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => $log], $pipes, self::$root, ['PWD' => self::$root] + getenv());
        self::assertIsResource($process);
        self::$processes[] = $process;
        $line = $readLine ? (string) fgets($pipes[1]) : '';
        return [$process, $line];
    }

    private static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        return (int) substr((string) strrchr((string) $name, ':'), 1);
    }
}
