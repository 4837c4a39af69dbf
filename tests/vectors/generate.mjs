#!/usr/bin/env node
// Generates the cross-language test vectors (tests/vectors/*.json) from an implementation that is
// independent of the Rust core: Node's crypto and `jose`. See README.md for the file format.
//
//   node tests/vectors/generate.mjs              regenerate the vector files (keys.json is reused)
//   node tests/vectors/generate.mjs --new-keys   make new test keys first (only once, ever)
//
// Generation is deterministic: time, keys, states and site keys are fixed; RSA PKCS#1, Ed25519 and
// HMAC signatures are deterministic; for ECDSA and RSA-PSS (randomised) the signature of a token
// whose header and payload are unchanged is taken back from the previous files. An `output` field
// (written by the Rust runner's bless mode) is kept when the vector's input is unchanged.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import * as jose from 'jose';

const DIR = dirname(fileURLToPath(import.meta.url));
const KEYS_FILE = join(DIR, 'keys.json');
const ERROR_RS = join(DIR, '..', '..', 'core', 'src', 'error.rs');

// ---------------------------------------------------------------------------------------------
// Fixed inputs
// ---------------------------------------------------------------------------------------------

const NOW = 1767225600; // 2026-01-01T00:00:00Z
const SITE_KEY = 'vector-site-key-0123456789abcdefghijklmnop';
const OTHER_SITE_KEY = 'another-site-key-for-vectors-0123456789abcdef';
const ISSUER = 'https://op.example.com';
const CLIENT_ID = 'client-123';
const CLIENT_SECRET = 'vector-client-secret-0123456789abcdef';
const REDIRECT_URI = 'https://site.example/openid-connect-authorize';
const ACCESS_TOKEN = 'SlAV32hkKG-access-token';
const CODE = 'SplxlOBeZQQYbYS6WxSbIA';
const INFOMANIAK = 'https://login.infomaniak.com';

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const sha256 = (text) => createHash('sha256').update(text).digest();
const hmac = (key, text) => createHmac('sha256', Buffer.from(key, 'utf8')).update(text, 'utf8').digest();
const fixedState = (label) => b64u(sha256(`vector-state:${label}`)); // 43 base64url chars

const STATE = fixedState('a');
const STATE_B = fixedState('b');
// Same first 8 characters as STATE (same cookie name), different state.
const STATE_SAME_PREFIX = STATE.slice(0, 8) + fixedState('c').slice(8);

// Derivations of PROTOCOL.md, implemented here independently of the core.
const nonceFor = (state, key = SITE_KEY) => b64u(hmac(key, `ikc-nonce:${state}`));
const verifierFor = (state, key = SITE_KEY) => b64u(hmac(key, `ikc-pkce:${state}`));
const cookieName = (state) => `ikc_login_${state.slice(0, 8)}`;
function cookieValue({ state = STATE, issuer = ISSUER, r = '/', t = NOW, key = SITE_KEY } = {}) {
  const payload = b64u(Buffer.from(JSON.stringify({ s: state, i: issuer, r, t }), 'utf8'));
  return `${payload}.${b64u(hmac(key, `ikc-cookie:${payload}`))}`;
}
const formEncode = (pairs) => new URLSearchParams(pairs).toString();
const formComponent = (text) => formEncode([['', text]]).slice(1);

const PROVIDER = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  userinfo_endpoint: `${ISSUER}/userinfo`,
  jwks_uri: `${ISSUER}/jwks`,
  end_session_endpoint: null,
  id_token_signing_alg_values_supported: ['RS256'],
};
const INFOMANIAK_PROVIDER = {
  issuer: INFOMANIAK,
  authorization_endpoint: `${INFOMANIAK}/authorize`,
  token_endpoint: `${INFOMANIAK}/token`,
  userinfo_endpoint: `${INFOMANIAK}/oauth2/userinfo`,
  jwks_uri: `${INFOMANIAK}/oauth2/jwks`,
  end_session_endpoint: null,
  id_token_signing_alg_values_supported: ['RS256'],
};

function config(overrides = {}, providerOverrides = null) {
  const cfg = {
    issuer: ISSUER,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uri: REDIRECT_URI,
    provider: { ...PROVIDER, ...(providerOverrides || {}) },
    ...overrides,
  };
  for (const k of Object.keys(cfg)) if (cfg[k] === undefined) delete cfg[k];
  return cfg;
}
const withAlgs = (...algs) => config({}, { id_token_signing_alg_values_supported: algs });

