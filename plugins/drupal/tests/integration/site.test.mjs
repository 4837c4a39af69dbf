// Integration test against a real Drupal 10/11 site: `make test-drupal-site DRUPAL_ROOT=/path/to/site`.
// Installs the module from dist/infomaniak_connect-drupal.zip into DRUPAL_ROOT/modules/contrib, enables
// and configures it with drush against the test OpenID Provider (tests/provider) on 127.0.0.1, serves
// the site with `php -S -d ffi.enable=1`, and logs in over HTTP with a cookie jar. Skipped, saying so,
// when DRUPAL_ROOT is unset. It changes the site it is given (module enabled, users created): use a
// throw-away site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../../..');
const DRUPAL_ROOT = process.env.DRUPAL_ROOT ?? '';
const ZIP = path.join(ROOT, 'dist/infomaniak_connect-drupal.zip');
const skip = DRUPAL_ROOT === '' ? 'DRUPAL_ROOT is not set: no Drupal site to test against' : false;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function drush(...args) {
  // Drush's own PHP entry point: vendor/bin/drush is a PHP proxy with some Composer versions and
  // a shell script with others, and this runs it with `php -d ffi.enable=1`.
  const bin = ['.', '..'].flatMap((up) => ['vendor/drush/drush/drush.php', 'vendor/drush/drush/drush', 'vendor/bin/drush']
    .map((rel) => path.join(DRUPAL_ROOT, up, rel))).find(existsSync);
  if (!bin) throw new Error(`no drush in or above ${DRUPAL_ROOT} (vendor/drush/drush)`);
  return execFileSync('php', ['-d', 'ffi.enable=1', bin, `--root=${DRUPAL_ROOT}`, '--yes', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const phpEval = (code) => drush('php:eval', code);
const userCount = () => Number(phpEval("echo \\Drupal::entityQuery('user')->accessCheck(FALSE)->count()->execute();"));
// Each run has its own OP (a new issuer) and its own visitor, so the test can run again on the same
// site: the OP's subject for a login is "u-" + the first 24 hex digits of its SHA-256.
const RUN = Date.now().toString(36);
const ALICE = `alice-${RUN}@example.com`;
const subjectOf = (login) => `u-${createHash('sha256').update(login).digest('hex').slice(0, 24)}`;
const linkedUid = (login) => phpEval(`echo (string) \\Drupal::database()->query("SELECT uid FROM {infomaniak_connect_link} WHERE subject = :s", [':s' => '${subjectOf(login)}'])->fetchField();`);


// One GET with the exact bytes given as path + query (fetch() would percent-encode raw bytes such as
// 0xFF): how a hostile client, not a browser, talks to the site.
function rawGet(site, target, cookie = '') {
  const { hostname, port } = new URL(site);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(Buffer.concat([Buffer.from('GET '), Buffer.isBuffer(target) ? target : Buffer.from(target, 'latin1'),
        Buffer.from(` HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/html\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}Connection: close\r\n\r\n`)]));
    });
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = new Map();
      const cookies = [];
      for (const l of lines) {
        const name = l.slice(0, l.indexOf(':')).toLowerCase();
        const value = l.slice(l.indexOf(':') + 1).trim();
        if (name === 'set-cookie') cookies.push(value.split(';')[0]);
        else headers.set(name, value);
      }
      // No status line: the web server closed the connection without an answer (php -S does so
      // for a request-target with bytes >= 0x80, before PHP runs).
      resolve({ status: text === '' ? 0 : Number(statusLine.split(' ')[1]), headers, cookies, body: rest.join('\r\n\r\n') });
    });
  });
}

// What a page must never show: PHP's own messages, Drupal's error page, a backtrace, the secret.
const BROKEN = /(Warning|Notice|Deprecated|Fatal error|Parse error)<\/em>|\b(Warning|Notice|Deprecated|Fatal error):\s|Uncaught|Stack trace|Backtrace|\.php:\d+|The website encountered an unexpected error|TypeError|drupal-secret/i;

// Hostile query strings: what a scanner or a broken client sends to the two routes.
const BIG = 'A'.repeat(20_000);
const HOSTILE_START = [
  `destination=${BIG}`,
  'destination[]=x',
  'destination[a][b]=/node',
  'destination=%FF%FE%C3%28',
  'destination=\xff\xfe\x80',
  'destination=/node&destination=//evil.example',
  'destination=https://evil.example/&destination[]=/node',
  'destination=%00/node',
  'destination=/%0d%0aSet-Cookie:%20x=y',
];
const HOSTILE_CALLBACK = [
  '',
  'state[]=x&code=y',
  'code[]=x&state=y',
  'state[a][b]=x&code[]=y&iss[]=z',
  `state=${BIG}&code=${BIG}`,
  `error=access_denied&error_description=${BIG}&state=${BIG}`,
  'state=%FF%FE&code=%C3%28&iss=%80',
  'state=\xff\xfe&code=\x80\x81&error_description=\xc3\x28',
  'state=a&state=b&code=c&code=d&state[]=e',
  'error[]=access_denied&state=x',
  'error=access_denied&error=server_error&state[]=x',
  'error=%00%0d%0a&state=%00',
  'destination[]=x&state=y&code=z',
  'destination=//evil.example&state=y&code=z',
  '%00=1&%FF[]=2&state=y',
];

