// Figure 4 of `make bench`: ID token validations per second in Node through the npm package's
// WebAssembly core (bindings-js, `finish`: token response judged, JWKS parsed, RS256 signature and
// every claim checked), against `jose`'s jwtVerify on the same token and the same key (imported
// once, as a site keeps it). Each side runs SECONDS in total, split ABBA to share the machine's
// load; one validation at a time. Rates are per CPU-second of the Node process.
//
//   node bench/wasm/wasm.mjs [SECONDS]
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECONDS = Number(process.argv[2] ?? 3);

const ikc = await import(pathToFileURL(path.join(ROOT, 'bindings-js/lib/node.js')).href);
// jose from the tests' dependencies (tests/package.json), resolved from there.
const josePath = createRequire(path.join(ROOT, 'tests/package.json')).resolve('jose');
const { SignJWT, exportJWK, generateKeyPair, jwtVerify } = await import(pathToFileURL(josePath).href);

const ISSUER = 'https://login.infomaniak.com';
const CLIENT_ID = 'bench-client';
const SITE_KEY = 'bench-site-key-0123456789abcdef-0123456789abcdef';
const b64url = (buf) => Buffer.from(buf).toString('base64url');

const now = Math.floor(Date.now() / 1000);
const state = b64url(randomBytes(32));
const nonce = b64url(createHmac('sha256', SITE_KEY).update(`ikc-nonce:${state}`).digest());
const accessToken = `bench-access-${b64url(randomBytes(16))}`;
const atHash = b64url(createHash('sha256').update(accessToken).digest().subarray(0, 16));

const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const other = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
const jwks = JSON.stringify({ keys: [
  { ...(await exportJWK(other.publicKey)), kid: 'bench-key-0', use: 'sig', alg: 'RS256' },
  { ...(await exportJWK(publicKey)), kid: 'bench-key-1', use: 'sig', alg: 'RS256' },
] });
const idToken = await new SignJWT({
  nonce, at_hash: atHash, email: 'alice@example.com', email_verified: true, name: 'Alice Example',
  given_name: 'Alice', family_name: 'Example',
})
  .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'bench-key-1' })
  .setIssuer(ISSUER).setAudience(CLIENT_ID).setSubject('alice-123')
  .setIssuedAt(now).setExpirationTime(now + 300)
  .sign(privateKey);

const input = {
  config: {
    issuer: ISSUER, client_id: CLIENT_ID, client_secret: 'bench-secret',
    redirect_uri: 'https://site.example/openid-connect-authorize', required_claims: ['email'],
  },
  site_key: SITE_KEY, now: now + 2, state,
  token_response: { status: 200, body: JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600, id_token: idToken }) },
  jwks,
};
const verifyOptions = { issuer: ISSUER, audience: CLIENT_ID, algorithms: ['RS256'], currentDate: new Date((now + 2) * 1000) };

const wasmOnce = () => {
  const out = ikc.finish(input);
  if (out.identity.subject !== 'alice-123') throw new Error('wasm: wrong identity');
};
const joseOnce = async () => {
  const { payload } = await jwtVerify(idToken, publicKey, verifyOptions);
  if (payload.sub !== 'alice-123' || payload.nonce !== nonce) throw new Error('jose: wrong payload');
};

// Both accept the token; both refuse a tampered one.
wasmOnce();
await joseOnce();
const bad = idToken.slice(0, -2) + (idToken.endsWith('AA') ? 'BB' : 'AA');
const tampered = { ...input, token_response: { status: 200, body: input.token_response.body.replace(idToken, bad) } };
let refused = 0;
try { ikc.finish(tampered); } catch { refused += 1; }
try { await jwtVerify(bad, publicKey, verifyOptions); } catch { refused += 1; }
if (refused !== 2) throw new Error('a tampered token was accepted');

/**
 * Runs fn for `seconds` of wall time; returns [count, CPU seconds of the process] (all threads:
 * WebCrypto's verify runs on libuv's pool), so waiting for a CPU on a busy machine does not count.
 */
async function run(fn, seconds) {
  for (let i = 0; i < 20; i++) await fn();
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const cpu0 = process.cpuUsage();
  let count = 0;
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 8; i++) await fn();
    count += 8;
  }
  const cpu = process.cpuUsage(cpu0);
  return [count, (cpu.user + cpu.system) / 1e6];
}

const total = { wasm: [0, 0], jose: [0, 0] };
for (const side of ['wasm', 'jose', 'jose', 'wasm']) {
  const [n, s] = await run(side === 'wasm' ? wasmOnce : joseOnce, SECONDS / 2);
  total[side][0] += n;
  total[side][1] += s;
}
const wasmRate = total.wasm[0] / total.wasm[1];
const joseRate = total.jose[0] / total.jose[1];
console.log(`bench wasm_finish_per_s: ${wasmRate.toFixed(0)} /s`);
console.log(`bench jose_verify_per_s: ${joseRate.toFixed(0)} /s`);
console.log(`bench wasm_vs_jose: ${(wasmRate / joseRate).toFixed(3)} x`);
