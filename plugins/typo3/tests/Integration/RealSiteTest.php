<?php

declare(strict_types=1);

namespace Infomaniak\ConnectTypo3\Tests\Integration;

use PHPUnit\Framework\TestCase;

/**
 * Installs the extension (the dist stage, T3_DIST) into the real TYPO3 12/13 composer site at
 * TYPO3_ROOT (set up with SQLite), configures it against the test OP of tests/provider on
 * 127.0.0.1, serves the site with `php -S` and logs in a frontend user over HTTP: creation,
 * re-login onto the same fe_users record, access_denied, tampered state. Skipped when TYPO3_ROOT
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

    public static function setUpBeforeClass(): void
    {
        $root = getenv('TYPO3_ROOT');
        if (!is_string($root) || $root === '') {
            return;
        }
        self::$root = rtrim($root, '/');
        $dist = (string) getenv('T3_DIST');
        $repo = dirname(__DIR__, 4);
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
        self::configure([
            'clientId' => 'typo3-client', 'clientSecret' => 'typo3-secret', 'issuer' => self::$issuer,
            'storagePid' => (string) self::$storagePid, 'createUsers' => '1', 'linkByEmail' => '0', 'backendLogin' => '1',
        ]);
        self::exec(['vendor/bin/typo3', 'cache:flush']);
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
     * The extension's columns (ext_tables.sql) through `typo3 extension:setup`. On the TYPO3 13.4
     * + SQLite test site that command fails for every extension (a DBAL index introspection
     * error, with or without this one), so the two columns are then added directly.
     */
    private static function schema(): void
    {
        $process = proc_open(['vendor/bin/typo3', 'extension:setup', '--no-interaction'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, self::$root, ['PWD' => self::$root] + getenv());
        $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        if (proc_close($process) === 0 && !str_contains($out, 'Exception')) {
            return;
        }
        fwrite(STDERR, "typo3 extension:setup failed, adding the columns directly:\n" . trim($out) . "\n");
        foreach (['fe_users', 'be_users'] as $table) {
            $columns = array_column(self::$db->query('PRAGMA table_info(' . $table . ')')->fetchAll(\PDO::FETCH_ASSOC), 'name');
            foreach (['tx_infomaniakconnect_issuer', 'tx_infomaniakconnect_subject'] as $column) {
                if (!in_array($column, $columns, true)) {
                    self::$db->exec('ALTER TABLE ' . $table . ' ADD COLUMN ' . $column . " VARCHAR(255) DEFAULT '' NOT NULL");
                }
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
        $text = rtrim($text) . "\n// infomaniak_connect test begin\n\$GLOBALS['TYPO3_CONF_VARS']['EXTENSIONS']['infomaniak_connect'] = "
            . var_export($values, true) . ";\n// infomaniak_connect test end\n";
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