test('Drupal site: install, configure, log in over HTTP', { skip, timeout: 300_000 }, async (t) => {
  const { Browser, authorize } = await import(path.join(ROOT, 'tests/provider/browser.mjs'));
  assert.ok(existsSync(ZIP), `${ZIP} missing (make dist-drupal)`);

  // The module from the release archive, in modules/contrib (the translation server pattern's place).
  const webroot = existsSync(path.join(DRUPAL_ROOT, 'core/lib/Drupal.php')) ? DRUPAL_ROOT : path.join(DRUPAL_ROOT, 'web');
  const contrib = path.join(webroot, 'modules/contrib');
  mkdirSync(contrib, { recursive: true });
  rmSync(path.join(contrib, 'infomaniak_connect'), { recursive: true, force: true });
  execFileSync('unzip', ['-q', ZIP, '-d', contrib]);

  const sitePort = await freePort();
  const site = `http://127.0.0.1:${sitePort}`;
  const redirectUri = `${site}/openid-connect-authorize`;

  const op = spawn('node', [path.join(ROOT, 'tests/provider/server.mjs'), '--client-id', 'drupal-test', '--client-secret', 'drupal-secret',
    '--redirect-uri', redirectUri, '--auto-consent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => op.kill('SIGTERM'));
  const { issuer } = JSON.parse(await new Promise((resolve, reject) => {
    createInterface({ input: op.stdout }).once('line', resolve);
    op.once('exit', (code) => reject(new Error(`OP exited (${code})`)));
  }));

  drush('pm:enable', 'infomaniak_connect');
  drush('config:set', 'infomaniak_connect.settings', 'client_id', 'drupal-test');
  drush('config:set', 'infomaniak_connect.settings', 'client_secret', 'drupal-secret');
  drush('config:set', 'infomaniak_connect.settings', 'issuer', issuer);
  // PHP warnings shown in the page too (the hostile-input test looks for them), and logged.
  drush('config:set', 'system.logging', 'error_level', 'verbose');
  drush('cache:rebuild');

  const router = path.join(webroot, '.ht.router.php');
  const server = spawn('php', ['-d', 'ffi.enable=1', '-S', `127.0.0.1:${sitePort}`, '-t', webroot, ...(existsSync(router) ? [router] : [])], { cwd: webroot, stdio: 'ignore' });
  t.after(() => server.kill('SIGTERM'));
  for (let i = 0; i < 100; i += 1) {
    try { await fetch(`${site}/user/login`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }

  const login = async (browser, { user = ALICE, cancel = false, tamper = false } = {}) => {
    const start = await browser.request(`${site}/user/login/infomaniak?destination=/node`);
    assert.equal(start.status, 302, 'start redirects to the provider');
    const auth = start.headers.get('location');
    assert.ok(auth.startsWith(issuer), auth);
    let callback = await authorize(auth, { login: user, password: 'pw', cancel, browser });
    if (tamper) callback = callback.replace(/state=([^&]+)/, (_, s) => `state=${s.slice(0, 8)}${'A'.repeat(s.length - 8)}`);
    const res = await browser.request(callback);
    return res;
  };

  const before = userCount();
  await t.test('status report shows the core loaded', () => {
    const out = drush('core:requirements', '--format=json');
    assert.match(out, /Infomaniak Connect core library/);
    assert.match(out, /Loaded/);
  });

  let uid;
  await t.test('first login creates a user and lands on the destination', async () => {
    const browser = new Browser();
    const res = await login(browser);
    assert.equal(res.status, 302);
    // Drupal's cookie authentication adds check_logged_in=1 to the first redirect after a login.
    assert.match(res.headers.get('location'), new RegExp(`^${site}/node(\\?check_logged_in=1)?$`));
    assert.match(browser.cookieHeader(site + '/'), /SESS/);
    assert.equal(userCount(), before + 1);
    const page = await (await browser.request(`${site}/user`)).status;
    assert.ok([200, 302].includes(page));
    uid = linkedUid(ALICE);
    assert.notEqual(uid, '', 'the identity is linked');
  });

  await t.test('second login maps to the same user', async () => {
    const count = userCount();
    const res = await login(new Browser());
    assert.equal(res.status, 302);
    assert.equal(userCount(), count, 'no new user');
    assert.equal(linkedUid(ALICE), uid);
  });

  await t.test('access_denied shows a readable message', async () => {
    const browser = new Browser();
    const res = await login(browser, { cancel: true });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), /\/user\/login/);
    const html = await (await browser.request(res.headers.get('location'))).text();
    assert.match(html, /The login was cancelled\./);
  });

  await t.test('hostile query strings: a clean redirect with a message, never an error', async () => {
    const count = userCount();
    const phpErrors = () => Number(phpEval("echo \\Drupal::database()->query(\"SELECT COUNT(*) FROM {watchdog} WHERE type = 'php'\")->fetchField();"));
    const shown = (res) => `HTTP ${res.status} ${res.headers.get('location') ?? ''} ${res.body.slice(0, 600)}`;
    // Drupal core's RequestSanitizer reads "destination" before routing; some core versions answer
    // an array there (destination[]=x) with HTTP 500 on every route. Those cases are held to what
    // core answers on its own /user/login; the module cannot see such a request.
    const coreProbe = await rawGet(site, '/user/login?destination[]=x');
    const coreFailsArrays = coreProbe.status >= 500;
    if (coreFailsArrays) t.diagnostic(`Drupal core answers /user/login?destination[]=x with HTTP ${coreProbe.status} (before any module runs)`);
    const coreCase = (q) => coreFailsArrays && /(^|&)destination\[/.test(q);
    const errorsBefore = phpErrors();

    const unsent = (query, res) => {
      if (res.status !== 0 || !/[\x80-\xff]/.test(query)) return false;
      t.diagnostic(`not delivered: the web server closed the connection on raw bytes in ?${query.slice(0, 40)}`);
      return true;
    };
    for (const query of HOSTILE_START.filter((q) => !coreCase(q))) {
      const res = await rawGet(site, `/user/login/infomaniak?${query}`);
      if (unsent(query, res)) continue;
      assert.equal(res.status, 302, `start ?${query.slice(0, 80)}: ${shown(res)}`);
      assert.ok(res.headers.get('location').startsWith(issuer), `start ?${query.slice(0, 80)} goes to the provider`);
      assert.ok(!res.cookies.some((c) => c.startsWith('x=')), 'no header injected');
      assert.doesNotMatch(res.body, BROKEN);
    }
    for (const query of HOSTILE_CALLBACK.filter((q) => !coreCase(q))) {
      const label = `callback ?${query.slice(0, 80)}`;
      const res = await rawGet(site, `/openid-connect-authorize?${query}`);
      if (unsent(query, res)) continue;
      assert.ok(res.status >= 300 && res.status < 500, `${label}: ${shown(res)}`);
      assert.doesNotMatch(res.body, BROKEN, label);
      if (res.status < 400) {
        const location = res.headers.get('location');
        assert.ok(location.startsWith(`${site}/`), `${label} stays on the site: ${location}`);
        assert.ok(!location.includes('evil.example'), label);
        const page = await fetch(location, { headers: { cookie: res.cookies.join('; '), accept: 'text/html' }, redirect: 'manual' });
        const html = await page.text();
        assert.equal(page.status, 200, `${label} → ${location}`);
        assert.doesNotMatch(html, BROKEN, `${label} → ${location}`);
        assert.match(html, /messages--error|role="alert"/, `${label}: the page shows a message`);
      }
    }
    assert.equal(userCount(), count, 'no user created');
    assert.equal(phpErrors(), errorsBefore, 'no PHP warning or error logged');

    for (const query of [...HOSTILE_START, ...HOSTILE_CALLBACK].filter(coreCase)) {
      const route = HOSTILE_START.includes(query) ? '/user/login/infomaniak' : '/openid-connect-authorize';
      const res = await rawGet(site, `${route}?${query}`);
      assert.equal(res.status, coreProbe.status, `${route}?${query}: as core's own answer`);
    }
    assert.equal(userCount(), count, 'no user created');
  });

  await t.test('a hostile destination never leaves the site', async () => {
    const browser = new Browser();
    const start = await browser.request(`${site}/user/login/infomaniak?destination=/node&destination=/%5Cevil.example`);
    assert.equal(start.status, 302);
    const res = await browser.request(await authorize(start.headers.get('location'), { login: ALICE, password: 'pw', browser }));
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), new RegExp(`^${site}/(\\?check_logged_in=1)?$`));
  });

  await t.test('a tampered state creates nothing', async () => {
    const count = userCount();
    const browser = new Browser();
    const res = await login(browser, { user: `mallory-${RUN}@example.com`, tamper: true });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), /\/user\/login/);
    assert.equal(userCount(), count);
  });
});
