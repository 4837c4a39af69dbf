// End-to-end checks of the test OP (server.mjs) and the HTTP browser (browser.mjs).
// Run: node --test tests/provider/
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { Browser, authorize } from './browser.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
const CLIENT = {
  client_id: 'test-client',
  client_secret: 'test-secret',
  redirect_uris: ['http://127.0.0.1:8080/openid-connect-authorize'],
};

/** Starts server.mjs, resolves with { issuer, port, stop } once its ready line is printed. */
async function startOp(args) {
  const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`OP not ready in 15 s\n${stderr}`)), 15000);
    child.once('exit', (code) => reject(new Error(`OP exited (${code})\n${stderr}`)));
    lines.once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line)); });
  });
  const exited = new Promise((resolve) => { child.once('exit', resolve); });
  return { ...ready, stop: () => { child.kill('SIGTERM'); return exited; } };
}

const b64u = (buf) => buf.toString('base64url');

/** An authorization request built by hand, as the RP core will build it. */
function authRequest(op, client = CLIENT) {
  const state = b64u(randomBytes(16));
  const nonce = b64u(randomBytes(16));
  const verifier = b64u(randomBytes(32));
  const url = new URL('/auth', op.issuer);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: b64u(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state, nonce, verifier };
}

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body;
}

async function exchange(op, code, verifier, client = CLIENT) {
  const basic = Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64');
  return getJson(new URL('/token', op.issuer), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: client.redirect_uris[0], code_verifier: verifier,
    }),
  });
}

/** Full login (who undefined: rely on the browser's OP session): returns { claims, header, jwks, tokens }. */
async function login(op, who, browser = new Browser()) {
  const req = authRequest(op);
  const callback = new URL(await authorize(req.url, { login: who, password: 'pw', browser }));
  assert.equal(callback.origin + callback.pathname, CLIENT.redirect_uris[0]);
  assert.equal(callback.searchParams.get('state'), req.state);
  assert.equal(callback.searchParams.get('iss'), op.issuer); // RFC 9207
  const code = callback.searchParams.get('code');
  assert.ok(code, callback.href);

  const tokens = await exchange(op, code, req.verifier);
  const jwks = await getJson(new URL('/jwks', op.issuer));
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
    issuer: op.issuer, audience: CLIENT.client_id, algorithms: ['RS256'],
  });
  assert.equal(payload.nonce, req.nonce);
  return { claims: payload, header: protectedHeader, jwks, tokens };
}

describe('test OP with claims in the ID token (config file)', () => {
  let op;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ikc-op-'));
    writeFileSync(join(dir, 'op.json'), JSON.stringify({ clients: [CLIENT] }));
    op = await startOp(['--config', join(dir, 'op.json')]);
  });
  after(() => op?.stop());

  test('discovery matches the issuer and requires what the RP relies on', async () => {
    const d = await getJson(new URL('/.well-known/openid-configuration', op.issuer));
    assert.equal(d.issuer, op.issuer);
    assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(d.id_token_signing_alg_values_supported, ['RS256']);
    assert.equal(d.authorization_response_iss_parameter_supported, true);
  });

  test('login, code exchange and a verified ID token carrying email and name', async () => {
    const { claims, header } = await login(op, 'alice@example.com');
    assert.equal(header.alg, 'RS256');
    assert.equal(claims.email, 'alice@example.com');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, 'Alice Test');
    assert.match(claims.sub, /^u-[0-9a-f]{24}$/);

    const again = await login(op, 'alice@example.com');
    assert.equal(again.claims.sub, claims.sub, 'sub is stable for a login');
  });

  test('the demo account needs its password', async () => {
    await assert.rejects(
      authorize(authRequest(op).url, { login: 'demo@example.com', password: 'wrong' }),
      /login refused/,
    );
    const url = authRequest(op).url;
    const callback = await authorize(url, { login: 'demo@example.com', password: 'demo' });
    assert.match(callback, /[?&]code=/);
  });

  test('PKCE is required', async () => {
    const url = new URL(authRequest(op).url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const callback = new URL(await authorize(url.href, { login: 'alice@example.com', password: 'pw' }));
    assert.equal(callback.searchParams.get('error'), 'invalid_request');
  });

  test('cancel ends the login with access_denied', async () => {
    const req = authRequest(op);
    const callback = new URL(await authorize(req.url, { cancel: true }));
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('state'), req.state);
  });

  test('key rotation: the JWKS holds only the new kid and new ID tokens use it', async () => {
    const browser = new Browser();
    const before = await login(op, 'bob@example.com', browser);
    const res = await fetch(new URL('/__test/rotate-keys', op.issuer), { method: 'POST' });
    assert.equal(res.status, 200);
    const { kid } = await res.json();
    assert.ok(kid);
    assert.notEqual(kid, before.header.kid);

    const jwks = await getJson(new URL('/jwks', op.issuer));
    assert.deepEqual(jwks.keys.map((k) => k.kid), [kid]);

    // same visitor, no credentials: the OP session made before the rotation still holds (SSO)
    const fresh = await login(op, undefined, browser);
    assert.equal(fresh.header.kid, kid);
    assert.equal(decodeProtectedHeader(fresh.tokens.id_token).kid, kid);
    assert.equal(fresh.claims.sub, before.claims.sub);
    // the old token no longer verifies against the JWKS
    await assert.rejects(jwtVerify(before.tokens.id_token, createLocalJWKSet(jwks)));
  });
});

describe('test OP in userinfo-only mode (CLI flags)', () => {
  let op;
  before(async () => {
    op = await startOp([
      '--client-id', CLIENT.client_id, '--client-secret', CLIENT.client_secret,
      '--redirect-uri', CLIENT.redirect_uris[0], '--userinfo-only', '--auto-consent',
    ]);
  });
  after(() => op?.stop());

  test('the ID token has no email; userinfo has it', async () => {
    const { claims, tokens } = await login(op, 'carol@example.com');
    assert.equal(claims.email, undefined);
    const info = await getJson(new URL('/me', op.issuer), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(info.sub, claims.sub);
    assert.equal(info.email, 'carol@example.com');
    assert.equal(info.email_verified, true);
  });
});
