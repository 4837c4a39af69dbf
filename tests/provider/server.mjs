#!/usr/bin/env node
// A real OpenID Provider (npm `oidc-provider`) for end-to-end tests and the demo.
// Usage: node tests/provider/server.mjs [--config FILE] [--port N] [--client-id ID --client-secret S
//          --redirect-uri URI ...] [--userinfo-only] [--auto-consent]
// Prints one JSON line {"issuer","port"} on stdout when ready; everything else goes to stderr.
// Test-only control endpoints live under /__test/ (see README.md).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

// stdout carries only the ready line; oidc-provider prints notices with console.info.
console.log = console.info = console.error;

// ---------------------------------------------------------------- configuration
const { values: args } = parseArgs({
  options: {
    config: { type: 'string' },
    port: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
    'auth-method': { type: 'string' },
    'userinfo-only': { type: 'boolean' },
    'auto-consent': { type: 'boolean' },
  },
});

const config = args.config ? JSON.parse(readFileSync(args.config, 'utf8')) : {};
config.clients ??= [];
if (args['client-id']) {
  config.clients.push({
    client_id: args['client-id'],
    client_secret: args['client-secret'],
    redirect_uris: args['redirect-uri'] ?? [],
    post_logout_redirect_uris: args['post-logout-redirect-uri'],
    token_endpoint_auth_method: args['auth-method'],
  });
}
if (args.port !== undefined) config.port = Number(args.port);
if (args['userinfo-only']) config.claimsInIdToken = false;
if (args['auto-consent']) config.autoConsent = true;
config.claimsInIdToken ??= true;
config.autoConsent ??= false;

const normalizeClient = (c) => {
  if (!c.client_id || !c.client_secret || !c.redirect_uris?.length) {
    throw Object.assign(new Error('a client needs client_id, client_secret and redirect_uris'), { statusCode: 400 });
  }
  return {
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
    token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
  };
};
const clients = new Map(config.clients.map((c) => [c.client_id, normalizeClient(c)]));

// ---------------------------------------------------------------- accounts
// The demo account has a fixed password; any other login (an e-mail) with any non-empty password
// becomes a stable identity whose sub is derived from the login.
const accounts = new Map(); // sub -> { login, password?, profile }
const profileFor = (login) => {
  const local = login.split('@')[0];
  const given = local.charAt(0).toUpperCase() + local.slice(1);
  return { given_name: given, family_name: 'Test', name: `${given} Test`, preferred_username: local };
};
accounts.set('demo', {
  login: 'demo@example.com',
  password: 'demo',
  profile: { given_name: 'Demo', family_name: 'User', name: 'Demo User', preferred_username: 'demo' },
});

function authenticate(login, password) {
  login = String(login ?? '').trim().toLowerCase();
  if (!login || !password) return undefined;
  for (const [sub, a] of accounts) {
    if (a.login === login) return a.password === undefined || a.password === password ? sub : undefined;
  }
  const sub = `u-${createHash('sha256').update(login).digest('hex').slice(0, 24)}`;
  accounts.set(sub, { login, profile: profileFor(login) });
  return sub;
}

async function findAccount(ctx, sub) {
  const a = accounts.get(sub);
  if (!a) return undefined;
  return {
    accountId: sub,
    claims: async () => ({ sub, email: a.login, email_verified: true, ...a.profile }),
  };
}

// ---------------------------------------------------------------- provider
let signingKeys; // { keys: [jwk] }, exactly one RS256 key
async function newSigningKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { keys: [{ ...jwk, alg: 'RS256', use: 'sig', kid: `k-${randomBytes(6).toString('hex')}` }] };
}

const cookieKeys = [randomBytes(32).toString('hex')];
let provider;
let handler; // provider.callback(), built once per provider
let issuer;

