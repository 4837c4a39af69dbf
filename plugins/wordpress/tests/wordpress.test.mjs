// End-to-end: the plugin from dist/infomaniak-connect-wordpress.zip in Debian's WordPress on
// MariaDB, served by `php -S`, against the test OpenID Provider, driven by Debian's Chromium.
// Each scenario asserts what the page shows and what the database holds.
// Screenshots and logs: plugins/wordpress/tests/out/ (git-ignored).
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { authorize, newBrowser, providerLogin } from './support/browser.mjs';
import { WP_CONTENT, WordPressEnv } from './support/env.mjs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const MU_PLUGIN = path.join(WP_CONTENT, 'mu-plugins', 'infomaniak-connect-test-clock.php');

let env;
const browsers = [];
const shared = {};

async function browser() {
  const b = await newBrowser();
  browsers.push(b);
  return b;
}

async function screenshot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
}

const userCount = () => Number(env.sql('SELECT COUNT(*) FROM wp_users')[0][0]);
const usersBySubject = (sub) => env.sql(
  `SELECT user_id FROM wp_usermeta WHERE meta_key='infomaniak_connect_subject' AND meta_value='${sub}'`,
).map((r) => Number(r[0]));
const meta = (userId, key) => {
  const rows = env.sql(`SELECT meta_value FROM wp_usermeta WHERE user_id=${Number(userId)} AND meta_key='${key}'`);
  return rows.length ? rows[0][0] : null;
};
const userRow = (userId) => {
  const [row] = env.sql(`SELECT ID, user_login, user_email, display_name FROM wp_users WHERE ID=${Number(userId)}`);
  return row ? { id: Number(row[0]), login: row[1], email: row[2], display: row[3] } : null;
};
/** A snapshot of everything a failed login must not change. */
const usersSnapshot = () => JSON.stringify([
  env.sql('SELECT ID, user_login, user_email, user_pass FROM wp_users ORDER BY ID'),
  env.sql("SELECT user_id, meta_key, meta_value FROM wp_usermeta WHERE meta_key LIKE 'infomaniak_connect_%' OR meta_key='wp_capabilities' ORDER BY umeta_id"),
]);

/** The e-mail of a provider identity becomes its stable sub (see tests/provider/README.md). */
async function subjectOfLastLogin(before) {
  const rows = env.sql(`SELECT user_id, meta_value FROM wp_usermeta WHERE meta_key='infomaniak_connect_subject' AND user_id > ${before}`);
  return rows;
}

/** Clicks the button on wp-login.php and returns when the provider's login form is shown. */
async function clickButton(page) {
  const button = page.locator('a.ikc-btn');
  await button.waitFor();
  await Promise.all([page.waitForURL((u) => u.toString().startsWith(env.issuer)), button.click()]);
}

/**
 * A login driven by hand: the start link in this browser (which gets the login cookie), the
 * provider's pages with the test's HTTP client. Returns the callback URL, not yet visited.
 */
async function callbackUrlFor(page, login) {
  const res = await page.request.get(`${env.url}/wp-login.php?action=infomaniak-connect&redirect_to=${encodeURIComponent(env.post_url)}`, { maxRedirects: 0 });
  assert.equal(res.status(), 302);
  const authorizationUrl = res.headers().location;
  assert.ok(authorizationUrl.startsWith(`${env.issuer}/`), authorizationUrl);
  return authorize(authorizationUrl, { login, password: 'pw' });
}

/** Waits for the landing page; on failure says where the browser is and what it shows. */
async function landOn(page, url) {
  try {
    await page.waitForURL(url);
  } catch (e) {
    const body = (await page.textContent('body').catch(() => '')).replace(/\s+/g, ' ').slice(0, 400);
    throw new Error(`expected ${url}, the browser is on ${page.url()}: ${body}`);
  }
}

async function loginError(page) {
  await page.waitForSelector('#login_error');
  return (await page.textContent('#login_error')).trim();
}

