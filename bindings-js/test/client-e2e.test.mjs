// createClient() against the real OP of tests/provider: discovery and JWKS caching, key rotation
// (one JWKS refetch on the core's jwks_refresh, at most once a minute), userinfo for missing
// claims, client_secret_post, the accepted request shapes, timeouts and unreachable providers.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { Browser, authorize } from '../../tests/provider/browser.mjs';
import { ConnectError, createClient } from '../lib/node.js';
import { addClient, rotateKeys, startOp } from './helpers.mjs';

const SITE = 'http://127.0.0.1:9'; // never contacted: the tests play the site's part themselves
const REDIRECT_URI = `${SITE}/openid-connect-authorize`;
const SITE_KEY = 'client-e2e-site-key-0123456789abcdefghij';

let op;
let opUserinfoOnly;

before(async () => {
  [op, opUserinfoOnly] = await Promise.all([startOp(), startOp({ claimsInIdToken: false })]);
});
after(async () => {
  await Promise.all([op?.stop(), opUserinfoOnly?.stop()]);
});

/** A fetch that records the URLs it was asked for. */
function countingFetch() {
  const urls = [];
  const f = (url, init) => {
    urls.push(String(url));
    return fetch(url, init);
  };
  f.count = (part) => urls.filter((u) => u.includes(part)).length;
  return f;
}

/** One full login as a visitor: start, the OP's pages, the callback. */
async function login(client, { browser = new Browser(), loginName = 'alice@example.com', returnPath = '/back', shape = (u) => u } = {}) {
  const { url, setCookie } = await client.start(returnPath);
  const callbackUrl = await authorize(url, { login: loginName, password: 'pw', browser });
  const cookieHeader = setCookie.split(';')[0];
  return client.callback(shape(callbackUrl), cookieHeader);
}

