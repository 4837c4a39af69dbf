// Integration test against a real Drupal 10/11 site: `make test-drupal-site DRUPAL_ROOT=/path/to/site`.
// Installs the module from dist/infomaniak_connect-drupal.zip into DRUPAL_ROOT/modules/contrib, enables
// and configures it with drush against the test OpenID Provider (tests/provider) on 127.0.0.1, serves
// the site with `php -S -d ffi.enable=1`, and logs in over HTTP with a cookie jar. Skipped, saying so,
// when DRUPAL_ROOT is unset. It changes the site it is given (module enabled, users created): use a
// throw-away site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
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
  const bin = [path.join(DRUPAL_ROOT, 'vendor/bin/drush'), path.join(DRUPAL_ROOT, '../vendor/bin/drush')].find(existsSync);
  if (!bin) throw new Error(`no vendor/bin/drush in or above ${DRUPAL_ROOT}`);
  return execFileSync('php', ['-d', 'ffi.enable=1', bin, `--root=${DRUPAL_ROOT}`, '--yes', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const phpEval = (code) => drush('php:eval', code);
const userCount = () => Number(phpEval("echo \\Drupal::entityQuery('user')->accessCheck(FALSE)->count()->execute();"));
const linkedUid = (prefix) => phpEval(`echo (string) \\Drupal::database()->query("SELECT uid FROM {infomaniak_connect_link} WHERE subject LIKE :s ORDER BY created LIMIT 1", [':s' => '${prefix}%'])->fetchField();`);

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
  drush('cache:rebuild');

  const router = path.join(webroot, '.ht.router.php');
  const server = spawn('php', ['-d', 'ffi.enable=1', '-S', `127.0.0.1:${sitePort}`, '-t', webroot, ...(existsSync(router) ? [router] : [])], { cwd: webroot, stdio: 'ignore' });
  t.after(() => server.kill('SIGTERM'));
  for (let i = 0; i < 100; i += 1) {
    try { await fetch(`${site}/user/login`); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }

  const login = async (browser, { user = 'alice@example.com', cancel = false, tamper = false } = {}) => {
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
    assert.equal(res.headers.get('location'), `${site}/node`);
    assert.match(browser.cookieHeader(site + '/'), /SESS/);
    assert.equal(userCount(), before + 1);
    const page = await (await browser.request(`${site}/user`)).status;
    assert.ok([200, 302].includes(page));
    uid = linkedUid('u-');
  });

  await t.test('second login maps to the same user', async () => {
    const count = userCount();
    const res = await login(new Browser());
    assert.equal(res.status, 302);
    assert.equal(userCount(), count, 'no new user');
    assert.equal(linkedUid('u-'), uid);
  });

  await t.test('access_denied shows a readable message', async () => {
    const browser = new Browser();
    const res = await login(browser, { cancel: true });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), /\/user\/login/);
    const html = await (await browser.request(res.headers.get('location'))).text();
    assert.match(html, /The login was cancelled\./);
  });

  await t.test('a tampered state creates nothing', async () => {
    const count = userCount();
    const browser = new Browser();
    const res = await login(browser, { user: 'mallory@example.com', tamper: true });
    assert.equal(res.status, 302);
    assert.match(res.headers.get('location'), /\/user\/login/);
    assert.equal(userCount(), count);
  });
});