function err(code, message) {
  return { error: message ? { code, message } : { code } };
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

const KEY_SPECS = [
  ['rsa-1', 'RS256'],
  ['rsa-2', 'RS256'],
  ['rsa-3', 'RS256'],
  ['ec-p256', 'ES256'],
  ['ec-p384', 'ES384'],
  ['ed25519', 'EdDSA'],
];

async function newKeys() {
  const keys = [];
  for (const [kid, alg] of KEY_SPECS) {
    const options = { extractable: true };
    if (alg === 'RS256') options.modulusLength = 2048;
    if (alg === 'EdDSA') options.crv = 'Ed25519';
    const { privateKey } = await jose.generateKeyPair(alg, options);
    const jwk = await jose.exportJWK(privateKey);
    keys.push({ kid, alg, ...jwk });
  }
  writeFileSync(
    KEYS_FILE,
    JSON.stringify(
      {
        comment:
          'Fixed private test keys for the cross-language vectors. Test use only: never use them anywhere else.',
        keys,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${KEYS_FILE}`);
}

if (process.argv.includes('--new-keys')) await newKeys();
if (!existsSync(KEYS_FILE)) {
  console.error(`${KEYS_FILE} is missing: run once with --new-keys`);
  process.exit(1);
}
const KEYS = Object.fromEntries(JSON.parse(readFileSync(KEYS_FILE, 'utf8')).keys.map((k) => [k.kid, k]));

const MATERIAL = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] };
const PRIVATE = { RSA: ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'], EC: ['crv', 'x', 'y', 'd'], OKP: ['crv', 'x', 'd'] };
const pick = (obj, names) => Object.fromEntries(names.map((n) => [n, obj[n]]));

/** The public JWK of test key `name`, as a provider publishes it; `over` changes/drops fields. */
function pubJwk(name, over = {}) {
  const key = KEYS[name];
  const jwk = { kty: key.kty, kid: key.kid, use: 'sig', alg: key.alg, ...pick(key, MATERIAL[key.kty]), ...over };
  for (const k of Object.keys(jwk)) if (jwk[k] === undefined) delete jwk[k];
  return jwk;
}
const jwks = (...entries) => JSON.stringify({ keys: entries.map((e) => (typeof e === 'string' ? pubJwk(e) : e)) });
const JWKS = jwks('rsa-1', 'rsa-2');
const ALL_KEYS_JWKS = jwks('rsa-1', 'rsa-2', 'ec-p256', 'ec-p384', 'ed25519');
const privateKeyObject = (name) =>
  createPrivateKey({ key: pick(KEYS[name], PRIVATE[KEYS[name].kty].concat(['kty'])), format: 'jwk' });
const publicKeyObject = (name) => createPublicKey({ key: pick(KEYS[name], MATERIAL[KEYS[name].kty].concat(['kty'])), format: 'jwk' });
const RSA1_PEM = publicKeyObject('rsa-1').export({ type: 'spki', format: 'pem' });

// ---------------------------------------------------------------------------------------------
// Previous vector files: outputs to keep, randomised signatures to reuse
// ---------------------------------------------------------------------------------------------

const FILES = ['start', 'callback', 'finish', 'jwks', 'discovery', 'userinfo', 'account', 'return_path', 'logout', 'misc'];
const OLD = new Map();
let oldCorpus = '';
for (const file of FILES) {
  const path = join(DIR, `${file}.json`);
  if (!existsSync(path)) continue;
  const text = readFileSync(path, 'utf8');
  oldCorpus += text + '\n';
  for (const vector of JSON.parse(text).vectors) OLD.set(vector.name, vector);
}

const HASH = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function signRaw(alg, signer, input) {
  const data = Buffer.from(input, 'utf8');
  if (alg.startsWith('HS')) return createHmac(HASH[alg.slice(2)], Buffer.from(signer.secret)).update(data).digest();
  const key = privateKeyObject(signer.key);
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith('RS')) return cryptoSign(hash, data, key);
  if (alg.startsWith('PS'))
    return cryptoSign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  if (alg.startsWith('ES')) return cryptoSign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return cryptoSign(null, data, key);
  throw new Error(`cannot sign ${alg}`);
}

function verifyRaw(alg, signer, input, signature) {
  const data = Buffer.from(input, 'utf8');
  const key = publicKeyObject(signer.key);
  const hash = HASH[alg.slice(2)];
  if (alg.startsWith('PS'))
    return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }, signature);
  if (alg.startsWith('ES')) return cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  throw new Error(`no reuse for ${alg}`);
}

/** A signature of `input` found in the previous files that still verifies (randomised algs only). */
function previousSignature(alg, signer, input) {
  const escaped = input.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  for (const match of oldCorpus.matchAll(new RegExp(`${escaped}\\.([A-Za-z0-9_-]+)`, 'g'))) {
    try {
      if (verifyRaw(alg, signer, input, Buffer.from(match[1], 'base64url'))) return match[1];
    } catch {
      // not a signature of ours
    }
  }
  return null;
}

/**
 * A compact JWS. `header` is an object (or a raw string for the header part), `payload` an object
 * or a raw string, `signer` {key: name} or {secret: text}. Signed with jose where jose can, else
 * with node:crypto (crit headers).
 */
async function jws(header, payload, signer = { key: 'rsa-1' }) {
  const headerPart = typeof header === 'string' ? header : b64u(Buffer.from(JSON.stringify(header), 'utf8'));
  const payloadBytes = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
  const input = `${headerPart}.${b64u(payloadBytes)}`;
  const alg = typeof header === 'string' ? JSON.parse(Buffer.from(header, 'base64url')).alg : header.alg;
  if (/^(ES|PS)/.test(alg)) {
    const previous = previousSignature(alg, signer, input);
    if (previous) return `${input}.${previous}`;
  }
  if (typeof header === 'string' || header.crit !== undefined || typeof header.kid !== 'string' && header.kid !== undefined) {
    return `${input}.${b64u(signRaw(alg, signer, input))}`;
  }
  const key = signer.secret !== undefined
    ? Buffer.from(signer.secret)
    : await jose.importJWK(pick(KEYS[signer.key], PRIVATE[KEYS[signer.key].kty].concat(['kty'])), alg);
  const token = await new jose.CompactSign(payloadBytes).setProtectedHeader(header).sign(key);
  if (!token.startsWith(`${input}.`)) throw new Error('jose encoded the header differently');
  if (/^(ES|PS)/.test(alg)) oldCorpus += `${token}\n`; // same token for the same input within a run
  return token;
}

const unsigned = (header, payload) =>
  `${b64u(Buffer.from(JSON.stringify(header)))}.${b64u(Buffer.from(JSON.stringify(payload)))}.`;

// ---------------------------------------------------------------------------------------------
// ID tokens and token responses
// ---------------------------------------------------------------------------------------------

function claims(over = {}, state = STATE) {
  const c = {
    iss: ISSUER,
    sub: 'alice',
    aud: CLIENT_ID,
    exp: NOW + 600,
    iat: NOW - 5,
    auth_time: NOW - 30,
    nonce: nonceFor(state),
    email: 'alice@example.com',
    email_verified: true,
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    preferred_username: 'alice',
    locale: 'fr-CH',
    ...over,
  };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  return c;
}

const header = (over = {}) => {
  const h = { alg: 'RS256', typ: 'JWT', kid: 'rsa-1', ...over };
  for (const k of Object.keys(h)) if (h[k] === undefined) delete h[k];
  return h;
};

/** An ID token signed with rsa-1 (RS256) unless told otherwise. */
const idToken = (claimsOver = {}, headerOver = {}, signer = { key: 'rsa-1' }) =>
  jws(header(headerOver), claims(claimsOver), signer);

function tokenBody(idTokenValue, over = {}) {
  const body = { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, id_token: idTokenValue, ...over };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return JSON.stringify(body);
}
const tokenResponse = (idTokenValue, over = {}) => ({ status: 200, body: tokenBody(idTokenValue, over) });

function finishInput(token_response, { cfg = config(), jwksBody = JWKS, state = STATE, site_key = SITE_KEY, now = NOW } = {}) {
  return { config: cfg, site_key, now, state, token_response, jwks: jwksBody };
}

function identityOf(c, issuer = ISSUER) {
  const text = (name) => (typeof c[name] === 'string' && c[name].trim() !== '' ? c[name].trim() : null);
  return {
    issuer,
    subject: c.sub,
    email: text('email'),
    email_verified: c.email_verified === true || c.email_verified === 'true',
    name: text('name'),
    given_name: text('given_name'),
    family_name: text('family_name'),
    preferred_username: text('preferred_username'),
    locale: text('locale'),
    claims: c,
  };
}

const OK_ALICE = { ok: { identity: { issuer: ISSUER, subject: 'alice', email: 'alice@example.com', email_verified: true } } };

// ---------------------------------------------------------------------------------------------
// Vectors
// ---------------------------------------------------------------------------------------------

const groups = Object.fromEntries(FILES.map((f) => [f, []]));
function vector(file, name, op, input, expect, extra = {}) {
  const v = { name: `${file}/${name}`, op };
  if (extra.input_raw !== undefined) v.input_raw = extra.input_raw;
  else v.input = input;
  if (extra.note) v.note = extra.note;
  v.expect = expect;
  if (extra.shape) {
    v.shape = extra.shape;
    v.shape_params = extra.shape_params;
  }
  groups[file].push(v);
}

// ----- misc -----------------------------------------------------------------------------------
vector('misc', 'version', 'version', {}, { ok: { abi: 1 } });
vector('misc', 'unknown-operation', 'frobnicate', {}, err('unknown_operation', 'The login could not be completed. Please try again.'));
vector('misc', 'empty-operation-name', '', {}, err('unknown_operation'));
vector('misc', 'input-not-json', 'version', null, err('invalid_input'), { input_raw: '{"not json' });
vector('misc', 'input-empty-string', 'version', null, err('invalid_input'), { input_raw: '' });
vector('misc', 'input-is-array', 'version', [], err('invalid_input'));
vector('misc', 'input-is-number', 'sanitize_return_path', 5, err('invalid_input'));
vector('misc', 'input-is-string', 'start', 'config', err('invalid_input'));
vector('misc', 'start-missing-config', 'start', { site_key: SITE_KEY, now: NOW }, err('invalid_input'));
vector('misc', 'callback-missing-config', 'callback', { site_key: SITE_KEY, now: NOW, query: '', cookies: {} }, err('invalid_input'));
vector('misc', 'finish-missing-config', 'finish',
  { site_key: SITE_KEY, now: NOW, state: STATE, token_response: { status: 200, body: '{}' }, jwks: JWKS }, err('invalid_input'));
vector('misc', 'config-not-an-object', 'start', { config: 'https://op.example.com', site_key: SITE_KEY, now: NOW }, err('invalid_input'));
vector('misc', 'now-is-a-string', 'start', { config: config(), site_key: SITE_KEY, now: String(NOW) }, err('invalid_input'));
vector('misc', 'now-is-negative', 'start', { config: config(), site_key: SITE_KEY, now: -1 }, err('invalid_input'));
vector('misc', 'config-missing-redirect-uri', 'start',
  { config: config({ redirect_uri: undefined }), site_key: SITE_KEY, now: NOW }, err('invalid_input'));
vector('misc', 'token-auth-method-unknown', 'start',
  { config: config({ token_endpoint_auth_method: 'private_key_jwt' }), site_key: SITE_KEY, now: NOW }, err('invalid_input'));

// ----- start ----------------------------------------------------------------------------------
const COOKIE_ATTRS = { max_age: 600, path: '/', http_only: true, same_site: 'Lax' };
function startVector(name, input, { secure = true, scope = 'openid profile email', returnPath = '/', endpoint = PROVIDER.authorization_endpoint, note } = {}) {
  vector('start', name, 'start', input, { ok: { cookie: { ...COOKIE_ATTRS, secure } } }, {
    shape: 'start',
    shape_params: { authorization_endpoint: endpoint, scope, return_path: returnPath },
    note,
  });
}
const startInput = (over = {}, cfg = config()) => ({ config: cfg, site_key: SITE_KEY, now: NOW, return_path: '/x', ...over });
startVector('https-site', startInput(), { returnPath: '/x' });
startVector('return-path-with-query', startInput({ return_path: '/a?b=c' }), { returnPath: '/a?b=c' });
startVector('return-path-absent', { config: config(), site_key: SITE_KEY, now: NOW }, { returnPath: '/' });
startVector('return-path-protocol-relative', startInput({ return_path: '//evil.example' }), { returnPath: '/' });
startVector('return-path-javascript', startInput({ return_path: 'javascript:alert(1)' }), { returnPath: '/' });
startVector('return-path-header-injection', startInput({ return_path: '/x\r\nSet-Cookie: a=b' }), { returnPath: '/' });
startVector('http-loopback-site', startInput({}, config({ redirect_uri: 'http://127.0.0.1:8080/openid-connect-authorize' })),
  { secure: false, returnPath: '/x', note: 'http redirect_uri on loopback: cookie without Secure' });
startVector('infomaniak-preset', startInput({}, config({ issuer: INFOMANIAK, provider: undefined })),
  { returnPath: '/x', endpoint: INFOMANIAK_PROVIDER.authorization_endpoint });
startVector('custom-scopes', startInput({}, config({ scopes: ['email', 'openid', 'offline_access', 'email'] })),
  { returnPath: '/x', scope: 'openid email offline_access', note: 'openid first, duplicates dropped' });
startVector('scopes-without-openid', startInput({}, config({ scopes: ['profile'] })), { returnPath: '/x', scope: 'openid profile' });
startVector('scopes-invalid-entries-dropped', startInput({}, config({ scopes: ['profile', 'bad scope', '', 'a"b\u0001'] })),
  { returnPath: '/x', scope: 'openid profile' });
startVector('endpoint-with-query', startInput({}, config({}, { authorization_endpoint: `${ISSUER}/authorize?tenant=acme` })),
  { returnPath: '/x', endpoint: `${ISSUER}/authorize?tenant=acme` });
startVector('client-id-and-redirect-uri-need-encoding',
  startInput({}, config({ client_id: 'client&id=1 +é', redirect_uri: 'https://site.example/openid-connect-authorize?lang=fr&x=a b' })),
  { returnPath: '/x' });
startVector('client-secret-not-needed', startInput({}, config({ client_secret: undefined })), { returnPath: '/x' });
vector('start', 'site-key-too-short', 'start', startInput({ site_key: 'short-key-0123456789abcdef' }), err('site_key_invalid'));
vector('start', 'no-provider-for-custom-issuer', 'start', startInput({}, config({ provider: undefined })), err('provider_metadata_missing'));
vector('start', 'issuer-http-not-loopback', 'start',
  startInput({}, config({ issuer: 'http://op.example.com' }, { issuer: 'http://op.example.com' })), err('config_invalid'));
vector('start', 'client-id-empty', 'start', startInput({}, config({ client_id: ' ' })), err('config_invalid'));
vector('start', 'redirect-uri-not-absolute', 'start', startInput({}, config({ redirect_uri: '/openid-connect-authorize' })), err('config_invalid'));
vector('start', 'provider-for-another-issuer', 'start',
  startInput({}, config({}, { issuer: 'https://other.example.com' })), err('config_invalid'));
vector('start', 'provider-endpoint-http', 'start',
  startInput({}, config({}, { authorization_endpoint: 'http://op.example.com/authorize' })), err('config_invalid'));
vector('start', 'clock-tolerance-too-large', 'start', startInput({}, config({ clock_tolerance: 301 })), err('config_invalid'));

// ----- callback -------------------------------------------------------------------------------
function callbackExpect({ cfg = config(), state = STATE, code = CODE, returnPath = '/x', tokenEndpoint = cfg.provider?.token_endpoint ?? `${INFOMANIAK}/token` } = {}) {
  const form = [
    ['grant_type', 'authorization_code'],
    ['code', code],
    ['redirect_uri', cfg.redirect_uri],
    ['code_verifier', verifierFor(state)],
  ];
  const headers = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
  if (cfg.token_endpoint_auth_method === 'client_secret_post') {
    form.push(['client_id', cfg.client_id], ['client_secret', cfg.client_secret]);
  } else {
    const credentials = `${formComponent(cfg.client_id)}:${formComponent(cfg.client_secret)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
  }
  const secure = cfg.redirect_uri.startsWith('https://') ? '; Secure' : '';
  return {
    ok: {
      state,
      return_path: returnPath,
      token_request: { method: 'POST', url: tokenEndpoint, headers, body: formEncode(form) },
      clear_cookie: `${cookieName(state)}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure}`,
    },
  };
}
const query = (params) => formEncode(Object.entries(params));
function callbackInput({ cfg = config(), q = { code: CODE, state: STATE, iss: ISSUER }, cookies, asString = true, now = NOW, site_key = SITE_KEY } = {}) {
  return {
    config: cfg,
    site_key,
    now,
    query: asString ? query(q) : q,
    cookies: cookies ?? { [cookieName(STATE)]: cookieValue({ r: '/x' }), unrelated: 'x' },
  };
}
vector('callback', 'basic-query-string', 'callback', callbackInput(), callbackExpect());
vector('callback', 'basic-query-object', 'callback', callbackInput({ asString: false }), callbackExpect());
vector('callback', 'query-string-leading-question-mark', 'callback',
  { ...callbackInput(), query: `?${query({ code: CODE, state: STATE })}` }, callbackExpect());
{
  const cfg = config({ client_id: 'client id:é', client_secret: 's3cr:t+with space/&=é' });
  vector('callback', 'basic-secret-needs-form-encoding', 'callback', callbackInput({ cfg }), callbackExpect({ cfg }), {
    note: 'RFC 6749 §2.3.1: Basic base64(formurlencode(id) ":" formurlencode(secret))',
  });
  const post = config({ token_endpoint_auth_method: 'client_secret_post', client_secret: 's3cr:t+with space/&=é' });
  vector('callback', 'client-secret-post', 'callback', callbackInput({ cfg: post }), callbackExpect({ cfg: post }));
  const explicitBasic = config({ token_endpoint_auth_method: 'client_secret_basic' });
  vector('callback', 'client-secret-basic-explicit', 'callback', callbackInput({ cfg: explicitBasic }), callbackExpect({ cfg: explicitBasic }));
}
{
  const code = 'a+b/c=d&e f';
  vector('callback', 'code-with-special-characters', 'callback', callbackInput({ q: { code, state: STATE } }), callbackExpect({ code }));
  vector('callback', 'code-with-special-characters-object', 'callback',
    callbackInput({ q: { code, state: STATE }, asString: false }), callbackExpect({ code }));
}
vector('callback', 'repeated-parameters-first-wins', 'callback',
  { ...callbackInput(), query: `code=${CODE}&state=${STATE}&code=injected&state=${STATE_B}` }, callbackExpect());
vector('callback', 'iss-absent', 'callback', callbackInput({ q: { code: CODE, state: STATE } }), callbackExpect());
vector('callback', 'iss-right', 'callback', callbackInput({ q: { code: CODE, state: STATE, iss: ISSUER } }), callbackExpect());
vector('callback', 'iss-wrong-mix-up', 'callback',
  callbackInput({ q: { code: CODE, state: STATE, iss: 'https://evil.example.com' } }), err('issuer_mismatch'));
vector('callback', 'iss-trailing-slash', 'callback',
  callbackInput({ q: { code: CODE, state: STATE, iss: `${ISSUER}/` } }), err('issuer_mismatch'));
vector('callback', 'return-path-from-cookie', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/a?b=c' }) } }), callbackExpect({ returnPath: '/a?b=c' }));
{
  const cfg = config({ redirect_uri: 'http://127.0.0.1:8080/openid-connect-authorize' });
  vector('callback', 'http-loopback-site-clear-cookie-not-secure', 'callback', callbackInput({ cfg }), callbackExpect({ cfg }));
  const im = config({ issuer: INFOMANIAK, provider: undefined });
  vector('callback', 'infomaniak-preset', 'callback',
    callbackInput({ cfg: im, q: { code: CODE, state: STATE, iss: INFOMANIAK },
      cookies: { [cookieName(STATE)]: cookieValue({ issuer: INFOMANIAK, r: '/x' }) } }),
    callbackExpect({ cfg: im }));
}
for (const [error, code] of [
  ['access_denied', 'access_denied'],
  ['login_required', 'provider_interaction_required'],
  ['consent_required', 'provider_interaction_required'],
  ['interaction_required', 'provider_interaction_required'],
  ['server_error', 'provider_unavailable'],
  ['temporarily_unavailable', 'provider_unavailable'],
  ['invalid_request', 'provider_rejected'],
  ['unauthorized_client', 'provider_rejected'],
  ['invalid_scope', 'provider_rejected'],
]) {
  vector('callback', `op-error-${error}`, 'callback',
    callbackInput({ q: { error, error_description: 'The user said no', state: STATE } }), err(code));
}
vector('callback', 'op-error-access-denied-message', 'callback',
  callbackInput({ q: { error: 'access_denied', state: STATE }, asString: false }), err('access_denied', 'The login was cancelled.'));
vector('callback', 'op-error-without-state-or-cookie', 'callback',
  callbackInput({ q: { error: 'access_denied' }, cookies: {} }), err('access_denied'));
vector('callback', 'query-object-non-string-value', 'callback',
  callbackInput({ q: { code: 5, state: STATE }, asString: false }), err('invalid_input'));
vector('callback', 'cookies-not-an-object', 'callback', { ...callbackInput(), cookies: ['x'] }, err('invalid_input'));
vector('callback', 'state-missing', 'callback', callbackInput({ q: { code: CODE } }), err('state_missing'));
vector('callback', 'state-empty', 'callback', callbackInput({ q: { code: CODE, state: '' } }), err('state_missing'));
vector('callback', 'query-empty', 'callback', callbackInput({ q: {} }), err('state_missing'));
vector('callback', 'state-malformed-short', 'callback', callbackInput({ q: { code: CODE, state: 'abc' } }), err('state_invalid'));
vector('callback', 'state-malformed-alphabet', 'callback',
  callbackInput({ q: { code: CODE, state: `${STATE.slice(0, 42)}=` } }), err('state_invalid'));
vector('callback', 'state-malformed-too-long', 'callback', callbackInput({ q: { code: CODE, state: `${STATE}A` } }), err('state_invalid'));
vector('callback', 'cookie-missing-another-tab', 'callback',
  callbackInput({ cookies: { [cookieName(STATE_B)]: cookieValue({ state: STATE_B, r: '/x' }) } }), err('login_cookie_missing'),
  { note: 'the browser has a login cookie, but for another attempt (another tab)' });
vector('callback', 'cookie-missing-no-cookies', 'callback', callbackInput({ cookies: {} }), err('login_cookie_missing'));
vector('callback', 'cookie-not-a-string-ignored', 'callback', callbackInput({ cookies: { [cookieName(STATE)]: 5 } }), err('login_cookie_missing'));
vector('callback', 'cookie-same-name-other-state', 'callback',
  callbackInput({ q: { code: CODE, state: STATE_SAME_PREFIX } }), err('state_invalid'),
  { note: 'a state sharing the first 8 characters (cookie name) of the cookie state' });
{
  const good = cookieValue({ r: '/x' });
  const [, mac] = good.split('.');
  const evilPayload = b64u(Buffer.from(JSON.stringify({ s: STATE, i: ISSUER, r: '//evil.example', t: NOW })));
  vector('callback', 'cookie-tampered-payload', 'callback',
    callbackInput({ cookies: { [cookieName(STATE)]: `${evilPayload}.${mac}` } }), err('state_invalid'));
  const flipped = mac[0] === 'A' ? `B${mac.slice(1)}` : `A${mac.slice(1)}`;
  vector('callback', 'cookie-tampered-mac', 'callback',
    callbackInput({ cookies: { [cookieName(STATE)]: `${good.split('.')[0]}.${flipped}` } }), err('state_invalid'));
  vector('callback', 'cookie-without-mac', 'callback',
    callbackInput({ cookies: { [cookieName(STATE)]: good.split('.')[0] } }), err('state_invalid'));
  vector('callback', 'cookie-garbage', 'callback', callbackInput({ cookies: { [cookieName(STATE)]: '...' } }), err('state_invalid'));
  const badJson = b64u(Buffer.from('{"s":"x"'));
  vector('callback', 'cookie-valid-mac-invalid-payload', 'callback',
    callbackInput({ cookies: { [cookieName(STATE)]: `${badJson}.${b64u(hmac(SITE_KEY, `ikc-cookie:${badJson}`))}` } }),
    err('state_invalid'));
}
vector('callback', 'cookie-signed-with-another-site-key', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', key: OTHER_SITE_KEY }) } }), err('state_invalid'));
vector('callback', 'cookie-for-another-issuer', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', issuer: 'https://other.example.com' }) } }),
  err('state_invalid'));
vector('callback', 'cookie-expired', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', t: NOW - 601 }) } }), err('state_expired'));
vector('callback', 'cookie-at-lifetime-limit', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', t: NOW - 600 }) } }), callbackExpect());
vector('callback', 'cookie-slightly-in-future', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', t: NOW + 30 }) } }), callbackExpect());
vector('callback', 'cookie-far-in-future', 'callback',
  callbackInput({ cookies: { [cookieName(STATE)]: cookieValue({ r: '/x', t: NOW + 3600 }) } }), err('state_invalid'));
vector('callback', 'code-missing', 'callback', callbackInput({ q: { state: STATE, iss: ISSUER } }), err('code_missing'));
vector('callback', 'code-empty', 'callback', callbackInput({ q: { code: '', state: STATE } }), err('code_missing'));
vector('callback', 'client-secret-missing', 'callback', callbackInput({ cfg: config({ client_secret: undefined }) }), err('config_invalid'));
vector('callback', 'client-secret-empty', 'callback', callbackInput({ cfg: config({ client_secret: '' }) }), err('config_invalid'));
vector('callback', 'site-key-too-short', 'callback', callbackInput({ site_key: 'x'.repeat(31) }), err('site_key_invalid'));
vector('callback', 'no-provider-for-custom-issuer', 'callback', callbackInput({ cfg: config({ provider: undefined }) }),
  err('provider_metadata_missing'));

// ----- clear_cookie: the header that deletes a failed callback's login cookie ----------------------
{
  const clearInput = ({ cfg = config(), q = { state: STATE, error: 'access_denied' }, cookies = { [cookieName(STATE)]: cookieValue() } } = {}) =>
    ({ config: cfg, query: q, cookies });
  const header = (secure = true) => `${cookieName(STATE)}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  vector('callback', 'clear-cookie-after-failure', 'clear_cookie', clearInput(), { ok: { clear_cookie: header() } });
  vector('callback', 'clear-cookie-query-string', 'clear_cookie',
    clearInput({ q: `state=${STATE}&iss=https%3A%2F%2Fevil.example` }), { ok: { clear_cookie: header() } });
  const http = config({ redirect_uri: 'http://127.0.0.1:8080/openid-connect-authorize' });
  vector('callback', 'clear-cookie-http-site-not-secure', 'clear_cookie', clearInput({ cfg: http }), { ok: { clear_cookie: header(false) } });
  vector('callback', 'clear-cookie-not-carried', 'clear_cookie', clearInput({ cookies: {} }), { ok: { clear_cookie: null } });
  vector('callback', 'clear-cookie-other-tab-untouched', 'clear_cookie',
    clearInput({ cookies: { [cookieName(STATE_B)]: cookieValue({ state: STATE_B }) } }), { ok: { clear_cookie: null } });
  vector('callback', 'clear-cookie-malformed-state', 'clear_cookie',
    clearInput({ q: { state: '../../x' }, cookies: { 'ikc_login_../../x': 'v' } }), { ok: { clear_cookie: null } });
  vector('callback', 'clear-cookie-no-state', 'clear_cookie', clearInput({ q: {} }), { ok: { clear_cookie: null } });
  vector('callback', 'clear-cookie-bad-input', 'clear_cookie', { query: {} }, err('invalid_input'));
}

// ----- finish ---------------------------------------------------------------------------------
async function finishVectors() {
  const happyClaims = claims();
  const happy = await idToken();
  vector('finish', 'oidcc-client-test', 'finish', finishInput(tokenResponse(happy)),
    { ok: { identity: identityOf(happyClaims), userinfo_request: null } },
    { note: 'OpenID Foundation Basic RP: happy path, RS256 with kid' });
  vector('finish', 'oidcc-client-test-idtoken-sig-rs256', 'finish',
    finishInput(tokenResponse(await idToken({}, { typ: undefined }))), OK_ALICE);
  vector('finish', 'oidcc-client-test-invalid-iss', 'finish',
    finishInput(tokenResponse(await idToken({ iss: 'https://evil.example.com' }))), err('id_token_issuer_mismatch'));
  vector('finish', 'oidcc-client-test-missing-sub', 'finish',
    finishInput(tokenResponse(await idToken({ sub: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'oidcc-client-test-invalid-aud', 'finish',
    finishInput(tokenResponse(await idToken({ aud: 'another-client' }))), err('id_token_audience_mismatch'));
  vector('finish', 'oidcc-client-test-missing-aud', 'finish',
    finishInput(tokenResponse(await idToken({ aud: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'oidcc-client-test-missing-iat', 'finish',
    finishInput(tokenResponse(await idToken({ iat: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'oidcc-client-test-kid-absent-single-jwks', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: undefined })), { jwksBody: jwks('rsa-1') }), OK_ALICE);
  vector('finish', 'oidcc-client-test-kid-absent-multiple-jwks', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: undefined }))), err('id_token_key_ambiguous'));
  vector('finish', 'oidcc-client-test-idtoken-sig-none', 'finish',
    finishInput(tokenResponse(unsigned({ alg: 'none', typ: 'JWT' }, claims()))), err('id_token_alg_not_allowed'),
    { note: 'unsecured JWS (RFC 7519 §6): alg none, empty signature' });
  {
    const t = await idToken();
    const [h, , s] = t.split('.');
    const forged = b64u(Buffer.from(JSON.stringify(claims({ sub: 'mallory' }))));
    vector('finish', 'oidcc-client-test-invalid-sig-rs256', 'finish',
      finishInput(tokenResponse(`${h}.${forged}.${s}`)), err('id_token_signature_invalid'));
  }
  vector('finish', 'oidcc-client-test-nonce-invalid', 'finish',
    finishInput(tokenResponse(await idToken({ nonce: nonceFor(STATE_B) }))), err('id_token_nonce_mismatch'));
  vector('finish', 'oidcc-client-test-signing-key-rotation', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: 'rsa-3' }, { key: 'rsa-3' }))), err('jwks_refresh'),
    { note: 'kid not in the cached JWKS: the host refetches it once' });
  vector('finish', 'oidcc-client-test-signing-key-rotation-after-refresh', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: 'rsa-3' }, { key: 'rsa-3' })), { jwksBody: jwks('rsa-2', 'rsa-3') }), OK_ALICE);

  // alg none and key confusion
  vector('finish', 'alg-none-with-signature', 'finish',
    finishInput(tokenResponse(`${unsigned({ alg: 'none', typ: 'JWT', kid: 'rsa-1' }, claims())}${b64u(Buffer.from('sig'))}`)),
    err('id_token_alg_not_allowed'));
  vector('finish', 'alg-none-provider-lists-none', 'finish',
    finishInput(tokenResponse(`${unsigned({ alg: 'none' }, claims())}${b64u(Buffer.from('sig'))}`), { cfg: withAlgs('RS256', 'none') }),
    err('id_token_alg_not_allowed'));
  vector('finish', 'alg-None-mixed-case', 'finish',
    finishInput(tokenResponse(`${unsigned({ alg: 'None' }, claims())}${b64u(Buffer.from('sig'))}`)), err('id_token_alg_not_allowed'));
  const pemToken = await idToken({}, { alg: 'HS256' }, { secret: RSA1_PEM });
  vector('finish', 'hs256-keyed-with-rsa-public-pem', 'finish', finishInput(tokenResponse(pemToken)), err('id_token_alg_not_allowed'),
    { note: 'key confusion: HMAC keyed with the provider public key (PEM), HS256 not enabled' });
  const jwkToken = await idToken({}, { alg: 'HS256' }, { secret: JSON.stringify(pubJwk('rsa-1')) });
  vector('finish', 'hs256-keyed-with-rsa-public-jwk', 'finish', finishInput(tokenResponse(jwkToken)), err('id_token_alg_not_allowed'),
    { note: 'key confusion: HMAC keyed with the JSON of the provider public JWK' });
  vector('finish', 'hs256-keyed-with-rsa-public-pem-hs256-enabled', 'finish',
    finishInput(tokenResponse(pemToken), { cfg: config({ allow_hs256: true }) }), err('id_token_signature_invalid'));
  vector('finish', 'hs256-provider-lists-it-but-not-enabled', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'HS256', kid: undefined }, { secret: CLIENT_SECRET })), { cfg: withAlgs('RS256', 'HS256') }),
    err('id_token_alg_not_allowed'));
  const hsToken = await idToken({}, { alg: 'HS256', kid: undefined }, { secret: CLIENT_SECRET });
  vector('finish', 'hs256-enabled-client-secret', 'finish',
    finishInput(tokenResponse(hsToken), { cfg: config({ allow_hs256: true }) }), OK_ALICE);
  vector('finish', 'hs256-not-enabled', 'finish', finishInput(tokenResponse(hsToken)), err('id_token_alg_not_allowed'));
  vector('finish', 'hs256-enabled-without-client-secret', 'finish',
    finishInput(tokenResponse(hsToken), { cfg: config({ allow_hs256: true, client_secret: '' }) }), err('id_token_alg_not_allowed'));
  vector('finish', 'hs256-enabled-wrong-secret', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'HS256', kid: undefined }, { secret: 'another-secret-0123456789abcdef' })),
      { cfg: config({ allow_hs256: true }) }), err('id_token_signature_invalid'));
  vector('finish', 'rs256-still-accepted-with-hs256-enabled', 'finish',
    finishInput(tokenResponse(happy), { cfg: config({ allow_hs256: true }) }), OK_ALICE);

  // key selection
  vector('finish', 'duplicate-kid', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: 'dup' })), { jwksBody: jwks(pubJwk('rsa-1', { kid: 'dup' }), pubJwk('rsa-2', { kid: 'dup' })) }),
    err('id_token_key_ambiguous'));
  vector('finish', 'same-kid-different-key-types', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'ES256', kid: 'k1' }, { key: 'ec-p256' })),
      { cfg: withAlgs('RS256', 'ES256'), jwksBody: jwks(pubJwk('rsa-1', { kid: 'k1', alg: undefined }), pubJwk('ec-p256', { kid: 'k1', alg: undefined })) }),
    OK_ALICE, { note: 'one kid for an RSA and an EC key: only the EC key fits an ES256 token' });
  vector('finish', 'jwks-only-ec-keys-rs256-token', 'finish',
    finishInput(tokenResponse(happy), { jwksBody: jwks('ec-p256', 'ec-p384') }), err('jwks_refresh'));
  vector('finish', 'jwks-empty', 'finish', finishInput(tokenResponse(happy), { jwksBody: '{"keys":[]}' }), err('jwks_refresh'));
  vector('finish', 'jwks-not-json', 'finish', finishInput(tokenResponse(happy), { jwksBody: '<html>' }), err('jwks_invalid'));
  vector('finish', 'jwks-without-keys', 'finish', finishInput(tokenResponse(happy), { jwksBody: '{"kid":"rsa-1"}' }), err('jwks_invalid'));
  vector('finish', 'jwks-enc-key-ignored', 'finish',
    finishInput(tokenResponse(happy), { jwksBody: jwks(pubJwk('rsa-2', { kid: 'rsa-1', use: 'enc', alg: 'RSA-OAEP' }), 'rsa-1') }), OK_ALICE,
    { note: 'an encryption key with the same kid is not a candidate' });
  vector('finish', 'jwks-only-enc-key', 'finish',
    finishInput(tokenResponse(happy), { jwksBody: jwks(pubJwk('rsa-1', { use: 'enc', alg: 'RSA-OAEP' })) }), err('jwks_refresh'));
  vector('finish', 'jwks-key-without-alg-and-use', 'finish',
    finishInput(tokenResponse(happy), { jwksBody: jwks(pubJwk('rsa-1', { alg: undefined, use: undefined })) }), OK_ALICE);
  vector('finish', 'kid-known-but-signed-with-other-key', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: 'rsa-1' }, { key: 'rsa-2' }))), err('id_token_signature_invalid'));
  vector('finish', 'kid-of-wrong-type', 'finish',
    finishInput(tokenResponse(await idToken({}, { kid: 1 }))), err('id_token_malformed'));
  {
    const attacker = { key: 'rsa-3' };
    vector('finish', 'embedded-jwk-header-attack', 'finish',
      finishInput(tokenResponse(await idToken({}, { jwk: pubJwk('rsa-3', { use: undefined, alg: undefined, kid: undefined }) }, attacker))),
      err('id_token_malformed'), { note: 'CVE-2018-0114 style: the key in the header is never trusted' });
    vector('finish', 'embedded-jwk-header-of-the-right-key', 'finish',
      finishInput(tokenResponse(await idToken({}, { jwk: pubJwk('rsa-1', { use: undefined, alg: undefined, kid: undefined }) }))),
      err('id_token_malformed'), { note: 'an embedded "jwk" header (RFC 7515 §4.1.3) is refused outright: embedded keys are never trusted, and jwt-simple cannot parse the object form' });
    vector('finish', 'jku-header-attack', 'finish',
      finishInput(tokenResponse(await idToken({}, { jku: 'https://evil.example.com/jwks' }, attacker))),
      err('id_token_signature_invalid'));
  }

  // algorithms
  const algCases = [
    ['es256', 'ES256', 'ec-p256'],
    ['es384', 'ES384', 'ec-p384'],
    ['eddsa', 'EdDSA', 'ed25519'],
    ['ps256', 'PS256', 'rsa-1'],
    ['rs512', 'RS512', 'rsa-1'],
  ];
  for (const [label, alg, key] of algCases) {
    const jwkOver = key.startsWith('rsa') ? { alg } : {};
    const token = await idToken({}, { alg, kid: key }, { key });
    const body = jwks(pubJwk('rsa-2'), pubJwk(key, jwkOver));
    vector('finish', `${label}-listed-accepted`, 'finish',
      finishInput(tokenResponse(token), { cfg: withAlgs('RS256', alg), jwksBody: body }), OK_ALICE);
    vector('finish', `${label}-not-listed-rejected`, 'finish',
      finishInput(tokenResponse(token), { jwksBody: body }), err('id_token_alg_not_allowed'));
  }
  {
    const es = await idToken({}, { alg: 'ES256', kid: 'ec-p256' }, { key: 'ec-p256' });
    const [h, p, sig] = es.split('.');
    const cfg = withAlgs('RS256', 'ES256');
    vector('finish', 'es256-psychic-signature', 'finish',
      finishInput(tokenResponse(`${h}.${p}.${b64u(Buffer.alloc(64))}`), { cfg, jwksBody: ALL_KEYS_JWKS }), err('id_token_signature_invalid'),
      { note: 'CVE-2022-21449: r = s = 0 must never verify' });
    const raw = Buffer.from(sig, 'base64url');
    const derInt = (b) => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      const v = b.subarray(i);
      return v[0] & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v;
    };
    const r = derInt(raw.subarray(0, 32));
    const sv = derInt(raw.subarray(32));
    const der = Buffer.concat([Buffer.from([0x30, r.length + sv.length + 4, 0x02, r.length]), r, Buffer.from([0x02, sv.length]), sv]);
    vector('finish', 'es256-der-encoded-signature', 'finish',
      finishInput(tokenResponse(`${h}.${p}.${b64u(der)}`), { cfg, jwksBody: ALL_KEYS_JWKS }), err('id_token_signature_invalid'),
      { note: 'JWS ECDSA signatures are R || S (RFC 7518 §3.4), not DER' });
  }
  {
    const es = await idToken({}, { alg: 'ES384', kid: 'ec-p384' }, { key: 'ec-p384' });
    const [h, p] = es.split('.');
    vector('finish', 'es384-psychic-signature', 'finish',
      finishInput(tokenResponse(`${h}.${p}.${b64u(Buffer.alloc(96))}`), { cfg: withAlgs('ES384'), jwksBody: ALL_KEYS_JWKS }),
      err('id_token_signature_invalid'));
  }
  vector('finish', 'ps256-jwk-alg-rs256-no-fitting-key', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'PS256' })), { cfg: withAlgs('RS256', 'PS256') }), err('jwks_refresh'),
    { note: 'the only key with this kid is restricted to RS256 by its "alg"' });
  vector('finish', 'es256-kid-absent-single-ec-key', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'ES256', kid: undefined }, { key: 'ec-p256' })),
      { cfg: withAlgs('RS256', 'ES256'), jwksBody: ALL_KEYS_JWKS }), OK_ALICE,
    { note: 'no kid, several keys, but only one of the token\'s type' });
  vector('finish', 'es256-signature-with-p384-key-id', 'finish',
    finishInput(tokenResponse(await idToken({}, { alg: 'ES256', kid: 'ec-p384' }, { key: 'ec-p256' })),
      { cfg: withAlgs('ES256', 'ES384'), jwksBody: ALL_KEYS_JWKS }), err('jwks_refresh'));
  vector('finish', 'unsupported-alg-listed', 'finish',
    finishInput(tokenResponse(`${unsigned({ alg: 'ES256K', kid: 'rsa-1' }, claims())}${b64u(Buffer.from('sig'))}`),
      { cfg: withAlgs('RS256', 'ES256K') }), err('id_token_alg_not_allowed'));

  // audience and azp
  vector('finish', 'aud-array-extra-audience-no-azp', 'finish',
    finishInput(tokenResponse(await idToken({ aud: [CLIENT_ID, 'another-client'] }))), err('id_token_azp_mismatch'));
  vector('finish', 'aud-array-extra-audience-azp-client', 'finish',
    finishInput(tokenResponse(await idToken({ aud: [CLIENT_ID, 'another-client'], azp: CLIENT_ID }))), OK_ALICE);
  vector('finish', 'aud-array-extra-audience-other-azp', 'finish',
    finishInput(tokenResponse(await idToken({ aud: [CLIENT_ID, 'another-client'], azp: 'another-client' }))), err('id_token_azp_mismatch'));
  vector('finish', 'aud-single-wrong-azp', 'finish',
    finishInput(tokenResponse(await idToken({ azp: 'another-client' }))), err('id_token_azp_mismatch'));
  vector('finish', 'aud-array-single-client', 'finish',
    finishInput(tokenResponse(await idToken({ aud: [CLIENT_ID] }))), OK_ALICE);
  vector('finish', 'aud-array-without-client', 'finish',
    finishInput(tokenResponse(await idToken({ aud: ['another-client', 'third-client'], azp: CLIENT_ID }))), err('id_token_audience_mismatch'));
  vector('finish', 'aud-not-a-string', 'finish', finishInput(tokenResponse(await idToken({ aud: 5 }))), err('id_token_malformed'));

  // issuer
  vector('finish', 'iss-trailing-slash', 'finish',
    finishInput(tokenResponse(await idToken({ iss: `${ISSUER}/` }))), err('id_token_issuer_mismatch'));
  vector('finish', 'iss-missing', 'finish', finishInput(tokenResponse(await idToken({ iss: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'sub-empty', 'finish', finishInput(tokenResponse(await idToken({ sub: '' }))), err('id_token_claim_missing'));
  vector('finish', 'sub-not-a-string', 'finish', finishInput(tokenResponse(await idToken({ sub: 42 }))), err('id_token_malformed'));

  // time
  vector('finish', 'exp-missing', 'finish', finishInput(tokenResponse(await idToken({ exp: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'exp-beyond-tolerance', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW - 61, iat: NOW - 600 }))), err('id_token_expired'));
  vector('finish', 'exp-at-tolerance-limit', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW - 60, iat: NOW - 600 }))), OK_ALICE);
  vector('finish', 'exp-within-tolerance', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW - 30, iat: NOW - 600 }))), OK_ALICE);
  vector('finish', 'exp-beyond-zero-tolerance', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW - 1, iat: NOW - 600 })), { cfg: config({ clock_tolerance: 0 }) }), err('id_token_expired'));
  vector('finish', 'exp-long-ago', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW - 86400, iat: NOW - 90000 }))), err('id_token_expired'));
  vector('finish', 'exp-as-float', 'finish',
    finishInput(tokenResponse(await idToken({ exp: NOW + 600.5 }))), OK_ALICE, { note: 'NumericDate may be non-integer (RFC 7519 §2)' });
  vector('finish', 'exp-as-string', 'finish',
    finishInput(tokenResponse(await idToken({ exp: String(NOW + 600) }))), err('id_token_malformed'));
  vector('finish', 'nbf-beyond-tolerance', 'finish',
    finishInput(tokenResponse(await idToken({ nbf: NOW + 61 }))), err('id_token_not_yet_valid'));
  vector('finish', 'nbf-within-tolerance', 'finish', finishInput(tokenResponse(await idToken({ nbf: NOW + 60 }))), OK_ALICE);
  vector('finish', 'nbf-past', 'finish', finishInput(tokenResponse(await idToken({ nbf: NOW - 5 }))), OK_ALICE);
  vector('finish', 'iat-far-in-future', 'finish',
    finishInput(tokenResponse(await idToken({ iat: NOW + 3600, exp: NOW + 7200 }))), err('id_token_issued_in_future'));
  vector('finish', 'iat-within-tolerance', 'finish', finishInput(tokenResponse(await idToken({ iat: NOW + 30 }))), OK_ALICE);
  vector('finish', 'iat-old-but-not-expired', 'finish',
    finishInput(tokenResponse(await idToken({ iat: NOW - 86400, exp: NOW + 600 }))), OK_ALICE);

  // nonce
  vector('finish', 'nonce-missing', 'finish', finishInput(tokenResponse(await idToken({ nonce: undefined }))), err('id_token_claim_missing'));
  vector('finish', 'nonce-other-site-key', 'finish',
    finishInput(tokenResponse(await idToken({ nonce: nonceFor(STATE, OTHER_SITE_KEY) }))), err('id_token_nonce_mismatch'));
  vector('finish', 'nonce-for-other-state', 'finish',
    finishInput(tokenResponse(happy), { state: STATE_B }), err('id_token_nonce_mismatch'),
    { note: 'the token of login A presented to finish login B' });

  // typ
  vector('finish', 'typ-absent', 'finish', finishInput(tokenResponse(await idToken({}, { typ: undefined }))), OK_ALICE);
  vector('finish', 'typ-jwt', 'finish', finishInput(tokenResponse(happy)), OK_ALICE);
  vector('finish', 'typ-jwt-lowercase', 'finish', finishInput(tokenResponse(await idToken({}, { typ: 'jwt' }))), OK_ALICE);
  vector('finish', 'typ-application-jwt', 'finish', finishInput(tokenResponse(await idToken({}, { typ: 'application/jwt' }))), OK_ALICE);
  vector('finish', 'typ-at-jwt', 'finish', finishInput(tokenResponse(await idToken({}, { typ: 'at+jwt' }))), err('id_token_typ_invalid'),
    { note: 'an access token (RFC 9068) is not an ID token' });
  vector('finish', 'typ-logout-jwt', 'finish', finishInput(tokenResponse(await idToken({}, { typ: 'logout+jwt' }))), err('id_token_typ_invalid'));
  vector('finish', 'crit-header', 'finish',
    finishInput(tokenResponse(await idToken({}, { crit: ['exp'], exp: NOW + 600 }))), err('id_token_malformed'));

  // structure
  vector('finish', 'token-over-64-kib', 'finish',
    finishInput(tokenResponse(await idToken({ padding: 'x'.repeat(66000) }))), err('id_token_too_large'));
  {
    const [h, p, s] = happy.split('.');
    const brokenJson = b64u(Buffer.from('{"alg":"RS256",'));
    const malformed = {
      'header-broken-base64': `${h.slice(0, 10)}*${h.slice(11)}.${p}.${s}`,
      'header-padded-base64': `${h}=.${p}.${s}`,
      'header-broken-json': `${brokenJson}.${p}.${s}`,
      'header-json-array': `${b64u(Buffer.from('["RS256"]'))}.${p}.${s}`,
      'header-without-alg': null,
      'payload-broken-base64': `${h}.${p.slice(0, 10)}!${p.slice(11)}.${s}`,
      'payload-broken-json': `${h}.${brokenJson}.${s}`,
      'payload-json-array': `${h}.${b64u(Buffer.from(JSON.stringify([claims()])))}.${s}`,
      'payload-json-string': `${h}.${b64u(Buffer.from('"alice"'))}.${s}`,
      'signature-broken-base64': `${h}.${p}.${s.slice(0, 10)}+${s.slice(11)}`,
      'signature-empty': `${h}.${p}.`,
      'two-parts': `${h}.${p}`,
      'four-parts': `${h}.${p}.${s}.${s}`,
      'jwe-five-parts': `${b64u(Buffer.from(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'rsa-1' })))}.${b64u(Buffer.alloc(256, 1))}.${b64u(Buffer.alloc(12, 2))}.${b64u(Buffer.from('ciphertext'))}.${b64u(Buffer.alloc(16, 3))}`,
      'empty-string': '',
    };
    {
      const input = `${b64u(Buffer.from(JSON.stringify({ typ: 'JWT', kid: 'rsa-1' })))}.${p}`;
      malformed['header-without-alg'] = `${input}.${b64u(signRaw('RS256', { key: 'rsa-1' }, input))}`;
    }
    for (const [label, token] of Object.entries(malformed)) {
      vector('finish', `malformed-${label}`, 'finish', finishInput(tokenResponse(token)), err('id_token_malformed'));
    }
  }

  // at_hash
  const atHash = (alg, token) => {
    const h = { '256': 'sha256', '384': 'sha384', '512': 'sha512' }[alg.slice(2)];
    const d = createHash(h).update(token).digest();
    return b64u(d.subarray(0, d.length / 2));
  };
  vector('finish', 'at-hash-right', 'finish',
    finishInput(tokenResponse(await idToken({ at_hash: atHash('RS256', ACCESS_TOKEN) }))), OK_ALICE);
  vector('finish', 'at-hash-wrong', 'finish',
    finishInput(tokenResponse(await idToken({ at_hash: atHash('RS256', 'another-access-token') }))), err('id_token_at_hash_mismatch'));
  vector('finish', 'at-hash-full-length-hash', 'finish',
    finishInput(tokenResponse(await idToken({ at_hash: b64u(sha256(ACCESS_TOKEN)) }))), err('id_token_at_hash_mismatch'));
  vector('finish', 'at-hash-es384-uses-sha384', 'finish',
    finishInput(tokenResponse(await idToken({ at_hash: atHash('ES384', ACCESS_TOKEN) }, { alg: 'ES384', kid: 'ec-p384' }, { key: 'ec-p384' })),
      { cfg: withAlgs('ES384'), jwksBody: ALL_KEYS_JWKS }), OK_ALICE);
  vector('finish', 'at-hash-rs512-uses-sha512', 'finish',
    finishInput(tokenResponse(await idToken({ at_hash: atHash('RS512', ACCESS_TOKEN) }, { alg: 'RS512' })),
      { cfg: withAlgs('RS512'), jwksBody: jwks(pubJwk('rsa-1', { alg: 'RS512' })) }), OK_ALICE);
  vector('finish', 'at-hash-without-access-token', 'finish',
    finishInput({ status: 200, body: tokenBody(await idToken({ at_hash: atHash('RS256', ACCESS_TOKEN) }), { access_token: undefined }) }),
    { ok: { identity: { subject: 'alice' }, userinfo_request: null } });

  // token responses
  const oauthError = (status, error) => ({ status, body: JSON.stringify({ error, error_description: 'see the docs' }) });
  vector('finish', 'token-400-invalid-grant', 'finish', finishInput(oauthError(400, 'invalid_grant')), err('token_invalid_grant'));
  vector('finish', 'token-401-invalid-client', 'finish', finishInput(oauthError(401, 'invalid_client')), err('token_client_rejected'));
  vector('finish', 'token-400-unauthorized-client', 'finish', finishInput(oauthError(400, 'unauthorized_client')), err('token_client_rejected'));
  vector('finish', 'token-400-invalid-request', 'finish', finishInput(oauthError(400, 'invalid_request')), err('token_error'));
  vector('finish', 'token-500-html', 'finish',
    finishInput({ status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' }), err('token_http_error'));
  vector('finish', 'token-503-empty', 'finish', finishInput({ status: 503, body: '' }), err('token_http_error'));
  vector('finish', 'token-302-redirect', 'finish', finishInput({ status: 302, body: '' }), err('token_http_error'));
  vector('finish', 'token-200-not-json', 'finish', finishInput({ status: 200, body: 'access_token=abc&id_token=def' }), err('token_response_invalid'));
  vector('finish', 'token-200-json-array', 'finish', finishInput({ status: 200, body: JSON.stringify([{ id_token: happy }]) }), err('token_response_invalid'));
  vector('finish', 'token-200-without-id-token', 'finish',
    finishInput({ status: 200, body: tokenBody(undefined) }), err('id_token_missing'));
  vector('finish', 'token-200-id-token-not-a-string', 'finish',
    finishInput({ status: 200, body: tokenBody(42) }), err('token_response_invalid'));
  vector('finish', 'token-200-token-type-mac', 'finish', finishInput(tokenResponse(happy, { token_type: 'mac' })), err('token_response_invalid'));
  vector('finish', 'token-200-access-token-with-crlf', 'finish',
    finishInput(tokenResponse(happy, { access_token: 'abc\r\nX-Injected: 1' }), { cfg: config({ required_claims: ['phone_number'] }) }),
    err('token_response_invalid'),
    { note: 'RFC 6750 §2.1: an access token is a b64token; it must not reach the userinfo Authorization header' });
  vector('finish', 'token-200-token-type-lowercase-bearer', 'finish', finishInput(tokenResponse(happy, { token_type: 'bearer' })), OK_ALICE);
  vector('finish', 'token-200-body-over-256-kib', 'finish',
    finishInput(tokenResponse(happy, { padding: 'x'.repeat(270000) })), err('token_response_invalid'));

  // identity and userinfo
  {
    const c = claims({ email: undefined, email_verified: undefined });
    const t = await jws(header(), c);
    vector('finish', 'userinfo-needed-for-required-email', 'finish',
      finishInput(tokenResponse(t), { cfg: config({ required_claims: ['email'] }) }),
      {
        ok: {
          identity: identityOf(c),
          userinfo_request: {
            method: 'GET',
            url: PROVIDER.userinfo_endpoint,
            headers: { Accept: 'application/json', Authorization: `Bearer ${ACCESS_TOKEN}` },
            body: null,
          },
        },
      });
    vector('finish', 'userinfo-not-needed-without-required-claims', 'finish',
      finishInput(tokenResponse(t)), { ok: { identity: { email: null, email_verified: false }, userinfo_request: null } });
    vector('finish', 'userinfo-not-possible-without-endpoint', 'finish',
      finishInput(tokenResponse(t), { cfg: config({ required_claims: ['email'] }, { userinfo_endpoint: null }) }),
      { ok: { identity: { email: null }, userinfo_request: null } });
  }
  vector('finish', 'userinfo-not-needed-email-present', 'finish',
    finishInput(tokenResponse(happy), { cfg: config({ required_claims: ['email'] }) }), { ok: { identity: { email: 'alice@example.com' }, userinfo_request: null } });
  {
    const c = claims({ email: 'not-an-address', email_verified: 'true', name: '  ', locale: undefined });
    vector('finish', 'identity-normalisation', 'finish', finishInput(tokenResponse(await jws(header(), c))),
      { ok: { identity: { email: null, email_verified: true, name: null, locale: null, claims: c } } },
      { note: 'an e-mail that is not an address is dropped; "true" as a string counts; blank strings are null' });
  }
  {
    const c = claims({ email_verified: false });
    vector('finish', 'identity-email-unverified', 'finish', finishInput(tokenResponse(await jws(header(), c))),
      { ok: { identity: { email: 'alice@example.com', email_verified: false } } });
  }
  {
    const cfg = config({ issuer: INFOMANIAK, provider: undefined });
    const c = claims({ iss: INFOMANIAK });
    vector('finish', 'infomaniak-preset', 'finish', finishInput(tokenResponse(await jws(header(), c)), { cfg }),
      { ok: { identity: identityOf(c, INFOMANIAK), userinfo_request: null } });
  }
  vector('finish', 'site-key-too-short', 'finish', finishInput(tokenResponse(happy), { site_key: 'too-short' }), err('site_key_invalid'));
  vector('finish', 'no-provider-for-custom-issuer', 'finish',
    finishInput(tokenResponse(happy), { cfg: config({ provider: undefined }) }), err('provider_metadata_missing'));
}
await finishVectors();

// ----- userinfo -------------------------------------------------------------------------------
{
  const c = claims({ email: undefined, email_verified: undefined });
  const identity = identityOf(c);
  const userinfoInput = (response, id = identity) => ({ config: config(), identity: id, response });
  const info = { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Mallory', picture: 'https://op.example.com/a.png' };
  const merged = { ...c, email: 'alice@example.com', email_verified: true, picture: 'https://op.example.com/a.png' };
  vector('userinfo', 'merge', 'userinfo', userinfoInput({ status: 200, body: JSON.stringify(info) }),
    { ok: identityOf(merged) },
    { note: 'userinfo fills in missing claims; claims of the ID token are kept (name stays Alice Example)' });
  vector('userinfo', 'email-verified-as-string', 'userinfo',
    userinfoInput({ status: 200, body: JSON.stringify({ sub: 'alice', email: 'alice@example.com', email_verified: 'true' }) }),
    { ok: { email: 'alice@example.com', email_verified: true } });
  {
    const c2 = claims({ email_verified: undefined });
    vector('userinfo', 'email-verified-belongs-to-its-email', 'userinfo',
      userinfoInput({ status: 200, body: JSON.stringify({ sub: 'alice', email: 'other@example.com', email_verified: true }) }, identityOf(c2)),
      { ok: { email: 'alice@example.com', email_verified: false } },
      { note: 'the ID token e-mail (unverified) is kept: the userinfo email_verified vouches for another address' });
  }
  vector('userinfo', 'oidcc-client-test-userinfo-invalid-sub', 'userinfo',
    userinfoInput({ status: 200, body: JSON.stringify({ ...info, sub: 'mallory' }) }), err('userinfo_sub_mismatch'));
  vector('userinfo', 'sub-missing', 'userinfo',
    userinfoInput({ status: 200, body: JSON.stringify({ email: 'alice@example.com' }) }), err('userinfo_invalid'));
  vector('userinfo', 'sub-not-a-string', 'userinfo',
    userinfoInput({ status: 200, body: JSON.stringify({ sub: 1, email: 'alice@example.com' }) }), err('userinfo_invalid'));
  vector('userinfo', 'http-500', 'userinfo', userinfoInput({ status: 500, body: '<html>oops</html>' }), err('userinfo_http_error'));
  vector('userinfo', 'http-401', 'userinfo',
    userinfoInput({ status: 401, body: JSON.stringify({ error: 'invalid_token' }) }), err('userinfo_http_error'));
  vector('userinfo', 'not-json', 'userinfo', userinfoInput({ status: 200, body: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }), err('userinfo_invalid'),
    { note: 'a signed userinfo JWT is not supported' });
  vector('userinfo', 'json-array', 'userinfo', userinfoInput({ status: 200, body: '[{"sub":"alice"}]' }), err('userinfo_invalid'));
  vector('userinfo', 'sub-only', 'userinfo', userinfoInput({ status: 200, body: '{"sub":"alice"}' }), { ok: identity });
}

// ----- account --------------------------------------------------------------------------------
{
  const alice = identityOf(claims());
  const unverified = identityOf(claims({ email_verified: false }));
  const policy = (over = {}) => ({ create_users: true, link_by_email: false, link_administrators: false, ...over });
  const decide = (name, input, expect, extra) =>
    vector('account', name, 'decide_account', { linked_user: null, email_user: null, ...input }, expect, extra);
  const create = (username, email, display_name) => ({ ok: { action: 'create', username, email, display_name } });
  decide('linked-login', { policy: policy(), identity: alice, linked_user: { id: '42' }, email_user: { id: '7', is_admin: false } },
    { ok: { action: 'login', user_id: '42' } });
  decide('linked-login-creation-off', { policy: policy({ create_users: false }), identity: alice, linked_user: { id: '42' } },
    { ok: { action: 'login', user_id: '42' } });
  decide('link-by-email-verified', { policy: policy({ link_by_email: true }), identity: alice, email_user: { id: '7', is_admin: false } },
    { ok: { action: 'link', user_id: '7' } });
  decide('link-by-email-verified-creation-off',
    { policy: policy({ link_by_email: true, create_users: false }), identity: alice, email_user: { id: '7' } },
    { ok: { action: 'link', user_id: '7' } });
  decide('link-by-email-unverified-creates-without-email',
    { policy: policy({ link_by_email: true }), identity: unverified, email_user: { id: '7', is_admin: false } },
    create('alice', null, 'Alice Example'));
  decide('link-by-email-unverified-creation-off',
    { policy: policy({ link_by_email: true, create_users: false }), identity: unverified, email_user: { id: '7' } },
    err('account_not_allowed'));
  decide('link-by-email-off-creates-without-email',
    { policy: policy(), identity: alice, email_user: { id: '7', is_admin: false } },
    create('alice', null, 'Alice Example'), { note: 'the e-mail belongs to another user: not copied onto the new one' });
  decide('admin-without-link-administrators',
    { policy: policy({ link_by_email: true }), identity: alice, email_user: { id: '1', is_admin: true } },
    create('alice', null, 'Alice Example'));
  decide('admin-with-link-administrators',
    { policy: policy({ link_by_email: true, link_administrators: true }), identity: alice, email_user: { id: '1', is_admin: true } },
    { ok: { action: 'link', user_id: '1' } });
  decide('link-administrators-alone-does-not-link',
    { policy: policy({ link_administrators: true }), identity: alice, email_user: { id: '1', is_admin: true } },
    create('alice', null, 'Alice Example'));
  decide('creation-off', { policy: policy({ create_users: false }), identity: alice }, err('account_not_allowed'));
  decide('create-with-verified-email', { policy: policy(), identity: alice }, create('alice', 'alice@example.com', 'Alice Example'));
  decide('create-unverified-email-not-copied', { policy: policy(), identity: unverified }, create('alice', null, 'Alice Example'));
  decide('policy-defaults-create', { policy: {}, identity: alice }, create('alice', 'alice@example.com', 'Alice Example'));
  decide('email-user-ignored-without-identity-email',
    { policy: policy({ link_by_email: true }), identity: identityOf(claims({ email: undefined })), email_user: { id: '7' } },
    create('alice', null, 'Alice Example'));
  decide('username-from-preferred-username-cleaned',
    { policy: policy(), identity: identityOf(claims({ preferred_username: 'Alice.Smith!+' })) },
    create('alice.smith', 'alice@example.com', 'Alice Example'));
  decide('username-from-email',
    { policy: policy(), identity: identityOf(claims({ preferred_username: undefined, email: 'Bob.Jones@example.com', name: undefined, given_name: undefined, family_name: undefined })) },
    create('bob.jones', 'Bob.Jones@example.com', 'bob.jones'));
  decide('username-skips-preferred-username-without-ascii',
    { policy: policy(), identity: identityOf(claims({ preferred_username: '日本' })) },
    create('alice', 'alice@example.com', 'Alice Example'));
  {
    const bare = identityOf(claims({ sub: 'f81d4fae-7dec', email: undefined, email_verified: undefined, name: undefined, given_name: undefined, family_name: undefined, preferred_username: undefined }));
    const hex = sha256(`${ISSUER}\n${bare.subject}`).subarray(0, 4).toString('hex');
    decide('username-fallback-hash', { policy: policy(), identity: bare }, create(`user_${hex}`, null, `user_${hex}`),
      { note: 'user_ + first 8 hex digits of sha256(issuer "\\n" subject)' });
  }
  decide('display-name-from-given-and-family',
    { policy: policy(), identity: identityOf(claims({ name: undefined })) }, create('alice', 'alice@example.com', 'Alice Example'));
  decide('display-name-from-preferred-username',
    { policy: policy(), identity: identityOf(claims({ name: undefined, given_name: undefined, family_name: undefined, preferred_username: 'Alice' })) },
    create('alice', 'alice@example.com', 'Alice'));
  decide('identity-missing-fields', { policy: policy(), identity: { issuer: ISSUER, subject: 'alice' } }, err('invalid_input'));
}

// ----- return_path ----------------------------------------------------------------------------
{
  const cases = [
    ['simple', '/x', '/x'],
    ['root', '/', '/'],
    ['with-query', '/a?b=c', '/a?b=c'],
    ['with-fragment', '/a/b?c=d#e', '/a/b?c=d#e'],
    ['percent-encoded-utf8', '/caf%C3%A9', '/caf%C3%A9'],
    ['protocol-relative', '//evil.example', '/home'],
    ['backslash', '/\\evil.example', '/home'],
    ['backslash-later', '/a\\b', '/home'],
    ['scheme-without-slashes', 'https:evil.example', '/home'],
    ['absolute-url', 'https://evil.example/x', '/home'],
    ['encoded-double-slash', '/%2F%2Fevil.example', '/home'],
    ['encoded-slash-then-slash', '/%2f/evil.example', '/home'],
    ['encoded-backslash', '/%5Cevil.example', '/home'],
    ['javascript', 'javascript:alert(1)', '/home'],
    ['crlf', '/x\r\nSet-Cookie: a=b', '/home'],
    ['encoded-crlf', '/x%0d%0a', '/home'],
    ['nul', '/x\u0000', '/home'],
    ['tab', '/x\ty', '/home'],
    ['del', '/x\u007f', '/home'],
    ['empty', '', '/home'],
    ['relative', 'x', '/home'],
    ['dot-relative', '../x', '/home'],
    ['leading-space', ' /x', '/home'],
    ['invalid-percent-encoding', '/bad%zz', '/home'],
    ['too-long', `/${'a'.repeat(2048)}`, '/home'],
  ];
  for (const [label, path, expected] of cases) {
    vector('return_path', label, 'sanitize_return_path', { return_path: path, default: '/home' }, { ok: { return_path: expected } });
  }
  vector('return_path', 'unsafe-default-falls-back-to-root', 'sanitize_return_path',
    { return_path: '//x', default: '//y' }, { ok: { return_path: '/' } });
  vector('return_path', 'default-absent', 'sanitize_return_path', { return_path: 'https://evil.example' }, { ok: { return_path: '/' } });
  vector('return_path', 'return-path-absent', 'sanitize_return_path', { default: '/home' }, { ok: { return_path: '/home' } });
}

// ----- logout ---------------------------------------------------------------------------------
{
  const withEnd = config({}, { end_session_endpoint: `${ISSUER}/logout` });
  const url = (base, pairs) => `${base}?${formEncode(pairs)}`;
  vector('logout', 'with-end-session-endpoint', 'logout_url',
    { config: withEnd, post_logout_redirect_uri: 'https://site.example/' },
    { ok: { url: url(`${ISSUER}/logout`, [['client_id', CLIENT_ID], ['post_logout_redirect_uri', 'https://site.example/']]) } });
  vector('logout', 'without-post-logout-redirect-uri', 'logout_url', { config: withEnd },
    { ok: { url: url(`${ISSUER}/logout`, [['client_id', CLIENT_ID]]) } });
  vector('logout', 'unsafe-post-logout-redirect-uri-dropped', 'logout_url',
    { config: withEnd, post_logout_redirect_uri: 'javascript:alert(1)' },
    { ok: { url: url(`${ISSUER}/logout`, [['client_id', CLIENT_ID]]) } });
  vector('logout', 'relative-post-logout-redirect-uri-dropped', 'logout_url',
    { config: withEnd, post_logout_redirect_uri: '/bye' },
    { ok: { url: url(`${ISSUER}/logout`, [['client_id', CLIENT_ID]]) } });
  vector('logout', 'end-session-endpoint-with-query', 'logout_url',
    { config: config({}, { end_session_endpoint: `${ISSUER}/logout?tenant=acme` }), post_logout_redirect_uri: 'https://site.example/?a=b&c=d' },
    { ok: { url: `${ISSUER}/logout?tenant=acme&${formEncode([['client_id', CLIENT_ID], ['post_logout_redirect_uri', 'https://site.example/?a=b&c=d']])}` } });
  vector('logout', 'without-end-session-endpoint', 'logout_url',
    { config: config(), post_logout_redirect_uri: 'https://site.example/' }, { ok: { url: null } });
  vector('logout', 'infomaniak-preset', 'logout_url',
    { config: config({ issuer: INFOMANIAK, provider: undefined }) }, { ok: { url: null } });
  vector('logout', 'no-provider-for-custom-issuer', 'logout_url',
    { config: config({ provider: undefined }) }, err('provider_metadata_missing'));
}

// ----- discovery ------------------------------------------------------------------------------
{
  const doc = (over = {}) => {
    const d = {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/userinfo`,
      jwks_uri: `${ISSUER}/jwks`,
      end_session_endpoint: `${ISSUER}/logout`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      scopes_supported: ['openid', 'profile', 'email'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      ...over,
    };
    for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
    return JSON.stringify(d);
  };
  const parse = (name, response, expect, issuer = ISSUER, extra) =>
    vector('discovery', name, 'parse_discovery', { issuer, response }, expect, extra);
  const providerOf = (over = {}) => ({
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    userinfo_endpoint: `${ISSUER}/userinfo`,
    jwks_uri: `${ISSUER}/jwks`,
    end_session_endpoint: `${ISSUER}/logout`,
    id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    ...over,
  });
  parse('ok', { status: 200, body: doc() }, { ok: providerOf() });
  parse('ok-minimal', { status: 200, body: doc({ userinfo_endpoint: undefined, end_session_endpoint: undefined, id_token_signing_alg_values_supported: undefined }) },
    { ok: providerOf({ userinfo_endpoint: null, end_session_endpoint: null, id_token_signing_alg_values_supported: ['RS256'] }) });
  parse('oidcc-client-test-discovery-issuer-mismatch', { status: 200, body: doc({ issuer: 'https://evil.example.com' }) },
    err('discovery_issuer_mismatch'));
  parse('issuer-trailing-slash-in-document', { status: 200, body: doc({ issuer: `${ISSUER}/` }) }, err('discovery_issuer_mismatch'));
  {
    const slashed = `${ISSUER}/`;
    parse('issuer-trailing-slash-configured-and-in-document',
      { status: 200, body: doc({ issuer: slashed }) }, { ok: providerOf({ issuer: slashed }) }, slashed,
      { note: 'the issuer is compared exactly: same string with its slash is fine' });
  }
  parse('http-404', { status: 404, body: '<html>Not Found</html>' }, err('discovery_unavailable'));
  parse('http-500', { status: 500, body: doc() }, err('discovery_unavailable'));
  parse('not-json', { status: 200, body: '<!doctype html><title>Login</title>' }, err('discovery_invalid'));
  parse('json-array', { status: 200, body: `[${doc()}]` }, err('discovery_invalid'));
  parse('missing-jwks-uri', { status: 200, body: doc({ jwks_uri: undefined }) }, err('discovery_invalid'));
  parse('missing-token-endpoint', { status: 200, body: doc({ token_endpoint: undefined }) }, err('discovery_invalid'));
  parse('missing-issuer', { status: 200, body: doc({ issuer: undefined }) }, err('discovery_invalid'));
  parse('endpoint-http-not-loopback', { status: 200, body: doc({ token_endpoint: 'http://op.example.com/token' }) }, err('discovery_invalid'));
  parse('endpoint-not-a-url', { status: 200, body: doc({ userinfo_endpoint: 'userinfo' }) }, err('discovery_invalid'));
  parse('endpoint-with-credentials', { status: 200, body: doc({ jwks_uri: 'https://user:pass@op.example.com/jwks' }) }, err('discovery_invalid'));
  parse('endpoint-wrong-type', { status: 200, body: doc({ token_endpoint: 5 }) }, err('discovery_invalid'));
  {
    const local = 'http://127.0.0.1:9000';
    const body = JSON.stringify({
      issuer: local,
      authorization_endpoint: `${local}/auth`,
      token_endpoint: `${local}/token`,
      jwks_uri: `${local}/jwks`,
      id_token_signing_alg_values_supported: ['RS256'],
    });
    parse('http-loopback-provider', { status: 200, body }, {
      ok: {
        issuer: local, authorization_endpoint: `${local}/auth`, token_endpoint: `${local}/token`, userinfo_endpoint: null,
        jwks_uri: `${local}/jwks`, end_session_endpoint: null, id_token_signing_alg_values_supported: ['RS256'],
      },
    }, local);
  }
  vector('discovery', 'request', 'discovery_request', { issuer: ISSUER },
    { ok: { method: 'GET', url: `${ISSUER}/.well-known/openid-configuration`, headers: { Accept: 'application/json' }, body: null } });
  vector('discovery', 'request-issuer-with-path-and-slash', 'discovery_request', { issuer: `${ISSUER}/tenant/` },
    { ok: { method: 'GET', url: `${ISSUER}/tenant/.well-known/openid-configuration`, headers: { Accept: 'application/json' }, body: null } });
  vector('discovery', 'request-issuer-http-not-loopback', 'discovery_request', { issuer: 'http://op.example.com' }, err('config_invalid'));
  vector('discovery', 'request-issuer-with-query', 'discovery_request', { issuer: `${ISSUER}?tenant=acme` }, err('config_invalid'),
    { note: 'an issuer identifier has no query or fragment (OpenID Connect Discovery §2, RFC 8414 §2)' });
  vector('discovery', 'request-issuer-not-a-url', 'discovery_request', { issuer: 'op.example.com' }, err('config_invalid'));
  vector('discovery', 'preset-infomaniak', 'provider_preset', { issuer: INFOMANIAK }, { ok: INFOMANIAK_PROVIDER });
  vector('discovery', 'preset-infomaniak-trailing-slash', 'provider_preset', { issuer: `${INFOMANIAK}/` }, { ok: null });
  vector('discovery', 'preset-unknown', 'provider_preset', { issuer: ISSUER }, { ok: null });
}

// ----- jwks -----------------------------------------------------------------------------------
{
  const summary = (kid, kty, alg, crv) => ({ kid, kty, alg, crv });
  const parse = (name, body, expect, extra) => vector('jwks', name, 'parse_jwks', { jwks: body }, expect, extra);
  parse('all-supported-key-types', ALL_KEYS_JWKS, {
    ok: {
      keys: [
        summary('rsa-1', 'RSA', 'RS256', null),
        summary('rsa-2', 'RSA', 'RS256', null),
        summary('ec-p256', 'EC', 'ES256', 'P-256'),
        summary('ec-p384', 'EC', 'ES384', 'P-384'),
        summary('ed25519', 'OKP', 'EdDSA', 'Ed25519'),
      ],
    },
  });
  parse('without-kid-alg-use', jwks(pubJwk('rsa-1', { kid: undefined, alg: undefined, use: undefined })),
    { ok: { keys: [summary(null, 'RSA', null, null)] } });
  parse('enc-key-left-out', jwks(pubJwk('rsa-2', { use: 'enc', alg: 'RSA-OAEP' }), 'rsa-1'), { ok: { keys: [summary('rsa-1', 'RSA', 'RS256', null)] } });
  parse('key-ops-verify-kept', jwks(pubJwk('rsa-1', { use: undefined, key_ops: ['verify'] })), { ok: { keys: [summary('rsa-1', 'RSA', 'RS256', null)] } });
  parse('key-ops-encrypt-left-out', jwks(pubJwk('rsa-1', { use: undefined, key_ops: ['encrypt'] })), { ok: { keys: [] } });
  parse('symmetric-key-left-out', jwks({ kty: 'oct', kid: 'hmac', k: b64u(Buffer.from(CLIENT_SECRET)) }, 'rsa-1'),
    { ok: { keys: [summary('rsa-1', 'RSA', 'RS256', null)] } });
  parse('unsupported-curves-left-out', jwks(
    { kty: 'EC', kid: 'p521', crv: 'P-521', x: b64u(Buffer.alloc(66, 1)), y: b64u(Buffer.alloc(66, 2)) },
    { kty: 'OKP', kid: 'x25519', crv: 'X25519', x: b64u(Buffer.alloc(32, 1)) },
    { kty: 'EC', kid: 'secp256k1', crv: 'secp256k1', x: b64u(Buffer.alloc(32, 1)), y: b64u(Buffer.alloc(32, 2)) },
    'ed25519'), { ok: { keys: [summary('ed25519', 'OKP', 'EdDSA', 'Ed25519')] } });
  parse('ec-wrong-coordinate-size-left-out', jwks(pubJwk('ec-p256', { x: b64u(Buffer.alloc(31, 1)) }), 'ec-p384'),
    { ok: { keys: [summary('ec-p384', 'EC', 'ES384', 'P-384')] } });
  parse('rsa-without-modulus-left-out', jwks(pubJwk('rsa-1', { n: undefined }), 'rsa-2'), { ok: { keys: [summary('rsa-2', 'RSA', 'RS256', null)] } });
  parse('non-object-entries-left-out', JSON.stringify({ keys: [5, 'x', null, pubJwk('rsa-1')] }), { ok: { keys: [summary('rsa-1', 'RSA', 'RS256', null)] } });
  parse('empty', '{"keys":[]}', { ok: { keys: [] } });
  parse('not-json', '<html>', err('jwks_invalid'));
  parse('no-keys', '{"jwks_uri":"x"}', err('jwks_invalid'));
  parse('keys-not-an-array', '{"keys":{"kid":"rsa-1"}}', err('jwks_invalid'));
  parse('json-array', `[${JSON.stringify(pubJwk('rsa-1'))}]`, err('jwks_invalid'));
}

// ---------------------------------------------------------------------------------------------
// Write, keeping blessed outputs of unchanged inputs
// ---------------------------------------------------------------------------------------------

const seen = new Set();
const used = new Set();
let total = 0;
// Key order does not matter (a runner may rewrite the files with sorted keys).
const canonical = (value) =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
      : JSON.stringify(value);
const inputJson = (v) => canonical(v.input_raw !== undefined ? { raw: v.input_raw } : { input: v.input });
for (const file of FILES) {
  const vectors = groups[file].map((v) => {
    if (seen.has(v.name)) throw new Error(`duplicate vector name ${v.name}`);
    seen.add(v.name);
    if (v.expect.error) used.add(v.expect.error.code);
    const old = OLD.get(v.name);
    if (!v.shape && old && old.output !== undefined && inputJson(old) === inputJson(v) && old.op === v.op) {
      return { ...v, output: old.output };
    }
    return v;
  });
  writeFileSync(join(DIR, `${file}.json`), JSON.stringify({ vectors }, null, 2) + '\n');
  console.log(`${file}.json: ${vectors.length} vectors`);
  total += vectors.length;
}
console.log(`total: ${total} vectors`);

if (existsSync(ERROR_RS)) {
  const codes = [...readFileSync(ERROR_RS, 'utf8').matchAll(/=>\s*\("([a-z0-9_]+)"/g)].map((m) => m[1]);
  // internal_error is unreachable; provider_unreachable is raised by hosts only (ErrorCode::HOST_ONLY).
  const missing = codes.filter((c) => !['internal_error', 'provider_unreachable'].includes(c) && !used.has(c));
  const unknown = [...used].filter((c) => !codes.includes(c));
  if (missing.length) console.warn(`warning: error codes without a vector: ${missing.join(', ')}`);
  if (unknown.length) console.warn(`warning: vectors expect codes unknown to error.rs: ${unknown.join(', ')}`);
}