// The provider is rebuilt when keys or clients change. Sessions, grants and interactions survive:
// they live in oidc-provider's module-level memory store and the cookie keys stay the same.
function buildProvider() {
  provider = new Provider(issuer, {
    clients: [...clients.values()],
    jwks: signingKeys,
    findAccount,
    // lax, not oidc-provider's default 'none': browsers drop SameSite=None cookies without Secure (plain http)
    cookies: { keys: cookieKeys, long: { httpOnly: true, sameSite: 'lax' } },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    scopes: ['openid', 'profile', 'email'],
    responseTypes: ['code'],
    // false: the ID token carries the claims of the granted scopes (no userinfo call needed).
    // true (oidc-provider's default): with a code flow the ID token holds only sub & co.
    conformIdTokenClaims: !config.claimsInIdToken,
    pkce: { methods: ['S256'], required: () => true },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    clientBasedCORS: () => true,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p id="error">${esc(out.error)}: ${esc(out.error_description)}</p>`);
    },
  });
  handler = provider.callback();
  for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error']) {
    provider.on(event, (ctx, err) => console.error(`[op] ${event}: ${err.message} ${err.error_description ?? ''}`));
  }
}

// ---------------------------------------------------------------- interaction pages
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;

const loginPage = (uid, client, error) => page('Sign in', `
<p>to continue to <strong>${esc(client)}</strong></p>
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<form id="login" method="post" action="/interaction/${esc(uid)}/login">
  <label>E-mail <input name="login" type="email" autocomplete="username" required autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit" name="action" value="login">Sign in</button>
  <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>`);

const consentPage = (uid, client, scopes) => page('Authorize', `
<p><strong>${esc(client)}</strong> asks for: ${esc(scopes.join(', '))}</p>
<form id="consent" method="post" action="/interaction/${esc(uid)}/consent">
  <button type="submit" name="action" value="allow">Allow</button>
  <button type="submit" name="action" value="cancel">Cancel</button>
</form>`);

const readBody = async (req) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function grantConsent(req, res, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const abort = (req, res) => provider.interactionFinished(req, res, {
  error: 'access_denied',
  error_description: 'End-User aborted interaction',
}, { mergeWithLastSubmission: false });

async function interaction(req, res, uid, step) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  const { prompt, params } = details;
  const client = params.client_id;

  if (req.method === 'GET' && !step) {
    if (prompt.name === 'login') return send(res, 200, loginPage(uid, client));
    if (prompt.name === 'consent') {
      if (config.autoConsent) return grantConsent(req, res, details);
      return send(res, 200, consentPage(uid, client, String(params.scope ?? '').split(' ')));
    }
    return send(res, 501, page('Error', 'unsupported prompt'));
  }
  if (req.method !== 'POST') return send(res, 405, page('Error', 'method not allowed'));

  const form = new URLSearchParams(await readBody(req));
  if (form.get('action') === 'cancel') return abort(req, res);
  if (step === 'login' && prompt.name === 'login') {
    const accountId = authenticate(form.get('login'), form.get('password'));
    if (!accountId) return send(res, 200, loginPage(uid, client, 'Invalid e-mail or password.'));
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }
  if (step === 'consent' && prompt.name === 'consent') return grantConsent(req, res, details);
  return send(res, 400, page('Error', 'unexpected step'));
}

// ---------------------------------------------------------------- test control endpoints
async function control(req, res, path) {
  const json = (status, body) => send(res, status, `${JSON.stringify(body)}\n`, 'application/json');
  if (req.method !== 'POST') return json(405, { error: 'POST only' });
  if (path === '/__test/rotate-keys') {
    signingKeys = await newSigningKey();
    buildProvider();
    console.error(`[op] signing key rotated, kid=${signingKeys.keys[0].kid}`);
    return json(200, { kid: signingKeys.keys[0].kid });
  }
  if (path === '/__test/clients') { // add or replace one client at run time
    const client = normalizeClient(JSON.parse(await readBody(req)));
    clients.set(client.client_id, client);
    buildProvider();
    return json(200, { client_id: client.client_id });
  }
  return json(404, { error: 'unknown control endpoint' });
}

// ---------------------------------------------------------------- server
const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, issuer);
  try {
    if (pathname.startsWith('/__test/')) return await control(req, res, pathname);
    const m = pathname.match(/^\/interaction\/([\w-]+)(?:\/(login|consent))?$/);
    if (m) return await interaction(req, res, m[1], m[2]);
    return handler(req, res);
  } catch (err) {
    console.error(`[op] ${req.method} ${pathname}: ${err.stack ?? err}`);
    const status = err instanceof SyntaxError ? 400 : (err.statusCode ?? 500);
    if (res.headersSent) res.end();
    else if (pathname.startsWith('/__test/')) send(res, status, `${JSON.stringify({ error: err.message })}\n`, 'application/json');
    else send(res, status, page('Error', `<p id="error">${esc(err.message)}</p>`));
  }
});

signingKeys = await newSigningKey();
server.listen(config.port ?? 0, '127.0.0.1', () => {
  const { port } = server.address();
  issuer = `http://127.0.0.1:${port}`;
  buildProvider();
  process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);
});

const stop = (signal) => {
  console.error(`[op] ${signal}, stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
