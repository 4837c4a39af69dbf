#!/usr/bin/env node
// "Log in with Infomaniak" on a plain node:http site, with @infomaniak/connect.
//
//   IKC_CLIENT_ID=… IKC_CLIENT_SECRET=… IKC_SITE_URL=https://site.example node examples/node-server.mjs
//
// Environment:
//   IKC_CLIENT_ID, IKC_CLIENT_SECRET  the OAuth2 app from the Infomaniak Manager ("Web Front-End",
//                                     URL = IKC_SITE_URL + /openid-connect-authorize)
//   IKC_SITE_URL    the site's public URL (default http://127.0.0.1:PORT)
//   IKC_SITE_KEY    a long random secret of this site (≥ 32 bytes); without it, one is drawn at
//                   start and logins in progress and sessions end with the process
//   IKC_ISSUER      the OpenID Provider (default https://login.infomaniak.com)
//   PORT, HOST      where to listen (default 8080 on 127.0.0.1; PORT=0 picks a free port)
//
// Prints {"url": "http://HOST:PORT"} on stdout once listening; logs go to stderr.
// Routes: / (home, with the login link), /login?return=/path (start), /openid-connect-authorize
// (callback), /me (the logged-in identity), POST /logout.
// The session is a cookie signed with a key derived from the site key; it holds the identity's
// issuer, subject, e-mail and name, never a token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

import { ConnectError, createClient, parseCookieHeader } from '@infomaniak/connect';

const SESSION_COOKIE = 'site_session';
const SESSION_SECONDS = 8 * 60 * 60;

const env = process.env;
if (!env.IKC_CLIENT_ID) {
  console.error('node-server.mjs: set IKC_CLIENT_ID (and IKC_CLIENT_SECRET) to the OAuth2 app of the Infomaniak Manager');
  process.exit(2);
}
const host = env.HOST ?? '127.0.0.1';
const port = Number(env.PORT ?? 8080);
let siteKey = env.IKC_SITE_KEY;
if (!siteKey) {
  siteKey = randomBytes(32).toString('base64url');
  console.error('[site] IKC_SITE_KEY is not set: using a random key for this process');
}
const sessionKey = createHmac('sha256', siteKey).update('example-session-cookie').digest();

// ---------------------------------------------------------------- pages
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title></head>
<body><main><h1>${esc(title)}</h1>
${body}
</main></body></html>
`;

function send(res, status, html, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

function redirect(res, location, setCookies = []) {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Set-Cookie': setCookies });
  res.end();
}

const loginLink = (returnPath) =>
  `<p><a id="login" href="/login?return=${encodeURIComponent(returnPath)}">Log in with Infomaniak</a></p>`;

// ---------------------------------------------------------------- session cookie (signed)
const mac = (data) => createHmac('sha256', sessionKey).update(data).digest('base64url');

function sessionCookie(identity, secure) {
  const payload = Buffer.from(JSON.stringify({
    iss: identity.issuer,
    sub: identity.subject,
    email: identity.email,
    name: identity.name,
    exp: Math.floor(Date.now() / 1000) + SESSION_SECONDS,
  })).toString('base64url');
  return `${SESSION_COOKIE}=${payload}.${mac(payload)}; Max-Age=${SESSION_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function readSession(req) {
  const value = parseCookieHeader(req.headers.cookie)[SESSION_COOKIE];
  const [payload, sig, extra] = String(value ?? '').split('.');
  if (!payload || !sig || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return session.exp > Date.now() / 1000 ? session : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- routes
async function route(req, res, client, siteUrl) {
  const url = new URL(req.url, siteUrl);
  const secure = siteUrl.startsWith('https:');
  const session = readSession(req);

  if (req.method === 'GET' && url.pathname === '/') {
    return send(res, 200, page('Example site', session
      ? `<p>You are logged in as ${esc(session.name ?? session.email ?? session.sub)}. <a href="/me">Your account</a></p>`
      : `<p>Welcome. Log in to see your account.</p>${loginLink('/me')}`));
  }

  if (req.method === 'GET' && url.pathname === '/login') {
    // The login link of every page points here, so no cached page carries a stale state.
    const { url: authorizationUrl, setCookie } = await client.start(url.searchParams.get('return') ?? '/');
    return redirect(res, authorizationUrl, [setCookie]);
  }

  if (req.method === 'GET' && url.pathname === '/openid-connect-authorize') {
    try {
      const { identity, returnPath, clearCookie } = await client.callback(req.url, req.headers.cookie);
      console.error(`[site] login: ${identity.issuer} ${identity.subject}`);
      return redirect(res, returnPath, [clearCookie, sessionCookie(identity, secure)]);
    } catch (err) {
      if (!(err instanceof ConnectError)) throw err;
      // The admin log gets the code and the detail; the visitor only the plain message.
      console.error(`[site] login failed: ${err.code}: ${err.detail}`);
      const status = err.code === 'internal_error' ? 500 : 400;
      return send(res, status, page('Login failed',
        `<p id="error" data-code="${esc(err.code)}">${esc(err.visitorMessage)}</p>${loginLink('/me')}<p><a href="/">Home</a></p>`),
      err.clearCookie ? { 'Set-Cookie': [err.clearCookie] } : {});
    }
  }

  if (req.method === 'GET' && url.pathname === '/me') {
    if (!session) return redirect(res, '/login?return=%2Fme');
    return send(res, 200, page('Your account', `<dl id="identity">
<dt>Name</dt><dd id="name">${esc(session.name ?? '')}</dd>
<dt>E-mail</dt><dd id="email">${esc(session.email ?? '')}</dd>
<dt>Subject</dt><dd id="sub">${esc(session.sub)}</dd>
<dt>Issuer</dt><dd id="iss">${esc(session.iss)}</dd>
</dl>
<form method="post" action="/logout"><button>Log out</button></form>`));
  }

  if (req.method === 'POST' && url.pathname === '/logout') {
    return redirect(res, '/', [`${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`]);
  }

  return send(res, 404, page('Not found', '<p>There is no such page.</p><p><a href="/">Home</a></p>'));
}

// ---------------------------------------------------------------- server
let client;
let siteUrl;
const server = http.createServer((req, res) => {
  route(req, res, client, siteUrl).catch((err) => {
    console.error(`[site] ${req.method} ${req.url}: ${err?.stack ?? err}`);
    if (!res.headersSent) {
      const visitor = err instanceof ConnectError ? err.visitorMessage : 'Something went wrong. Please try again.';
      send(res, 500, page('Error', `<p id="error">${esc(visitor)}</p><p><a href="/">Home</a></p>`));
    } else {
      res.end();
    }
  });
});

server.listen(port, host, () => {
  const address = server.address();
  const bound = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  siteUrl = (env.IKC_SITE_URL || bound).replace(/\/+$/, '');
  client = createClient({
    issuer: env.IKC_ISSUER || undefined,
    clientId: env.IKC_CLIENT_ID,
    clientSecret: env.IKC_CLIENT_SECRET,
    redirectUri: `${siteUrl}/openid-connect-authorize`,
    siteKey,
  });
  process.stdout.write(`${JSON.stringify({ url: bound })}\n`);
  console.error(`[site] listening on ${bound}; redirect URI ${siteUrl}/openid-connect-authorize`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
