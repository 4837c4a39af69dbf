// A deliberately naive relying party, for the runner's self-test (--self-test): it checks nothing
// (no state cookie, no iss parameter, no signature, no claim, no issuer in discovery) and trusts
// whatever the OP sends, failing only when an HTTP exchange fails. So it must get through every
// attack scenario (the OP really delivered a login that only validation can refuse) and fail every
// fault scenario (the fault is really there); otherwise the OP has stopped misbehaving as intended
// and a green conformance run would prove nothing.
//
// Same input and output as driver.php / driver.mjs: {"binding":"naive","logins":[…]}.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const b64u = (b) => Buffer.from(b).toString('base64url');
const signal = () => AbortSignal.timeout((input.timeout ?? 10) * 1000);

class Failure extends Error {
  constructor(code, detail) { super(detail); this.code = code; }
}

async function getJson(url, init = {}) {
  let res;
  try {
    res = await fetch(url, { ...init, signal: signal() });
  } catch (err) {
    throw new Failure('naive_network', err.message);
  }
  const text = await res.text();
  if (!res.ok) throw new Failure('naive_http', `HTTP ${res.status}`);
  try { return JSON.parse(text); } catch { throw new Failure('naive_json', 'not JSON'); }
}

let provider = null; // "cached" discovery, never refetched
async function login() {
  provider ??= await getJson(`${input.issuer}/.well-known/openid-configuration`);
  const verifier = b64u(randomBytes(32));
  const state = b64u(randomBytes(32));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: input.client_id, redirect_uri: input.redirect_uri,
    scope: 'openid profile email', state, nonce: b64u(randomBytes(16)),
    code_challenge: b64u(createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  });
  const res = await fetch(url, { redirect: 'manual', signal: signal() });
  const back = new URL(res.headers.get('location'));
  return { code: back.searchParams.get('code'), verifier };
}

async function redeem({ code, verifier }) {
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  const tokens = await getJson(provider.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${enc(input.client_id)}:${enc(input.client_secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: input.redirect_uri, code_verifier: verifier }),
  });
  await getJson(provider.jwks_uri); // fetched like a real RP would, never used
  const claims = JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1] ?? '', 'base64url').toString() || '{}');
  let identity = { issuer: input.issuer, subject: claims.sub, email: claims.email ?? null };
  if (!identity.email && provider.userinfo_endpoint) {
    const info = await getJson(provider.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    identity = { ...identity, email: info.email };
  }
  return { outcome: 'accept', identity, return_path: '/conformance/page', login_cookie_left: false };
}

async function attempt(step) {
  try {
    return await step();
  } catch (err) {
    return { outcome: 'reject', stage: 'callback', code: err.code ?? 'naive_error', message: 'Login failed.', detail: err.message };
  }
}

const logins = [];
if (input.flow === 'replay') {
  const grant = await attempt(() => login());
  logins.push(await attempt(() => redeem(grant)));
  logins.push(await attempt(() => redeem(grant)));
} else {
  const n = input.flow === 'two-logins' ? 2 : 1;
  for (let i = 0; i < n; i += 1) logins.push(await attempt(async () => redeem(await login())));
}
process.stdout.write(`${JSON.stringify({ binding: 'naive', logins })}\n`, () => process.exit(0));
