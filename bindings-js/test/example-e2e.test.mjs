// End to end: examples/node-server.mjs against the real OP of tests/provider (oidc-provider), on
// 127.0.0.1, driven over HTTP with a cookie jar (tests/provider/browser.mjs) as a visitor would.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Browser, authorize } from '../../tests/provider/browser.mjs';
import { JS_DIR, addClient, startOp, startProcess } from './helpers.mjs';

const CLIENT = { client_id: 'example-site', client_secret: 'example-site-secret-0123456789' };

let op;
let site;
let siteUrl;

before(async () => {
  op = await startOp();
  site = await startProcess([path.join(JS_DIR, 'examples/node-server.mjs')], {
    env: {
      PORT: '0',
      IKC_ISSUER: op.ready.issuer,
      IKC_CLIENT_ID: CLIENT.client_id,
      IKC_CLIENT_SECRET: CLIENT.client_secret,
      IKC_SITE_KEY: 'example-e2e-site-key-0123456789abcdef',
      IKC_SITE_URL: '',
    },
  });
  siteUrl = site.ready.url;
  await addClient(op.ready.issuer, { ...CLIENT, redirect_uris: [`${siteUrl}/openid-connect-authorize`] });
});

after(async () => {
  await site?.stop();
  await op?.stop();
});

const text = async (res) => ({ status: res.status, html: await res.text(), location: res.headers.get('location') });
const errorOf = (html) => (html.match(/<p id="error"[^>]*>([^<]*)</) ?? [])[1];

/** Home page → login link → /login → the OP's authorization URL (the login cookie is in the jar). */
async function startLogin(browser) {
  const home = await text(await browser.request(`${siteUrl}/`));
  assert.equal(home.status, 200);
  const href = (home.html.match(/<a id="login" href="([^"]+)">Log in with Infomaniak<\/a>/) ?? [])[1];
  assert.ok(href, `no login link on the home page:\n${home.html}`);
  const start = await text(await browser.request(new URL(href.replace(/&amp;/g, '&'), siteUrl).href));
  assert.equal(start.status, 303);
  assert.ok(start.location.startsWith(`${op.ready.issuer}/auth?`), start.location);
  assert.match(browser.cookieHeader(`${siteUrl}/`), /ikc_login_[A-Za-z0-9_-]{8}=/);
  return start.location;
}

describe('example site against a real OpenID Provider', () => {
  test('a visitor logs in and sees their identity', async () => {
    const browser = new Browser();
    const me = await text(await browser.request(`${siteUrl}/me`));
    assert.equal(me.status, 303, 'not logged in yet');
    assert.equal(me.location, '/login?return=%2Fme');

    const authUrl = await startLogin(browser);
    const callbackUrl = await authorize(authUrl, { login: 'alice@example.com', password: 'pw', browser });
    assert.ok(callbackUrl.startsWith(`${siteUrl}/openid-connect-authorize?`), callbackUrl);
    const cb = await text(await browser.request(callbackUrl));
    assert.equal(cb.status, 303, `callback: ${errorOf(cb.html) ?? cb.html}\n${site.stderr()}`);
    assert.equal(cb.location, '/me');
    assert.doesNotMatch(browser.cookieHeader(`${siteUrl}/`), /ikc_login_/, 'the login cookie is cleared');

    const page = await text(await browser.request(`${siteUrl}/me`));
    assert.equal(page.status, 200);
    assert.match(page.html, /<dd id="email">alice@example\.com<\/dd>/);
    assert.match(page.html, /<dd id="sub">u-[0-9a-f]{24}<\/dd>/);
    assert.match(page.html, /<dd id="name">Alice Test<\/dd>/);
    assert.ok(page.html.includes(`<dd id="iss">${op.ready.issuer}</dd>`));

    // Log out, then log in again: single sign-on at the OP, so no password this time.
    assert.equal((await browser.request(`${siteUrl}/logout`, { method: 'POST', form: {} })).status, 303);
    assert.equal((await browser.request(`${siteUrl}/me`)).status, 303);
    const again = await authorize(await startLogin(browser), { browser });
    assert.equal((await browser.request(again)).status, 303);
    assert.match((await text(await browser.request(`${siteUrl}/me`))).html, /alice@example\.com/);
  });

  test('the demo account logs in too', async () => {
    const browser = new Browser();
    const callbackUrl = await authorize(await startLogin(browser), { login: 'demo@example.com', password: 'demo', browser });
    assert.equal((await browser.request(callbackUrl)).status, 303);
    const page = await text(await browser.request(`${siteUrl}/me`));
    assert.match(page.html, /<dd id="sub">demo<\/dd>/);
    assert.match(page.html, /<dd id="name">Demo User<\/dd>/);
  });

  test('a tampered state ends on a plain error page, not logged in', async () => {
    const browser = new Browser();
    const callbackUrl = new URL(await authorize(await startLogin(browser), { login: 'bob@example.com', password: 'pw', browser }));
    const state = callbackUrl.searchParams.get('state');
    callbackUrl.searchParams.set('state', state.slice(0, -1) + (state.endsWith('A') ? 'B' : 'A'));
    const cb = await text(await browser.request(callbackUrl.href));
    assert.equal(cb.status, 400);
    assert.equal(errorOf(cb.html), 'This login could not be matched to your browser. Please try again.');
    assert.match(cb.html, /data-code="state_invalid"/);
    assert.doesNotMatch(cb.html, /state does not match|cookie|HMAC|detail/i, 'no admin detail on the page');
    assert.match(cb.html, /Log in with Infomaniak/, 'offers to try again');
    assert.equal((await browser.request(`${siteUrl}/me`)).status, 303, 'not logged in');
    assert.match(site.stderr(), /login failed: state_invalid: /, 'the detail goes to the log');
  });

  test('a callback from another browser (no login cookie) is refused', async () => {
    const browser = new Browser();
    const callbackUrl = await authorize(await startLogin(browser), { login: 'carol@example.com', password: 'pw', browser });
    const stranger = new Browser();
    const cb = await text(await stranger.request(callbackUrl));
    assert.equal(cb.status, 400);
    assert.match(cb.html, /data-code="login_cookie_missing"/);
    assert.equal((await stranger.request(`${siteUrl}/me`)).status, 303);
  });

  test('cancelling at the provider (access_denied) ends on a plain error page', async () => {
    const browser = new Browser();
    const callbackUrl = await authorize(await startLogin(browser), { cancel: true, browser });
    assert.equal(new URL(callbackUrl).searchParams.get('error'), 'access_denied');
    const cb = await text(await browser.request(callbackUrl));
    assert.equal(cb.status, 400);
    assert.equal(errorOf(cb.html), 'The login was cancelled.');
    assert.match(cb.html, /data-code="access_denied"/);
    assert.doesNotMatch(cb.html, /End-User aborted/, 'no provider detail on the page');
    assert.equal((await browser.request(`${siteUrl}/me`)).status, 303, 'not logged in');
  });

  test('a replayed callback is refused', async () => {
    const browser = new Browser();
    const callbackUrl = await authorize(await startLogin(browser), { login: 'dave@example.com', password: 'pw', browser });
    const cookies = browser.cookieHeader(`${siteUrl}/`);
    assert.equal((await browser.request(callbackUrl)).status, 303);
    // The same answer with the same login cookie, as an attacker who copied both would send it.
    const replay = await fetch(callbackUrl, { headers: { cookie: cookies }, redirect: 'manual' });
    assert.equal(replay.status, 400);
    assert.match(await replay.text(), /data-code="token_invalid_grant"/);
  });
});
