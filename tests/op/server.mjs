#!/usr/bin/env node
// A hostile OpenID Provider for conformance tests: one server, one scenario per issuer path.
// Usage: node tests/op/server.mjs [--port N] [--client-id ID] [--client-secret S] [--redirect-uri URI]
// Prints one JSON line {"base","port","client_id","redirect_uri","scenarios"} on stdout when ready;
// logs go to stderr. SIGTERM/SIGINT stop it. See README.md.
import { createHash, createPublicKey, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';

import { byId, PROFILE_CLAIMS, SCENARIOS } from './scenarios.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'client-id': { type: 'string', default: 'conformance-client' },
    // Characters that RFC 6749 §2.3.1 form-encoding changes (+ / : % & = and a space): an RP that
    // skips the encoding fails client authentication.
    'client-secret': { type: 'string', default: 'ikc-conf-S3CRET +/:%&=-7f3a9c' },
    'redirect-uri': { type: 'string', default: 'http://127.0.0.1:8080/openid-connect-authorize' },
    'key-pool': { type: 'string', default: '6' },
  },
});
const CLIENT = { id: args['client-id'], secret: args['client-secret'], redirectUri: args['redirect-uri'] };
const SLOW_TOKEN_MS = 30_000;
const ONE_MB = 1_000_000;

const log = (...a) => console.error('[op]', ...a);
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const token = (prefix) => `${prefix}-${randomBytes(24).toString('base64url')}`;
const sha256 = (s) => createHash('sha256').update(s).digest();

// ---------------------------------------------------------------- signing keys
// RSA key generation is slow on 2 cores: a pool made at start-up, handed out round-robin with a
// fresh kid each time (so every reset and every rotation shows a new kid).
const pool = [];
let poolNext = 0;
async function fillPool(n) {
  for (let i = 0; i < n; i += 1) {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    pool.push({ privateKey, jwk, pem });
  }
}
function newKey() {
  const k = pool[poolNext % pool.length];
  poolNext += 1;
  return { ...k, kid: `k-${randomBytes(6).toString('hex')}` };
}

// ---------------------------------------------------------------- per-scenario state
const states = new Map(); // scenario id -> state

function freshState(scenario) {
  const keys = scenario.op.jwks === 'kid-absent-multiple' ? [newKey(), newKey()] : [newKey()];
  return {
    scenario,
    keys, // keys[0] signs
    codes: new Map(), // code -> grant
    accessTokens: new Map(), // access token -> grant
    authorizeCount: 0,
    discoveryCount: 0,
    events: [], // what the RP did and what the OP issued, for the runner
    issued: [], // every code and token handed out (the runner checks none is shown to a visitor)
  };
}

function stateFor(id) {
  let st = states.get(id);
  if (!st) {
    st = freshState(byId.get(id));
    states.set(id, st);
  }
  return st;
}

const event = (st, type, data = {}) => st.events.push({ type, at: Date.now(), ...data });

