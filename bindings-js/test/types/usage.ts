// Compiled with `tsc --noEmit` by types.test.mjs: the README's usage must type-check.
import http from 'node:http';
import { ConnectError, createClient, start, callback, type Identity } from '@infomaniak/connect';

const client = createClient({
  clientId: 'id',
  clientSecret: 'secret',
  redirectUri: 'https://site.example/openid-connect-authorize',
  siteKey: 'a-long-random-secret-of-this-site-0123456789',
  requiredClaims: ['email'],
  timeout: 5000,
});

http.createServer(async (req, res) => {
  if (req.url?.startsWith('/login')) {
    const { url, setCookie } = await client.start('/account');
    res.writeHead(302, { Location: url, 'Set-Cookie': setCookie }).end();
    return;
  }
  try {
    const { identity, returnPath, clearCookie } = await client.callback(req.url ?? '', req.headers.cookie);
    const who: Identity = identity;
    const email: string | null = who.email;
    res.writeHead(303, { Location: returnPath, 'Set-Cookie': clearCookie }).end(email ?? who.subject);
  } catch (err) {
    if (!(err instanceof ConnectError)) throw err;
    const code: string = err.code;
    res.writeHead(400).end(`${err.visitorMessage} ${code} ${err.detail} ${err.clearCookie ?? ''}`);
  }
});

const out = start({
  config: { issuer: 'https://login.infomaniak.com', client_id: 'id', redirect_uri: 'https://s/openid-connect-authorize' },
  site_key: 'k'.repeat(32),
  now: 1,
});
const state: string = out.state;
callback({ config: { issuer: 'x', client_id: 'y', redirect_uri: 'z' }, site_key: state, now: 2, query: { code: 'c' } });

// @ts-expect-error clientId is required
createClient({ redirectUri: 'x', siteKey: 'y' });
