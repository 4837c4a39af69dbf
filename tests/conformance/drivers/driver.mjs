// Conformance driver for the npm package (bindings-js): plays one scenario flow against the
// hostile test OP with the package's createClient() (its fetch helper, over the wasm core), acting
// as the site and as the visitor's browser (a cookie jar that follows the redirect to the OP).
//
// Run by tests/conformance/run.mjs:  node driver.mjs < input.json
// Same input and output as driver.php: {"binding":"js","logins":[…]}. IKC_JS_PACKAGE names the
// package directory (its package.json "exports" are followed, as an importing site would).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = process.env.IKC_JS_PACKAGE ?? fileURLToPath(new URL('../../../bindings-js', import.meta.url));
const input = JSON.parse(readFileSync(0, 'utf8'));

/** The entry a Node ESM import of the package would load. */
function entryOf(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  let target = pkg.exports?.['.'] ?? pkg.exports ?? pkg.module ?? pkg.main ?? 'index.js';
  while (target && typeof target === 'object') {
    target = target.node ?? target.import ?? target.default ?? null;
  }
  if (typeof target !== 'string') throw new Error(`no Node entry in ${dir}/package.json`);
  return pathToFileURL(join(dir, target)).href;
}

const connect = await import(entryOf(packageDir));
const { createClient, ConnectError } = connect;

const client = createClient({
  issuer: input.issuer,
  clientId: input.client_id,
  clientSecret: input.client_secret,
  redirectUri: input.redirect_uri,
  // One site (one cache) for the whole run; a new one for every run.
  siteKey: randomBytes(32).toString('hex'),
  requiredClaims: input.required_claims ?? [],
  timeout: (input.timeout ?? 10) * 1000,
});

/** The visitor's browser: a cookie jar, and one GET to the OP's authorization endpoint. */
class Browser {
  cookies = {};

  setCookie(header) {
    const [pair, ...attributes] = String(header).split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) delete this.cookies[name];
    else this.cookies[name] = pair.slice(eq + 1);
  }

  cookieHeader(cookies = this.cookies) {
    return Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async authorize(url) {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || !location.startsWith(`${input.redirect_uri}?`)) {
      const text = (await res.text()).replace(/<[^>]*>/g, ' ').slice(0, 200);
      throw new Error(`authorization endpoint answered HTTP ${res.status}: ${text}`);
    }
    return location; // the callback URL the browser is sent to
  }
}

/** Runs `step`, answering its value or the failure as data. */
async function attempt(stage, step) {
  const started = process.hrtime.bigint();
  const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  try {
    return { outcome: 'ok', value: await step(), elapsed_ms: ms() };
  } catch (err) {
    if (err instanceof ConnectError) {
      return {
        outcome: 'reject', stage, code: err.code, message: err.visitorMessage, detail: err.detail,
        exception: err.name, clear_cookie: err.clearCookie ?? null, elapsed_ms: ms(),
      };
    }
    return { outcome: 'crash', stage, code: null, message: null, detail: `${err?.name}: ${err?.message ?? err}`, elapsed_ms: ms() };
  }
}

/** The visitor clicks the login link: the cookie is set, the browser goes to the OP and back. */
async function begin(browser) {
  const start = await attempt('start', () => client.start('/conformance/page'));
  if (start.outcome !== 'ok') return start;
  browser.setCookie(start.value.setCookie);
  return attempt('authorize', () => browser.authorize(start.value.url));
}

/** The callback request: the site completes the login with the browser's cookies. */
async function complete(browser, callbackUrl, cookies) {
  let done = await attempt('callback', () => client.callback(callbackUrl, browser.cookieHeader(cookies)));
  if (done.outcome === 'ok') {
    const result = done.value;
    browser.setCookie(result.clearCookie);
    done = {
      outcome: 'accept', identity: result.identity, return_path: result.returnPath,
      clear_cookie: result.clearCookie, elapsed_ms: done.elapsed_ms,
    };
  } else if (done.clear_cookie) {
    browser.setCookie(done.clear_cookie);
  }
  // The login cookie of this callback's state must be gone from the browser, whatever the outcome.
  const state = new URL(callbackUrl).searchParams.get('state') ?? '';
  done.login_cookie_left = `ikc_login_${state.slice(0, 8)}` in browser.cookies;
  return done;
}

async function login() {
  const browser = new Browser();
  const begun = await begin(browser);
  return begun.outcome === 'ok' ? complete(browser, begun.value) : begun;
}

const logins = [];
switch (input.flow) {
  case 'login':
    logins.push(await login());
    break;
  case 'two-logins':
    logins.push(await login());
    logins.push(await login());
    break;
  case 'replay': {
    const browser = new Browser();
    const begun = await begin(browser);
    if (begun.outcome !== 'ok') { logins.push(begun); break; }
    const cookies = { ...browser.cookies }; // what an attacker who captured the request replays
    logins.push(await complete(browser, begun.value));
    logins.push(await complete(browser, begun.value, cookies));
    break;
  }
  case 'csrf': {
    const attacker = new Browser();
    const begun = await begin(attacker);
    if (begun.outcome !== 'ok') { logins.push(begun); break; }
    const victim = new Browser();
    const own = await attempt('start', () => client.start('/victim/page'));
    if (own.outcome !== 'ok') { logins.push(own); break; }
    victim.setCookie(own.value.setCookie);
    logins.push(await complete(victim, begun.value));
    break;
  }
  default:
    console.error('unknown flow');
    process.exit(2);
}

for (const l of logins) delete l.value;
// Exit once written: idle keep-alive sockets to the OP would hold the process up to 1 s more.
process.stdout.write(`${JSON.stringify({ binding: 'js', logins })}\n`, () => process.exit(0));
