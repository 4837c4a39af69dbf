// The package's API without a network: the low-level operations, errors, traps, input limits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import * as connect from '../lib/node.js';
import { ConnectError as CoreConnectError, createEngine } from '../lib/core.js';
import { createApi } from '../lib/api.js';

const SITE_KEY = 'api-test-site-key-0123456789abcdefghij';
const NOW = 1767225600;
const CONFIG = {
  issuer: 'https://login.infomaniak.com',
  client_id: 'client-1',
  client_secret: 'secret-1',
  redirect_uri: 'https://site.example/openid-connect-authorize',
};

describe('low-level operations', () => {
  test('version and ABI', () => {
    assert.equal(connect.abiVersion(), 1);
    assert.equal(connect.ABI_VERSION, 1);
    const { abi, core } = connect.version();
    assert.equal(abi, 1);
    assert.match(core, /^\d+\.\d+\.\d+/);
    assert.equal(connect.default.version().abi, 1);
  });

  test('start → callback: the login cookie binds the browser, the token request is built', () => {
    const s = connect.start({ config: CONFIG, site_key: SITE_KEY, now: NOW, return_path: '/account?tab=1' });
    assert.match(s.state, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(s.authorization_url.startsWith('https://login.infomaniak.com/authorize?'));
    assert.equal(s.cookie.name, `ikc_login_${s.state.slice(0, 8)}`);
    const cb = connect.callback({
      config: CONFIG, site_key: SITE_KEY, now: NOW + 5,
      query: `code=abc&state=${s.state}&iss=${encodeURIComponent(CONFIG.issuer)}`,
      cookies: { [s.cookie.name]: s.cookie.value, other: 'x' },
    });
    assert.equal(cb.state, s.state);
    assert.equal(cb.return_path, '/account?tab=1');
    assert.equal(cb.token_request.method, 'POST');
    assert.equal(cb.token_request.url, 'https://login.infomaniak.com/token');
    assert.match(cb.token_request.headers.Authorization, /^Basic /);
    assert.match(cb.clear_cookie, /^ikc_login_.{8}=; Max-Age=0/);
  });

  test('two starts draw two states', () => {
    const a = connect.start({ config: CONFIG, site_key: SITE_KEY, now: NOW });
    const b = connect.start({ config: CONFIG, site_key: SITE_KEY, now: NOW });
    assert.notEqual(a.state, b.state);
  });

  test('errors are ConnectError with code, visitor message and detail', () => {
    assert.throws(() => connect.callback({ config: CONFIG, site_key: SITE_KEY, now: NOW, query: 'error=access_denied&state=x' }), (err) => {
      assert.ok(err instanceof connect.ConnectError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'ConnectError');
      assert.equal(err.code, 'access_denied');
      assert.equal(err.visitorMessage, 'The login was cancelled.');
      assert.equal(typeof err.detail, 'string');
      assert.equal(err.message, `access_denied: ${err.detail}`);
      return true;
    });
    assert.throws(() => connect.call('no_such_op', {}), { code: 'unknown_operation' });
    assert.throws(() => connect.call('start', '{not json'), { code: 'invalid_input' });
  });

  test('small helpers', () => {
    assert.equal(connect.sanitizeReturnPath('//evil.example/x'), '/');
    assert.equal(connect.sanitizeReturnPath('/ok?x=1', '/home'), '/ok?x=1');
    assert.equal(connect.sanitizeReturnPath('https:evil', '/home'), '/home');
    assert.deepEqual(connect.providerPreset('https://example.org'), null);
    assert.equal(connect.providerPreset(connect.INFOMANIAK_ISSUER).issuer, connect.INFOMANIAK_ISSUER);
    assert.equal(connect.discoveryRequest('https://op.example.com/').url, 'https://op.example.com/.well-known/openid-configuration');
    assert.equal(connect.logoutUrl(CONFIG), null);
    assert.deepEqual(connect.parseCookieHeader('a=1; b="two"; a=3; junk; c=x=y'), { a: '1', b: 'two', c: 'x=y' });
    assert.deepEqual(connect.decideAccount({
      policy: { create_users: false },
      identity: { issuer: 'i', subject: 's', email: null, email_verified: false, name: null, given_name: null, family_name: null, preferred_username: null, locale: null, claims: {} },
      linked_user: { id: '42' },
    }), { action: 'login', user_id: '42' });
  });

  test('the raw protocol is the core\'s text', () => {
    assert.equal(connect.callRaw('version', '[]'),
      '{"error":{"code":"invalid_input","detail":"input is not a JSON object","message":"The login could not be completed. Please try again."}}');
  });

  test('oversized input is refused before it enters the module, as the core would', () => {
    const big = JSON.stringify({ return_path: 'é'.repeat(600 * 1024) }); // > 1 MiB in UTF-8
    const text = connect.callRaw('sanitize_return_path', big);
    const bytes = Buffer.byteLength(big);
    assert.equal(text, `{"error":{"code":"invalid_input","detail":"input of ${bytes} bytes exceeds 1048576","message":"The login could not be completed. Please try again."}}`);
    // Just under the limit the core itself answers.
    const fits = JSON.stringify({ return_path: `/${'a'.repeat(1024 * 1024 - 40)}` });
    assert.ok(Buffer.byteLength(fits) <= connect.MAX_INPUT_BYTES);
    assert.equal(typeof connect.call('sanitize_return_path', fits).return_path, 'string');
  });

  test('the visitor messages the package raises itself are the core\'s', async () => {
    const coreUnavailable = (() => {
      try {
        connect.parseDiscovery('https://op.example.com', { status: 503, body: '' });
      } catch (err) {
        return err;
      }
      return null;
    })();
    assert.equal(coreUnavailable.code, 'discovery_unavailable');
    const client = connect.createClient({
      issuer: 'https://op.example.com', clientId: 'c', redirectUri: 'https://site.example/openid-connect-authorize', siteKey: SITE_KEY,
      fetch: async () => { throw new TypeError('fetch failed'); },
    });
    await assert.rejects(client.start(), (err) => {
      assert.equal(err.code, 'provider_unreachable');
      assert.equal(err.visitorMessage, coreUnavailable.visitorMessage);
      assert.match(err.detail, /fetch failed/);
      return true;
    });
    const noMetadata = connect.createClient({
      issuer: 'https://op.example.com', clientId: 'c', redirectUri: 'https://site.example/openid-connect-authorize', siteKey: SITE_KEY, discovery: false,
    });
    await assert.rejects(noMetadata.start(), (err) => {
      assert.equal(err.code, 'provider_metadata_missing');
      assert.throws(() => connect.start({ config: { ...CONFIG, issuer: 'https://op.example.com' }, site_key: SITE_KEY, now: NOW }),
        { code: 'provider_metadata_missing', visitorMessage: err.visitorMessage });
      return true;
    });
  });

  test('createClient checks its options', () => {
    assert.throws(() => connect.createClient({}), TypeError);
    assert.throws(() => connect.createClient({ clientId: 'c', redirectUri: 'https://s/openid-connect-authorize' }), /siteKey/);
  });
});

describe('a trap in the module', () => {
  const wasmUrl = new URL('../wasm/ikc_wasm_bg.wasm', import.meta.url);
  const module = new WebAssembly.Module(readFileSync(wasmUrl));
  let n = 0;
  const freshGlue = async () => {
    const glue = await import(`../wasm/ikc_wasm.js?trap-test=${n += 1}`);
    const raw = glue.initSync({ module });
    return { glue, raw };
  };

  test('becomes a ConnectError, and a new instance takes over', async () => {
    const { glue, raw } = await freshGlue();
    let reloads = 0;
    // The first instance gets a call with a pointer far outside its memory: a real wasm trap.
    const broken = { abiVersion: glue.abiVersion, call: () => raw.call(0xfffffff0, 64, 0, 0) };
    const api = createApi(createEngine(broken, async () => {
      reloads += 1;
      return (await freshGlue()).glue;
    }));
    assert.throws(() => api.version(), (err) => {
      assert.ok(err instanceof CoreConnectError);
      assert.equal(err.code, 'internal_error');
      assert.equal(err.visitorMessage, 'The login could not be completed. Please try again.');
      assert.ok(err.cause instanceof WebAssembly.RuntimeError, String(err.cause));
      return true;
    });
    await api.ready();
    assert.equal(reloads, 1);
    assert.equal(api.version().abi, 1);
    assert.equal(api.sanitizeReturnPath('/x'), '/x');
  });

  test('a module with another ABI is refused', async () => {
    const { glue } = await freshGlue();
    assert.throws(() => createEngine({ ...glue, abiVersion: () => 2 }, freshGlue), /ABI 2/);
  });

  test('while the replacement is not there, calls fail cleanly; a failed restart is retried', async () => {
    let attempts = 0;
    const failing = { abiVersion: () => 1, call: () => { throw new WebAssembly.RuntimeError('unreachable'); } };
    const api = createApi(createEngine(failing, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('no memory');
      return (await freshGlue()).glue;
    }));
    assert.throws(() => api.version(), { code: 'internal_error' });
    await assert.rejects(api.ready(), /could not be restarted: no memory/);
    await api.ready();
    assert.equal(api.version().abi, 1);
    assert.equal(attempts, 2);
  });
});