describe('WordPress plugin, end to end', { concurrency: false }, () => {
  before(async () => {
    env = new WordPressEnv({ name: 'test', configure: false, outDir: OUT });
    // Expiry test hook: shifts the plugin's clock by the option ikc_test_clock_offset (seconds).
    mkdirSync(path.dirname(MU_PLUGIN), { recursive: true });
    writeFileSync(MU_PLUGIN, `<?php
// Installed by plugins/wordpress/tests only, removed after them.
add_filter('infomaniak_connect_now', static fn ($now) => $now + (int) get_option('ikc_test_clock_offset', 0));
`);
    await env.start();
    console.log(`WordPress ${env.url} (db ${env.db}), provider ${env.issuer}, logs in ${path.relative(process.cwd(), OUT)}`);
  });

  after(async () => {
    for (const b of browsers) await b.close().catch(() => {});
    rmSync(MU_PLUGIN, { force: true });
    if (env) {
      const errors = env.debugLog().split('\n').filter((l) => /PHP (Fatal|Warning|Parse)|infomaniak|Infomaniak/.test(l) && !/wp-(includes|admin\/includes)\/update\.php/.test(l));
      if (errors.length) console.log(`debug.log (plugin lines and PHP warnings):\n${errors.join('\n')}`);
      await env.stop();
    }
  });

  test('1. the admin saves Client ID and Secret, sees the redirect URI; the secret never comes back', async () => {
    const { page } = await browser();
    await page.goto(`${env.url}/wp-login.php`);
    await page.fill('#user_login', env.admin.user);
    await page.fill('#user_pass', env.admin.password);
    await Promise.all([page.waitForURL(/\/wp-admin\//), page.click('#wp-submit')]);

    // While unusable, the admin sees a notice that points to the settings.
    assert.match(await page.textContent('body'), /Infomaniak Connect is not usable yet/);

    const settingsUrl = `${env.url}/wp-admin/options-general.php?page=infomaniak-connect`;
    await page.goto(settingsUrl);
    assert.match(await page.textContent('.wrap'), /Not ready yet/);
    assert.equal(await page.inputValue('#ikc_redirect_uri'), `${env.url}/openid-connect-authorize`);
    await page.fill('#ikc_client_id', env.clientId);
    await page.fill('#ikc_client_secret', env.clientSecret);
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);

    assert.match(await page.textContent('.wrap'), /Settings saved/);
    assert.match(await page.textContent('.wrap'), /Ready: visitors can log in with Infomaniak/);
    assert.equal(await page.inputValue('#ikc_redirect_uri'), `${env.url}/openid-connect-authorize`);
    assert.equal(await page.inputValue('#ikc_client_id'), env.clientId);
    assert.equal(await page.inputValue('#ikc_client_secret'), '');
    assert.ok(await page.isVisible('button.ikc-copy'), 'the copy button is shown (with JavaScript)');
    await screenshot(page, 'settings');

    // The HTML as sent by the server, not only the DOM.
    const html = await (await page.request.get(settingsUrl)).text();
    assert.ok(html.includes(`${env.url}/openid-connect-authorize`));
    assert.ok(!html.includes(env.clientSecret), 'the secret is not in the HTML');

    // Database: stored, with the secret; an empty secret field keeps it.
    let option = env.option('infomaniak_connect_settings');
    assert.ok(option.includes(`"${env.clientId}"`) && option.includes(`"${env.clientSecret}"`));
    await Promise.all([page.waitForNavigation(), page.click('#submit')]);
    option = env.option('infomaniak_connect_settings');
    assert.ok(option.includes(`"${env.clientSecret}"`), 'an empty secret field keeps the stored secret');
    assert.ok(!(await page.content()).includes(env.clientSecret));

    // Site Health: library loaded, settings complete, provider reachable; HTTPS only recommended here.
    await page.goto(`${env.url}/wp-admin/site-health.php`);
    await page.waitForFunction(() => document.body.innerText.includes('Passed tests'), null, { timeout: 30000 });
    const health = await page.evaluate(() => document.body.textContent);
    for (const passed of ['The Infomaniak Connect library is loaded', 'Infomaniak Connect is configured', 'The login provider is reachable', 'The login callback does not use HTTPS']) {
      assert.ok(health.includes(passed), passed);
    }
    assert.ok(!health.includes('The Infomaniak Connect library cannot be loaded'));
  });

  test('2. a visitor on a post logs in with the button and lands back on that post as a new subscriber', async () => {
    const { page } = await browser();
    const before = userCount();
    const maxId = Number(env.sql('SELECT MAX(ID) FROM wp_users')[0][0]);

    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(env.post_url);
    await page.waitForLoadState('networkidle');
    page.removeAllListeners('request');
    assert.deepEqual(requests.filter((u) => /infomaniak/i.test(u) && !u.startsWith(env.post_url)), [], 'the buttons load nothing');
    assert.deepEqual(requests.filter((u) => !u.startsWith(env.url) && !u.startsWith('data:')), [], 'no third-party request');
    // The block and the shortcode on the post: plain links back to this post, one inline style.
    const block = page.locator('.wp-block-infomaniak-connect-login-button a.ikc-btn');
    assert.equal((await block.textContent()).trim(), 'Log in with Infomaniak');
    assert.match(await block.getAttribute('href'), /action=infomaniak-connect&redirect_to=%2Fmembers-corner%2F/);
    assert.equal((await page.locator('a.ikc-btn', { hasText: 'Comment with Infomaniak' }).count()), 1);
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('style')].filter((e) => e.textContent.includes('.ikc-btn')).length), 1);
    assert.equal(await page.locator('script[src*="infomaniak-connect"]').count(), 0, 'no script on the page');
    const loginLink = page.locator('.must-log-in a');
    await Promise.all([page.waitForURL(/wp-login\.php/), loginLink.click()]);
    assert.match(page.url(), /redirect_to=/);
    const button = page.locator('a.ikc-btn');
    assert.equal((await button.textContent()).trim(), 'Log in with Infomaniak');
    assert.match(await button.getAttribute('href'), /wp-login\.php\?action=infomaniak-connect&redirect_to=/);
    await screenshot(page, 'login');

    // Page weight of the button on wp-login.php: the markup and style it adds, no request.
    const added = await page.evaluate(() => {
      const a = document.querySelector('a.ikc-btn');
      const style = [...document.querySelectorAll('style')].find((s) => s.textContent.includes('.ikc-btn'));
      return new TextEncoder().encode(a.outerHTML + (style ? style.outerHTML : '')).length;
    });
    console.log(`button weight: ${added} bytes of HTML+CSS, no script, no extra request`);
    assert.ok(added < 2048, `button adds ${added} bytes`);

    await clickButton(page);
    await providerLogin(page, { login: 'alice@example.com', password: 'pw' });
    await landOn(page, env.post_url);

    assert.ok(await page.locator('#wpadminbar').count(), 'the admin bar shows: logged in');
    assert.match(await page.textContent('#respond'), /Logged in as Alice Test/);
    assert.equal(await page.locator('a.ikc-btn').count(), 0, 'no login button for a logged-in visitor');
    await screenshot(page, 'landing');

    assert.equal(userCount(), before + 1, 'one user created');
    const linked = await subjectOfLastLogin(maxId);
    assert.equal(linked.length, 1);
    const [userId, subject] = [Number(linked[0][0]), linked[0][1]];
    const user = userRow(userId);
    assert.equal(user.email, 'alice@example.com');
    assert.equal(user.display, 'Alice Test');
    assert.match(meta(userId, 'wp_capabilities'), /"subscriber";b:1/);
    assert.equal(meta(userId, 'infomaniak_connect_issuer'), env.issuer);
    shared.alice = { userId, subject };
  });

  test('3. the same visitor logs in again: same user, no duplicate', async () => {
    const { page, context } = await browser();
    const before = userCount();
    // Log in once, log out of everything (cookies gone), log in again.
    for (let round = 0; round < 2; round++) {
      await context.clearCookies();
      await page.goto(`${env.url}/wp-login.php?redirect_to=${encodeURIComponent(env.post_url)}`);
      await clickButton(page);
      await providerLogin(page, { login: 'alice@example.com', password: 'pw' });
      await landOn(page, env.post_url);
      assert.match(await page.textContent('#respond'), /Logged in as Alice Test/);
    }
    // Once more with plain permalinks (no rewrite rules): the callback is matched on its path.
    env.sql("UPDATE wp_options SET option_value='' WHERE option_name IN ('permalink_structure', 'rewrite_rules')");
    try {
      const plainPost = `${env.url}/?p=${env.post_id}`;
      await context.clearCookies();
      await page.goto(`${env.url}/wp-login.php?redirect_to=${encodeURIComponent(plainPost)}`);
      await clickButton(page);
      await providerLogin(page, { login: 'alice@example.com', password: 'pw' });
      await landOn(page, plainPost);
      assert.match(await page.textContent('#respond'), /Logged in as Alice Test/);
    } finally {
      env.sql("UPDATE wp_options SET option_value='/%postname%/' WHERE option_name='permalink_structure'");
      env.sql("UPDATE wp_options SET option_value='' WHERE option_name='rewrite_rules'");
    }
    assert.equal(userCount(), before, 'no user created');
    assert.deepEqual(usersBySubject(shared.alice.subject), [shared.alice.userId], 'one user has this identity');
  });

  test('4. the visitor cancels at the provider: a readable message on wp-login.php, no user', async () => {
    const { page } = await browser();
    const snapshot = usersSnapshot();
    await page.goto(`${env.url}/wp-login.php`);
    await clickButton(page);
    await page.waitForSelector('form#login');
    await Promise.all([page.waitForURL(/wp-login\.php/), page.click('button[value=cancel]')]);
    assert.match(page.url(), /infomaniak_connect_error=access_denied/);
    assert.match(await loginError(page), /The login was cancelled\./);
    assert.ok(await page.locator('#loginform').count(), 'the password form is still there');
    assert.equal(usersSnapshot(), snapshot, 'no user created or changed');

    // Only codes travel in the URL: text put there is never shown.
    await page.goto(`${env.url}/wp-login.php?infomaniak_connect_error=${encodeURIComponent('<b>Call 0900 now</b>')}`);
    const shown = await loginError(page);
    assert.doesNotMatch(shown, /0900/);
    assert.match(shown, /The login could not be completed\. Please try again\./);

    // Translated by the site's language (de_DE, fr_FR ship with the plugin).
    const setLang = (lang) => env.sql(`INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('WPLANG', '${lang}', 'yes') ON DUPLICATE KEY UPDATE option_value='${lang}'`);
    try {
      setLang('de_DE');
      await page.goto(`${env.url}/wp-login.php?infomaniak_connect_error=access_denied`);
      assert.match(await loginError(page), /Die Anmeldung wurde abgebrochen\./);
      assert.equal((await page.textContent('a.ikc-btn')).trim(), 'Mit Infomaniak anmelden');
      setLang('fr_FR');
      await page.goto(`${env.url}/wp-login.php?infomaniak_connect_error=state_expired`);
      assert.match(await loginError(page), /Votre connexion a pris trop de temps\. Veuillez réessayer\./);
    } finally {
      setLang('');
    }
  });

  test('5. tampered state, expired state and replayed callbacks: readable errors, nothing changed', async () => {
    let snapshot = usersSnapshot();

    // 5a/5b. A finished login's callback URL, replayed.
    let finished;
    let loginCookie;
    {
      const { page, context } = await browser();
      finished = await callbackUrlFor(page, 'alice@example.com');
      [loginCookie] = (await context.cookies(env.url)).filter((c) => c.name.startsWith('ikc_login_'));
      assert.ok(loginCookie, 'the start set the login cookie');
      await page.goto(finished);
      await landOn(page, env.post_url);
      assert.equal((await context.cookies(env.url)).filter((c) => c.name.startsWith('ikc_login_')).length, 0, 'the callback deleted the login cookie');
      assert.equal(usersSnapshot(), snapshot, 'alice logged in again, nothing changed');
    }
    {
      // Same browser state as after the login (cookie deleted).
      const { page } = await browser();
      await page.goto(finished);
      assert.match(await loginError(page), /Your login has expired or was started in another browser/);
      assert.match(page.url(), /infomaniak_connect_error=login_cookie_missing/);
    }
    {
      // With a copy of the login cookie too: the provider refuses the spent code.
      const { page, context } = await browser();
      await context.addCookies([loginCookie]);
      await page.goto(finished);
      assert.match(await loginError(page), /This login link has expired or was already used/);
      assert.match(page.url(), /infomaniak_connect_error=token_invalid_grant/);
    }
    assert.equal(usersSnapshot(), snapshot, 'replays created or changed nothing');

    // 5c. A state changed on the way back.
    {
      const { page } = await browser();
      const url = new URL(await callbackUrlFor(page, 'mallory@example.com'));
      const state = url.searchParams.get('state');
      url.searchParams.set('state', state.slice(0, -1) + (state.endsWith('A') ? 'B' : 'A'));
      await page.goto(url.toString());
      assert.match(await loginError(page), /This login could not be matched to your browser/);
      assert.match(page.url(), /infomaniak_connect_error=state_invalid/);
    }
    // 5d. A tampered login cookie (its signature no longer matches).
    {
      const { page, context } = await browser();
      const url = await callbackUrlFor(page, 'mallory@example.com');
      const [cookie] = (await context.cookies(env.url)).filter((c) => c.name.startsWith('ikc_login_'));
      const [payload, mac] = cookie.value.split('.');
      const forged = JSON.parse(Buffer.from(payload, 'base64url').toString());
      forged.r = '/wp-admin/';
      await context.addCookies([{ ...cookie, value: `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}` }]);
      await page.goto(url);
      assert.match(await loginError(page), /This login could not be matched to your browser/);
    }
    // 5e. An expired state: the login took longer than 10 minutes (the plugin's clock is moved on).
    {
      const { page } = await browser();
      await page.goto(`${env.url}/wp-login.php`);
      await clickButton(page);
      env.sql("INSERT INTO wp_options (option_name, option_value, autoload) VALUES ('ikc_test_clock_offset', '700', 'yes')");
      try {
        await providerLogin(page, { login: 'late@example.com', password: 'pw' });
        assert.match(await loginError(page), /Your login took too long/);
        assert.match(page.url(), /infomaniak_connect_error=state_expired/);
      } finally {
        env.sql("DELETE FROM wp_options WHERE option_name='ikc_test_clock_offset'");
      }
    }
    assert.equal(usersSnapshot(), snapshot, 'no user created or changed');
    snapshot = null;
  });

  test('6. e-mail linking off: the e-mail of an existing administrator gets a new account, never the admin\'s', async () => {
    const { page } = await browser();
    const before = userCount();
    const maxId = Number(env.sql('SELECT MAX(ID) FROM wp_users')[0][0]);
    const adminId = Number(env.admin_id);
    assert.equal(userRow(adminId).email, env.admin.email);

    await page.goto(`${env.url}/wp-login.php?redirect_to=${encodeURIComponent(env.post_url)}`);
    await clickButton(page);
    await providerLogin(page, { login: env.admin.email, password: 'not-the-admin' });
    await landOn(page, env.post_url);

    assert.equal(userCount(), before + 1, 'a new account');
    const linked = await subjectOfLastLogin(maxId);
    assert.equal(linked.length, 1);
    const newId = Number(linked[0][0]);
    assert.notEqual(newId, adminId);
    assert.match(meta(newId, 'wp_capabilities'), /"subscriber";b:1/);
    assert.equal(userRow(newId).email, '', 'the admin\'s e-mail stays the admin\'s alone');
    assert.equal(meta(adminId, 'infomaniak_connect_subject'), null, 'the admin is not linked');
    assert.match(meta(adminId, 'wp_capabilities'), /"administrator";b:1/);

    // The browser is logged in as the new account; its profile shows the link and can unlink.
    await page.goto(`${env.url}/wp-admin/profile.php`);
    assert.equal(await page.inputValue('#user_login'), userRow(newId).login);
    assert.notEqual(userRow(newId).login, env.admin.user);
    assert.match(await page.textContent('.ikc-linked'), new RegExp(`Linked to .* at ${env.issuer.replace(/[.]/g, '\\.')}`));
    await Promise.all([page.waitForNavigation(), page.click('button[name=infomaniak_connect_unlink]')]);
    assert.match(await page.textContent('body'), /Not linked/);
    assert.equal(meta(newId, 'infomaniak_connect_subject'), null, 'unlinked');
  });

  test('7. the core cannot load (ffi.enable=0): the site and password login work; Site Health names problem and fix', async () => {
    await env.startPhp({ ffi: false });
    const { page } = await browser();

    const home = await page.goto(`${env.url}/`);
    assert.equal(home.status(), 200);
    assert.match(await page.textContent('body'), /Members corner/);
    const post = await page.goto(env.post_url);
    assert.equal(post.status(), 200);

    await page.goto(`${env.url}/wp-login.php`);
    await page.fill('#user_login', env.admin.user);
    await page.fill('#user_pass', env.admin.password);
    await Promise.all([page.waitForURL(/\/wp-admin\//), page.click('#wp-submit')]);
    assert.match(await page.textContent('#wpbody'), /Dashboard/);
    assert.match(await page.textContent('#wpbody'), /Infomaniak Connect is not usable yet/);

    await page.goto(`${env.url}/wp-admin/site-health.php`);
    await page.waitForFunction(() => document.body.innerText.includes('Infomaniak Connect library cannot be loaded'), null, { timeout: 30000 });
    const issue = page.locator('.health-check-accordion-trigger', { hasText: 'Infomaniak Connect library cannot be loaded' });
    await issue.click();
    const text = await page.textContent('#health-check-issues-critical');
    assert.match(text, /ffi\.enable is "0"/);
    assert.match(text, /ffi\.enable=1/);
    assert.match(text, /opcache\.preload=.*infomaniak-connect\/library\/preload\.php/);
    await screenshot(page, 'site-health-no-ffi');

    // A setting fixed in wp-config.php is shown as such, and the secret still never appears.
    env.appendConfig(`define('INFOMANIAK_CONNECT_CLIENT_SECRET', '${env.clientSecret}');`);
    const settings = await page.goto(`${env.url}/wp-admin/options-general.php?page=infomaniak-connect`);
    const html = await settings.text();
    assert.match(await page.textContent('.wrap'), /Set in wp-config\.php \(INFOMANIAK_CONNECT_CLIENT_SECRET\)/);
    assert.ok(await page.isDisabled('#ikc_client_secret'));
    assert.ok(!html.includes(env.clientSecret), 'the secret is not in the HTML');

    // A visitor who tries the button meets a plain message, not a broken page.
    const visitor = await browser();
    await visitor.page.goto(`${env.url}/wp-login.php`);
    await visitor.page.click('a.ikc-btn');
    assert.match(await loginError(visitor.page), /not configured correctly on this site/);
  });

  test('uninstall removes the options and the user meta, keeps the users', async () => {
    const users = userCount();
    assert.ok(env.option('infomaniak_connect_settings'));
    assert.ok(Number(env.sql("SELECT COUNT(*) FROM wp_usermeta WHERE meta_key LIKE 'infomaniak_connect_%'")[0][0]) > 0);
    assert.ok(Number(env.sql("SELECT COUNT(*) FROM wp_options WHERE option_name LIKE '\\_transient\\_ikc\\_%'")[0][0]) > 0, 'provider metadata was cached in transients');
    const { active } = await env.uninstallPlugin();
    assert.equal(active, false);
    assert.equal(env.option('infomaniak_connect_settings'), null);
    assert.equal(Number(env.sql("SELECT COUNT(*) FROM wp_usermeta WHERE meta_key LIKE 'infomaniak_connect_%'")[0][0]), 0);
    assert.equal(Number(env.sql("SELECT COUNT(*) FROM wp_options WHERE option_name LIKE '%transient%ikc%'")[0][0]), 0);
    assert.equal(userCount(), users);
  });
});