// ---------------------------------------------------------------- HTTP helpers
function send(res, status, body, type = 'application/json', extra = {}) {
  if (res.headersSent || res.destroyed) return;
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : `${JSON.stringify(body)}\n`);
  res.writeHead(status, { 'content-type': type, 'content-length': buf.length, 'cache-control': 'no-store', ...extra });
  res.end(buf);
}
const json = (res, status, body, extra) => send(res, status, body, 'application/json', extra);
const oauthError = (res, status, error, description, extra) => json(res, status, { error, error_description: description }, extra);
const html = (res, status, title, text) => send(
  res, status,
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`,
  'text/html; charset=utf-8',
);

async function readBody(req, limit = 64 * 1024) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw Object.assign(new Error('request body too large'), { statusCode: 413 });
  }
  return body;
}

const safeEqual = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

// ---------------------------------------------------------------- endpoints
function discovery(req, res, st, issuer) {
  const { op } = st.scenario;
  st.discoveryCount += 1;
  event(st, 'discovery');
  if (op.discovery === 'down' || (op.discovery === 'down-after-first' && st.discoveryCount > 1)) {
    return html(res, 503, 'Service Unavailable', 'The discovery service is down for maintenance.');
  }
  return json(res, 200, {
    issuer: op.discovery === 'issuer-mismatch' ? `${issuer}-mismatch` : issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: op.algs ?? ['RS256'],
    token_endpoint_auth_methods_supported: op.authMethods ?? ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', ...PROFILE_CLAIMS],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  });
}

function jwks(req, res, st) {
  const { op } = st.scenario;
  event(st, 'jwks', { kids: st.keys.map((k) => k.kid) });
  if (op.jwks === 'down') return html(res, 503, 'Service Unavailable', 'Keys are unavailable.');
  const noKid = op.jwks === 'kid-absent-single' || op.jwks === 'kid-absent-multiple';
  return json(res, 200, {
    keys: st.keys.map((k) => ({ ...k.jwk, use: 'sig', alg: 'RS256', ...(noKid ? {} : { kid: k.kid }) })),
  });
}

function authorize(req, res, st, issuer, url) {
  const { op } = st.scenario;
  const p = url.searchParams;
  st.authorizeCount += 1;
  const bad = (why) => {
    event(st, 'authorize-refused', { why });
    return html(res, 400, 'Bad authorization request', why);
  };
  if (p.get('response_type') !== 'code') return bad('response_type must be code');
  if (p.get('client_id') !== CLIENT.id) return bad('unknown client_id');
  if (p.get('redirect_uri') !== CLIENT.redirectUri) return bad('redirect_uri is not registered');
  const scopes = (p.get('scope') ?? '').split(' ');
  if (!scopes.includes('openid')) return bad('scope lacks openid');
  for (const s of op.requireScopes ?? []) if (!scopes.includes(s)) return bad(`scope lacks ${s}`);
  if (!p.get('state')) return bad('state missing');
  if (!p.get('nonce')) return bad('nonce missing');
  if (p.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(p.get('code_challenge') ?? '')) {
    return bad('PKCE S256 required');
  }
  if (op.rotate === 'second-authorize' && st.authorizeCount === 2) {
    st.keys = [newKey()];
    event(st, 'rotated', { kid: st.keys[0].kid });
  }
  const code = token('code');
  const grant = {
    code,
    redirectUri: p.get('redirect_uri'),
    nonce: p.get('nonce'),
    challenge: p.get('code_challenge'),
    scopes,
    sub: `user-${randomBytes(8).toString('hex')}`,
    used: false,
  };
  st.codes.set(code, grant);
  st.issued.push(code);
  event(st, 'authorize', { state: p.get('state'), nonce: grant.nonce, sub: grant.sub });
  const back = new URL(CLIENT.redirectUri);
  back.searchParams.set('code', code);
  back.searchParams.set('state', p.get('state'));
  const rootIssuer = issuer.slice(0, issuer.lastIndexOf('/'));
  back.searchParams.set('iss', op.authorizeIss === 'other' ? `${rootIssuer}/attacker-op` : issuer);
  res.writeHead(302, { location: back.href, 'cache-control': 'no-store' });
  return res.end();
}

/** Client authentication: returns the method used, or an error string. */
function authenticateClient(req, form, allowed) {
  const header = req.headers.authorization;
  const inBody = form.has('client_secret') || form.has('client_id');
  if (header !== undefined) {
    if (inBody && form.has('client_secret')) return { error: 'credentials in both header and body' };
    const m = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header);
    if (!m) return { error: 'Authorization is not Basic with base64 credentials' };
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { error: 'Basic credentials without a colon' };
    // RFC 6749 §2.3.1: both parts are application/x-www-form-urlencoded before base64.
    let id;
    let secret;
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      return { error: 'Basic credentials are not form-urlencoded' };
    }
    if (!allowed.includes('client_secret_basic')) return { error: 'client_secret_basic not allowed' };
    if (id !== CLIENT.id || !safeEqual(secret, CLIENT.secret)) return { error: 'wrong client credentials (Basic)' };
    if (form.has('client_id') && form.get('client_id') !== CLIENT.id) return { error: 'client_id differs' };
    return { method: 'client_secret_basic' };
  }
  if (form.has('client_secret')) {
    if (!allowed.includes('client_secret_post')) return { error: 'client_secret_post not allowed' };
    if (form.get('client_id') !== CLIENT.id || !safeEqual(form.get('client_secret'), CLIENT.secret)) {
      return { error: 'wrong client credentials (post)' };
    }
    return { method: 'client_secret_post' };
  }
  return { error: 'no client authentication' };
}

async function signIdToken(st, claims) {
  const { op } = st.scenario;
  const key = st.keys[0];
  const noKid = op.jwks === 'kid-absent-single' || op.jwks === 'kid-absent-multiple';
  const header = { alg: 'RS256', typ: 'JWT', ...(noKid ? {} : { kid: key.kid }) };
  if (op.sign === 'none') {
    return `${b64u(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64u(JSON.stringify(claims))}.`;
  }
  if (op.sign === 'hs256-public-key') {
    const secret = new TextEncoder().encode(key.pem);
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(secret);
  }
  const jwt = await new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
  if (op.sign === 'bad-sig') {
    const [h, p, s] = jwt.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[Math.floor(sig.length / 2)] ^= 0x01;
    return `${h}.${p}.${b64u(sig)}`;
  }
  return jwt;
}

async function tokenEndpoint(req, res, st, issuer) {
  const { op } = st.scenario;
  const form = new URLSearchParams(await readBody(req));
  const auth = authenticateClient(req, form, op.authMethods ?? ['client_secret_basic', 'client_secret_post']);
  const code = form.get('code') ?? '';
  const grant = st.codes.get(code);
  const record = { method: auth.method ?? null, authError: auth.error ?? null, codeKnown: Boolean(grant), codeUsed: grant?.used ?? null };
  event(st, 'token', record);
  if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'POST only');
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return oauthError(res, 400, 'invalid_request', 'form body expected');
  }
  if (auth.error) return oauthError(res, 401, 'invalid_client', auth.error, { 'www-authenticate': 'Basic realm="op"' });

  // Faults come after authentication: the RP sent a well-formed request.
  switch (op.token) {
    case '500':
      return send(res, 500, 'Internal Server Error\n', 'text/plain');
    case 'html':
      return html(res, 502, '502 Bad Gateway', 'nginx <script>document.title="OP-HTML-MARKER"</script>');
    case 'invalid-json':
      return send(res, 200, '{"access_token": "truncated", "token_type": "Bearer", "id_token": "eyJ', 'application/json');
    case 'slow': {
      // Answers after 30 s unless the client hangs up first (the timer is then cleared).
      const started = Date.now();
      const timer = setTimeout(() => oauthError(res, 503, 'temporarily_unavailable', 'too late'), SLOW_TOKEN_MS);
      res.on('close', () => {
        clearTimeout(timer);
        event(st, 'token-slow-closed', { afterMs: Date.now() - started });
      });
      return undefined;
    }
    default:
  }

  if (form.get('grant_type') !== 'authorization_code') return oauthError(res, 400, 'unsupported_grant_type', 'authorization_code only');
  if (!grant) return oauthError(res, 400, 'invalid_grant', 'unknown code');
  if (grant.used) {
    // RFC 6749 §4.1.2: a code used twice is refused, and the tokens it gave are revoked.
    for (const [t, g] of st.accessTokens) if (g === grant) st.accessTokens.delete(t);
    return oauthError(res, 400, 'invalid_grant', 'code already used');
  }
  grant.used = true;
  if (form.get('redirect_uri') !== grant.redirectUri) return oauthError(res, 400, 'invalid_grant', 'redirect_uri differs');
  const verifier = form.get('code_verifier') ?? '';
  if (!/^[\w.~-]{43,128}$/.test(verifier) || b64u(sha256(verifier)) !== grant.challenge) {
    return oauthError(res, 400, 'invalid_grant', 'PKCE verifier does not match');
  }

  if (op.rotate === 'before-signing') {
    st.keys = [newKey()];
    event(st, 'rotated', { kid: st.keys[0].kid });
  }
  const accessToken = token('at');
  st.accessTokens.set(accessToken, grant);
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: issuer,
    sub: grant.sub,
    aud: CLIENT.id,
    exp: now + 300,
    iat: now,
    auth_time: now - 5,
    nonce: grant.nonce,
    at_hash: b64u(sha256(accessToken).subarray(0, 16)),
  };
  if (!op.claimsFromUserinfo) Object.assign(claims, profileOf(grant));
  switch (op.claims) {
    case 'invalid-iss': claims.iss = `${issuer}/invalid`; break;
    case 'missing-sub': delete claims.sub; break;
    case 'invalid-aud': claims.aud = `${CLIENT.id}-invalid`; break;
    case 'missing-aud': delete claims.aud; break;
    case 'missing-iat': delete claims.iat; break;
    case 'invalid-nonce': claims.nonce = b64u(randomBytes(32)); break;
    default:
  }
  const idToken = await signIdToken(st, claims);
  st.issued.push(accessToken, idToken);
  event(st, 'token-issued', { sub: grant.sub, kid: op.jwks?.startsWith('kid-absent') ? null : st.keys[0].kid });
  const body = { access_token: accessToken, token_type: 'Bearer', expires_in: 300, id_token: idToken, scope: grant.scopes.join(' ') };
  if (op.token === '1mb') {
    const text = JSON.stringify({ ...body, padding: '' });
    body.padding = 'x'.repeat(ONE_MB - text.length);
  }
  return json(res, 200, body);
}

/** The profile of a grant's user (e-mail, names); the userinfo values differ from nothing else. */
function profileOf(grant) {
  const local = grant.sub.replace(/^user-/, 'u');
  return {
    email: `${local}@conformance.example`,
    email_verified: true,
    name: 'Conformance Tester',
    given_name: 'Conformance',
    family_name: 'Tester',
    preferred_username: local,
  };
}

function userinfo(req, res, st) {
  const { op } = st.scenario;
  const m = /^Bearer ([\w.~+/-]+=*)$/.exec(req.headers.authorization ?? '');
  const grant = m ? st.accessTokens.get(m[1]) : undefined;
  event(st, 'userinfo', { tokenValid: Boolean(grant) });
  if (!grant) return oauthError(res, 401, 'invalid_token', 'unknown access token', { 'www-authenticate': 'Bearer error="invalid_token"' });
  const sub = op.userinfoSub === 'invalid' ? `user-${randomBytes(8).toString('hex')}` : grant.sub;
  const body = { sub, ...profileOf(grant) };
  event(st, 'userinfo-answer', { sub, email: body.email });
  return json(res, 200, body);
}

// ---------------------------------------------------------------- test control endpoints
async function control(req, res, url) {
  const id = url.searchParams.get('scenario');
  if (url.pathname === '/__test/scenarios' && req.method === 'GET') return json(res, 200, SCENARIOS);
  if (!id || !byId.has(id)) return json(res, 404, { error: 'unknown scenario' });
  if (url.pathname === '/__test/reset' && req.method === 'POST') {
    states.set(id, freshState(byId.get(id)));
    return json(res, 200, { reset: id });
  }
  if (url.pathname === '/__test/log' && req.method === 'GET') {
    const st = stateFor(id);
    return json(res, 200, { scenario: id, events: st.events, issued: st.issued });
  }
  return json(res, 404, { error: 'unknown control endpoint' });
}

// ---------------------------------------------------------------- server
let base;
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, base);
  try {
    if (url.pathname.startsWith('/__test/')) return await control(req, res, url);
    const m = /^\/([a-z0-9-]+)(\/.*)$/.exec(url.pathname);
    if (!m || !byId.has(m[1])) return html(res, 404, 'Not Found', 'no such scenario');
    const st = stateFor(m[1]);
    const issuer = `${base}/${m[1]}`;
    switch (`${req.method} ${m[2]}`) {
      case 'GET /.well-known/openid-configuration': return discovery(req, res, st, issuer);
      case 'GET /jwks': return jwks(req, res, st);
      case 'GET /authorize': return authorize(req, res, st, issuer, url);
      case 'POST /token': return await tokenEndpoint(req, res, st, issuer);
      case 'GET /userinfo': return userinfo(req, res, st);
      default:
        event(st, 'unexpected', { request: `${req.method} ${m[2]}` });
        return html(res, 404, 'Not Found', 'no such endpoint');
    }
  } catch (err) {
    log(`${req.method} ${url.pathname}: ${err.stack ?? err}`);
    return json(res, err.statusCode ?? 500, { error: 'server_error', error_description: 'test OP failure' });
  }
});
server.keepAliveTimeout = 1000;

await fillPool(Math.max(2, Number(args['key-pool'])));
server.listen(Number(args.port), '127.0.0.1', () => {
  const { port } = server.address();
  base = `http://127.0.0.1:${port}`;
  process.stdout.write(`${JSON.stringify({
    base, port, client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scenarios: SCENARIOS.map((s) => s.id),
  })}\n`);
});

const stop = (signal) => {
  log(`${signal}, stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