describe('createClient against a real OpenID Provider', () => {
  test('logs in; discovery is fetched once, the JWKS once', async () => {
    await addClient(op.ready.issuer, { client_id: 'c-basic', client_secret: 's-basic-0123456789', redirect_uris: [REDIRECT_URI] });
    const f = countingFetch();
    const client = createClient({ issuer: op.ready.issuer, clientId: 'c-basic', clientSecret: 's-basic-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY, fetch: f });
    const first = await login(client);
    assert.equal(first.identity.email, 'alice@example.com');
    assert.equal(first.identity.email_verified, true);
    assert.equal(first.identity.issuer, op.ready.issuer);
    assert.match(first.identity.subject, /^u-[0-9a-f]{24}$/);
    assert.equal(first.returnPath, '/back');
    assert.match(first.clearCookie, /^ikc_login_[A-Za-z0-9_-]{8}=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/);
    const second = await login(client, { loginName: 'erin@example.com', returnPath: 'https://evil.example/' });
    assert.equal(second.identity.email, 'erin@example.com');
    assert.equal(second.returnPath, '/', 'a foreign return path falls back to /');
    assert.equal(f.count('/.well-known/openid-configuration'), 1);
    assert.equal(f.count('/jwks'), 1);
    assert.equal(f.count('/token'), 2);
    assert.equal(f.count('/me'), 0, 'no userinfo when the ID token has every claim');
    assert.equal((await client.provider()).token_endpoint, `${op.ready.issuer}/token`);
  });

  test('the callback takes the request in several shapes', async () => {
    await addClient(op.ready.issuer, { client_id: 'c-shapes', client_secret: 's-shapes-0123456789', redirect_uris: [REDIRECT_URI] });
    const client = createClient({ issuer: op.ready.issuer, clientId: 'c-shapes', clientSecret: 's-shapes-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY });
    const shapes = {
      'URL object': (u) => new URL(u),
      'URLSearchParams': (u) => new URL(u).searchParams,
      'path and query': (u) => { const x = new URL(u); return x.pathname + x.search; },
      'query string': (u) => new URL(u).search,
      'parameters object': (u) => Object.fromEntries(new URL(u).searchParams),
      'Request': (u) => new Request(u),
    };
    for (const [name, shape] of Object.entries(shapes)) {
      const { identity } = await login(client, { shape });
      assert.equal(identity.email, 'alice@example.com', name);
    }
    // Cookies as an object, or from the request's headers.
    const { url, setCookie } = await client.start('/x');
    const callbackUrl = await authorize(url, { login: 'alice@example.com', password: 'pw' });
    const [name, value] = setCookie.split(';')[0].split('=');
    const viaHeaders = await client.callback({ url: new URL(callbackUrl).search, headers: { cookie: `a=b; ${name}=${value}` } });
    assert.equal(viaHeaders.returnPath, '/x');
  });

  test('key rotation: one JWKS refetch, at most once a minute', async () => {
    await addClient(op.ready.issuer, { client_id: 'c-rotate', client_secret: 's-rotate-0123456789', redirect_uris: [REDIRECT_URI] });
    let offset = 0;
    const f = countingFetch();
    const client = createClient({
      issuer: op.ready.issuer, clientId: 'c-rotate', clientSecret: 's-rotate-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY,
      fetch: f, clock: () => Date.now() + offset,
    });
    await login(client);
    assert.equal(f.count('/jwks'), 1);
    await rotateKeys(op.ready.issuer);
    assert.equal((await login(client)).identity.email, 'alice@example.com', 'the new key is fetched');
    assert.equal(f.count('/jwks'), 2);
    await login(client);
    assert.equal(f.count('/jwks'), 2, 'the new set is cached');
    // A second rotation within the minute: no second forced refetch, the core's answer stands.
    await rotateKeys(op.ready.issuer);
    await assert.rejects(login(client), (err) => {
      assert.ok(err instanceof ConnectError);
      assert.equal(err.code, 'jwks_refresh');
      assert.match(err.clearCookie, /Max-Age=0/);
      return true;
    });
    assert.equal(f.count('/jwks'), 2);
    offset = 61_000;
    assert.equal((await login(client)).identity.email, 'alice@example.com');
    assert.equal(f.count('/jwks'), 3);
  });

  test('an expired JWKS copy serves while the provider is unreachable', async () => {
    await addClient(op.ready.issuer, { client_id: 'c-stale', client_secret: 's-stale-0123456789', redirect_uris: [REDIRECT_URI] });
    let offset = 0;
    let jwksDown = false;
    const f = (url, init) => (jwksDown && String(url).endsWith('/jwks') ? Promise.reject(new TypeError('fetch failed')) : fetch(url, init));
    const client = createClient({
      issuer: op.ready.issuer, clientId: 'c-stale', clientSecret: 's-stale-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY,
      fetch: f, clock: () => Date.now() + offset, cacheTtl: 1000,
    });
    await login(client);
    offset = 5000; // both copies expired
    jwksDown = true;
    assert.equal((await login(client)).identity.email, 'alice@example.com');
    const fresh = createClient({
      issuer: op.ready.issuer, clientId: 'c-stale', clientSecret: 's-stale-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY, fetch: f,
    });
    await assert.rejects(login(fresh), (err) => {
      assert.equal(err.code, 'provider_unreachable');
      assert.match(err.detail, /JWKS: GET .*\/jwks failed: fetch failed/);
      return true;
    });
  });

  test('missing claims are asked from userinfo', async () => {
    const issuer = opUserinfoOnly.ready.issuer;
    await addClient(issuer, { client_id: 'c-userinfo', client_secret: 's-userinfo-0123456789', redirect_uris: [REDIRECT_URI] });
    const f = countingFetch();
    const client = createClient({
      issuer, clientId: 'c-userinfo', clientSecret: 's-userinfo-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY,
      requiredClaims: ['email', 'name'], fetch: f,
    });
    const { identity } = await login(client);
    assert.equal(identity.email, 'alice@example.com');
    assert.equal(identity.name, 'Alice Test');
    assert.equal(f.count('/me'), 1);
  });

  test('client_secret_post', async () => {
    await addClient(op.ready.issuer, {
      client_id: 'c-post', client_secret: 's-post-0123456789', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post',
    });
    const client = createClient({
      issuer: op.ready.issuer, clientId: 'c-post', clientSecret: 's-post-0123456789', redirectUri: REDIRECT_URI, siteKey: SITE_KEY,
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    assert.equal((await login(client)).identity.email, 'alice@example.com');
  });

  test('a wrong client secret is the admin\'s problem, said plainly', async () => {
    await addClient(op.ready.issuer, { client_id: 'c-wrong', client_secret: 'the-right-secret-0123', redirect_uris: [REDIRECT_URI] });
    const client = createClient({ issuer: op.ready.issuer, clientId: 'c-wrong', clientSecret: 'a-wrong-secret', redirectUri: REDIRECT_URI, siteKey: SITE_KEY });
    await assert.rejects(login(client), { code: 'token_client_rejected' });
  });
});

describe('createClient when the provider misbehaves', () => {
  let silent;
  let sockets = [];
  before(async () => {
    silent = http.createServer(() => {}); // accepts, never answers
    silent.on('connection', (s) => sockets.push(s));
    await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  after(() => {
    for (const s of sockets) s.destroy();
    sockets = [];
    silent.close();
  });

  test('no answer within the timeout', async () => {
    const issuer = `http://127.0.0.1:${silent.address().port}`;
    const client = createClient({ issuer, clientId: 'c', redirectUri: REDIRECT_URI, siteKey: SITE_KEY, timeout: 300 });
    const started = Date.now();
    await assert.rejects(client.start(), (err) => {
      assert.equal(err.code, 'provider_unreachable');
      assert.match(err.detail, /no answer within 300 ms/);
      assert.equal(err.visitorMessage, 'The login provider cannot be reached right now. Please try again later.');
      return true;
    });
    assert.ok(Date.now() - started < 5000);
  });

  test('nobody listening', async () => {
    const client = createClient({ issuer: 'http://127.0.0.1:9', clientId: 'c', redirectUri: REDIRECT_URI, siteKey: SITE_KEY });
    await assert.rejects(client.start(), { code: 'provider_unreachable' });
  });

  test('a discovery document for another issuer is refused', async () => {
    const client = createClient({
      issuer: op.ready.issuer.replace('127.0.0.1', 'localhost'), clientId: 'c', redirectUri: REDIRECT_URI, siteKey: SITE_KEY,
    });
    await assert.rejects(client.start(), { code: 'discovery_issuer_mismatch' });
  });
});
