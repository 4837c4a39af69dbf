// The "start" shape check of README.md, for the JS runner. `checkStartShape(vector, output)` throws
// an Error naming the first mismatch; `output` is the parsed JSON the core returned for the vector.

import { createHash, createHmac } from 'node:crypto';

const b64u = (bytes) => Buffer.from(bytes).toString('base64url');
const hmac = (key, text) => createHmac('sha256', Buffer.from(key, 'utf8')).update(text, 'utf8').digest();

function fail(vector, what) {
  throw new Error(`${vector.name}: start shape: ${what}`);
}

function queryPairs(query) {
  return [...new URLSearchParams(query)];
}

export function checkStartShape(vector, output) {
  if (vector.shape !== 'start') fail(vector, `unknown shape ${JSON.stringify(vector.shape)}`);
  const { config, site_key: siteKey, now } = vector.input;
  const params = vector.shape_params;
  const ok = output && output.ok;
  if (!ok || typeof ok !== 'object') fail(vector, `not an ok result: ${JSON.stringify(output)}`);

  // 1. state
  const { state } = ok;
  if (typeof state !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(state)) fail(vector, `state ${JSON.stringify(state)}`);

  // 2. cookie name and attributes
  const { cookie } = ok;
  if (!cookie || typeof cookie !== 'object') fail(vector, 'no cookie');
  const name = `ikc_login_${state.slice(0, 8)}`;
  if (cookie.name !== name) fail(vector, `cookie name ${JSON.stringify(cookie.name)}, expected ${name}`);
  const secure = config.redirect_uri.startsWith('https://');
  const attributes = { max_age: 600, path: '/', http_only: true, same_site: 'Lax', secure };
  for (const [key, value] of Object.entries(attributes)) {
    if (cookie[key] !== value) fail(vector, `cookie.${key} ${JSON.stringify(cookie[key])}, expected ${JSON.stringify(value)}`);
  }

  // 3. authorization URL
  const url = ok.authorization_url;
  if (typeof url !== 'string') fail(vector, 'no authorization_url');
  const [base, query = ''] = splitOnce(url, '?');
  const [endpointBase, endpointQuery = ''] = splitOnce(params.authorization_endpoint, '?');
  if (base !== endpointBase) fail(vector, `authorization_url base ${base}, expected ${endpointBase}`);
  const verifier = b64u(hmac(siteKey, `ikc-pkce:${state}`));
  const expected = [
    ...queryPairs(endpointQuery),
    ['response_type', 'code'],
    ['client_id', config.client_id],
    ['redirect_uri', config.redirect_uri],
    ['scope', params.scope],
    ['state', state],
    ['nonce', b64u(hmac(siteKey, `ikc-nonce:${state}`))],
    ['code_challenge', b64u(createHash('sha256').update(verifier).digest())],
    ['code_challenge_method', 'S256'],
  ];
  const actual = queryPairs(query);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    fail(vector, `authorization_url query ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }

  // 4. cookie value
  const value = cookie.value;
  const parts = typeof value === 'string' ? value.split('.') : [];
  if (parts.length !== 2) fail(vector, `cookie value ${JSON.stringify(value)} is not payload.mac`);
  const [payload, mac] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]+$/.test(mac)) fail(vector, 'cookie value is not base64url');
  const expectedMac = b64u(hmac(siteKey, `ikc-cookie:${payload}`));
  if (mac !== expectedMac) fail(vector, `cookie MAC ${mac}, expected ${expectedMac}`);
  const text = Buffer.from(payload, 'base64url').toString('utf8');
  const expectedText = JSON.stringify({ s: state, i: config.issuer, r: params.return_path, t: now });
  if (text !== expectedText) fail(vector, `cookie payload ${text}, expected ${expectedText}`);

  // 5. Set-Cookie header
  const setCookie = `${name}=${value}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  if (ok.set_cookie !== setCookie) fail(vector, `set_cookie ${JSON.stringify(ok.set_cookie)}, expected ${JSON.stringify(setCookie)}`);
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
