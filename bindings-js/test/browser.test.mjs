// The browser entry point (wasm-bindgen "web" target) in headless Chromium: the package is served
// over HTTP from 127.0.0.1 and a page imports it as an ES module. Skipped, saying so, without
// Chromium (Debian's `chromium`) or playwright-core (tests/node_modules).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';

import { JS_DIR, ROOT } from './helpers.mjs';

const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let playwright = null;
try {
  playwright = await import(path.join(ROOT, 'tests/node_modules/playwright-core/index.mjs'));
} catch {
  playwright = null;
}
const skip = !chromiumPath ? 'no Chromium (apt-get install chromium)'
  : !playwright ? 'no playwright-core in tests/node_modules' : false;

const PAGE = `<!doctype html><meta charset="utf-8"><title>t</title>
<script type="module">
  try {
    const m = await import('/lib/browser.js');
    const config = { issuer: m.INFOMANIAK_ISSUER, client_id: 'c', redirect_uri: 'https://site.example/openid-connect-authorize' };
    const s = m.start({ config, site_key: 'browser-site-key-0123456789abcdefghij', now: 1767225600, return_path: '/x' });
    let code = null;
    try { m.callback({ config, site_key: 'browser-site-key-0123456789abcdefghij', now: 1767225600, query: 'error=access_denied' }); }
    catch (e) { code = e instanceof m.ConnectError ? e.code : String(e); }
    const client = m.createClient({ clientId: 'c', redirectUri: 'https://site.example/openid-connect-authorize', siteKey: 'browser-site-key-0123456789abcdefghij' });
    const started = await client.start('/y');
    window.result = { abi: m.abiVersion(), version: m.version(), state: s.state, url: s.authorization_url, code, clientUrl: started.url };
  } catch (e) {
    window.result = { error: String(e && e.stack || e) };
  }
</script>`;

test('the package works in a browser (web target)', { skip }, async () => {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(PAGE);
    }
    const file = path.join(JS_DIR, path.normalize(pathname));
    if (!file.startsWith(JS_DIR) || !/^\/(lib|wasm)\//.test(pathname) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    return res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await playwright.chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.result, null, { timeout: 20_000 });
    const result = await page.evaluate(() => window.result);
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(errors, []);
    assert.equal(result.abi, 1);
    assert.equal(result.version.abi, 1);
    assert.match(result.state, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(result.url.startsWith('https://login.infomaniak.com/authorize?'));
    assert.equal(result.code, 'access_denied');
    assert.ok(result.clientUrl.startsWith('https://login.infomaniak.com/authorize?'));
  } finally {
    await browser.close();
    server.close();
  }
});
