// Reliability, end to end: provider failures as a visitor meets them. The plugin (from the zip)
// in Debian's WordPress, driven by Debian's Chromium, against the hostile test OP (tests/op), one
// misbehaving issuer per case. In every case: the visitor lands on wp-login.php with one plain
// message, the password login still works, the admin log (debug.log) holds the detail (and no
// secret or token), no PHP warning reaches the page or the logs, no user is created.
// Logs and screenshots: target/reliability/provider/.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { newBrowser } from './support/browser.mjs';
import { freePort, outDir, PHP_PROBLEM, phpProblems, ReliabilityEnv, startHostileOp } from './support/reliability.mjs';

const OUT = outDir('provider');
const UNAVAILABLE = 'The login provider cannot be reached right now. Please try again later.';

let env;
let op;
const browsers = [];

const usersSnapshot = () => JSON.stringify([
  env.sql('SELECT ID, user_login, user_email FROM wp_users ORDER BY ID'),
  env.sql("SELECT user_id, meta_key, meta_value FROM wp_usermeta WHERE meta_key LIKE 'infomaniak_connect_%' ORDER BY umeta_id"),
]);

async function browser() {
  const b = await newBrowser();
  browsers.push(b);
  return b;
}

/**
 * One failure as a visitor meets it: the button on wp-login.php, then wherever the provider's
 * fault leaves the visitor. Returns what the page and the logs show.
 */
async function visitorMeets({ name, issuer, expectCode, timeoutMs = 40000 }) {
  env.fixSettings({ issuer, client_id: env.clientId, client_secret: env.clientSecret });
  const logFrom = env.debugLog().length;
  const phpFrom = env.phpLog().length;
  const snapshot = usersSnapshot();
  const { page } = await browser();
  const responses = [];
  page.on('response', (r) => { if (r.url().startsWith(env.url)) responses.push({ url: r.url(), status: r.status() }); });

  await page.goto(`${env.url}/wp-login.php`);
  const button = page.locator('a.ikc-btn');
  await button.waitFor();
  const t0 = Date.now();
  await Promise.all([
    page.waitForURL(/[?&]infomaniak_connect_error=/, { timeout: timeoutMs }),
    button.click(),
  ]);
  const elapsedMs = Date.now() - t0;
  await page.waitForSelector('#login_error');
  const message = (await page.textContent('#login_error')).replace(/\s+/g, ' ').trim();
  const html = await page.content();
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

  const code = new URL(page.url()).searchParams.get('infomaniak_connect_error');
  assert.equal(code, expectCode, `error code in the URL (${page.url()})`);
  assert.deepEqual(responses.filter((r) => r.status >= 500), [], 'no HTTP 5xx from the site');
  assert.doesNotMatch(html, PHP_PROBLEM, 'no PHP warning, notice or error on the page');
  assert.ok(!html.includes(env.clientSecret), 'no secret on the page');
  assert.ok(!html.includes(op.base), 'no provider URL (detail) on the page');
  assert.ok(await page.locator('#loginform').count(), 'the password form is still there');

  // The password login still works, in the same browser.
  await page.fill('#user_login', env.admin.user);
  await page.fill('#user_pass', env.admin.password);
  await Promise.all([page.waitForURL(/\/wp-admin\//), page.click('#wp-submit')]);
  assert.match(await page.textContent('#wpbody'), /Dashboard/);

  const log = env.debugLog().slice(logFrom);
  const failure = log.split('\n').find((l) => l.includes(`Infomaniak Connect: login failed: ${expectCode}`)) ?? '';
  assert.deepEqual(phpProblems(env.debugLog(), logFrom), [], 'no PHP warning in debug.log');
  assert.deepEqual(phpProblems(env.phpLog(), phpFrom), [], 'no PHP warning in the server log');
  assert.ok(!log.includes(env.clientSecret), 'no secret in debug.log');
  assert.equal(usersSnapshot(), snapshot, 'no user created or changed');
  console.log(`${name}: ${elapsedMs} ms to the message "${message}"; debug.log: ${failure.replace(/^\[[^\]]*\] /, '')}`);
  return { message, failure, log, elapsedMs };
}

describe('WordPress: provider failures seen by a visitor', { concurrency: false }, () => {
  before(async () => {
    env = new ReliabilityEnv({ name: 'rel_provider', configure: true, outDir: OUT, workers: 4 });
    await env.start();
    op = await startHostileOp({
      clientId: env.clientId,
      clientSecret: env.clientSecret,
      redirectUri: `${env.url}/openid-connect-authorize`,
      logFile: path.join(OUT, 'hostile-op.log'),
    });
    console.log(`WordPress ${env.url}, hostile OP ${op.base}, logs in ${OUT}`);
  });

  after(async () => {
    for (const b of browsers) await b.close().catch(() => {});
    await op?.stop();
    await env?.stop();
  });

  test('the token endpoint answers HTTP 500', async () => {
    await op.reset('token-500');
    const seen = await visitorMeets({ name: 'token-500', issuer: op.issuer('token-500'), expectCode: 'token_http_error' });
    assert.equal(seen.message, UNAVAILABLE);
    assert.match(seen.failure, /500/, 'the admin log names the HTTP status');
    const events = (await op.log('token-500')).events.map((e) => e.type);
    assert.ok(events.includes('token'), 'the token request was made');
    assert.ok(!events.includes('userinfo'));
  });

  test('the token endpoint times out (answers after 30 s)', async () => {
    await op.reset('token-slow');
    const seen = await visitorMeets({ name: 'token-timeout', issuer: op.issuer('token-slow'), expectCode: 'provider_unreachable' });
    assert.equal(seen.message, UNAVAILABLE);
    assert.match(seen.failure, /\/token-slow\/token.*(timed out|timeout)/i, 'the admin log names the endpoint and the timeout');
    assert.ok(seen.elapsedMs < 25000, `the visitor waited ${seen.elapsedMs} ms (the transport gives up at 10 s)`);
    const { events } = await op.log('token-slow');
    const closed = events.find((e) => e.type === 'token-slow-closed');
    assert.ok(closed && closed.afterMs < 30000, 'the site hung up before the provider answered');
  });

  test('the JWKS is unreachable (HTTP 503)', async () => {
    await op.reset('jwks-down');
    const seen = await visitorMeets({ name: 'jwks-down', issuer: op.issuer('jwks-down'), expectCode: 'provider_unreachable' });
    assert.equal(seen.message, UNAVAILABLE);
    assert.match(seen.failure, /jwks/i, 'the admin log names the key set');
    const events = (await op.log('jwks-down')).events.map((e) => e.type);
    assert.ok(events.includes('jwks') && !events.includes('userinfo'));
  });

  test('discovery is down and nothing is cached (HTTP 503)', async () => {
    await op.reset('discovery-down-uncached');
    const seen = await visitorMeets({ name: 'discovery-down', issuer: op.issuer('discovery-down-uncached'), expectCode: 'discovery_unavailable' });
    assert.equal(seen.message, UNAVAILABLE);
    assert.match(seen.failure, /503|discovery|openid-configuration/i, 'the admin log says what failed');
    const events = (await op.log('discovery-down-uncached')).events.map((e) => e.type);
    assert.ok(events.includes('discovery'));
    assert.deepEqual(events.filter((e) => ['authorize', 'token', 'jwks'].includes(e)), [], 'the visitor was never sent to the provider');
  });

  test('the provider does not answer at all (connection refused) and nothing is cached', async () => {
    const port = await freePort(); // nothing listens there
    const seen = await visitorMeets({ name: 'provider-refused', issuer: `http://127.0.0.1:${port}/gone`, expectCode: 'provider_unreachable' });
    assert.equal(seen.message, UNAVAILABLE);
    assert.match(seen.failure, new RegExp(`127\\.0\\.0\\.1:${port}`), 'the admin log names the address');
  });
});
