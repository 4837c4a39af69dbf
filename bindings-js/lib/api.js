// The public API over an engine (core.js): one function per core operation, and createClient(),
// which does the HTTP of a login with the runtime's fetch.
import { ABI_VERSION, ConnectError, MAX_INPUT_BYTES } from './core.js';

export { ABI_VERSION, ConnectError, MAX_INPUT_BYTES };

/** Infomaniak's issuer, the default of createClient(). */
export const INFOMANIAK_ISSUER = 'https://login.infomaniak.com';

/** The code every host raises for a transport failure (core/PROTOCOL.md, "Error codes"). */
const UNREACHABLE = 'provider_unreachable';
// Visitor messages of the codes this package raises itself (the same sentences as the core's).
const PROVIDER_UNAVAILABLE = 'The login provider cannot be reached right now. Please try again later.';
const NOT_CONFIGURED = 'Login with Infomaniak is not configured correctly on this site. Please contact the site administrator.';

/** Bodies larger than this are not read; the core judges (and refuses) anything above 256 KiB.
 *  The same limit as the PHP library's transports, so both answer a large body alike. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

export function createApi(engine) {
  /** Runs `op` on `input` (an object, or JSON text); answers the `ok` value or throws ConnectError. */
  function call(op, input = {}) {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    const answer = JSON.parse(engine.callRaw(op, text));
    if (answer.error) throw ConnectError.fromCore(answer.error);
    return answer.ok;
  }

  const api = {
    ABI_VERSION,
    ConnectError,
    INFOMANIAK_ISSUER,
    call,
    /** The raw protocol: JSON text in, the core's JSON text (`{"ok":…}` or `{"error":…}`) out. */
    callRaw: (op, input) => engine.callRaw(op, input),
    /** The ABI version of the loaded module. */
    abiVersion: () => engine.abiVersion(),
    /** `{abi, core}`: the protocol and core versions. */
    version: () => call('version', {}),
    providerPreset: (issuer) => call('provider_preset', { issuer }),
    discoveryRequest: (issuer) => call('discovery_request', { issuer }),
    parseDiscovery: (issuer, response) => call('parse_discovery', { issuer, response }),
    parseJwks: (jwks) => call('parse_jwks', { jwks }),
    start: (input) => call('start', input),
    callback: (input) => call('callback', input),
    /** The Set-Cookie header deleting a failed callback's login cookie, or null. */
    clearCookie: (input) => call('clear_cookie', input).clear_cookie,
    finish: (input) => call('finish', input),
    userinfo: (input) => call('userinfo', input),
    decideAccount: (input) => call('decide_account', input),
    sanitizeReturnPath: (returnPath, fallback = '/') =>
      call('sanitize_return_path', { return_path: returnPath, default: fallback }).return_path,
    logoutUrl: (config, postLogoutRedirectUri) =>
      call('logout_url', { config, post_logout_redirect_uri: postLogoutRedirectUri ?? null }).url,
    /** Resolves once the module is usable (it is at import; after a crash, once replaced). */
    ready: () => engine.ready(),
  };
  api.createClient = (options) => createClient(api, options);
  return api;
}

/** Parses a Cookie header into name → value (first occurrence wins, values not decoded). */
export function parseCookieHeader(header) {
  const cookies = {};
  for (const part of String(header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

/** The callback's query: a URL (absolute or a path), URL/URLSearchParams, a query string or an object. */
function toQuery(request) {
  if (request == null) return '';
  if (typeof URLSearchParams !== 'undefined' && request instanceof URLSearchParams) return request.toString();
  if (typeof URL !== 'undefined' && request instanceof URL) return request.search.replace(/^\?/, '');
  if (typeof request === 'object') {
    if (typeof request.url === 'string') return toQuery(request.url); // a Request or IncomingMessage
    const query = {};
    for (const [k, v] of Object.entries(request)) {
      if (typeof v === 'string') query[k] = v;
      else if (Array.isArray(v) && typeof v[0] === 'string') query[k] = v[0];
    }
    return query;
  }
  const text = String(request);
  const q = text.indexOf('?');
  if (q >= 0) return text.slice(q + 1).replace(/#.*$/s, '');
  // A path or URL without a query carries no parameters; anything else is a query string.
  if (/^(?:[a-z][a-z0-9+.-]*:|\/)/i.test(text)) return '';
  return text.replace(/#.*$/s, '');
}

/** Request cookies as name → value: an object, a Map, a Cookie header, or a request with headers. */
function toCookies(cookies) {
  if (cookies == null) return {};
  if (typeof cookies === 'string') return parseCookieHeader(cookies);
  if (cookies instanceof Map) return Object.fromEntries([...cookies].filter(([, v]) => typeof v === 'string'));
  if (typeof cookies === 'object' && cookies.headers) {
    const h = cookies.headers;
    return parseCookieHeader(typeof h.get === 'function' ? h.get('cookie') : h.cookie);
  }
  const out = {};
  for (const [k, v] of Object.entries(cookies)) if (typeof v === 'string') out[k] = v;
  return out;
}

function createClient(api, options = {}) {
  const {
    issuer = INFOMANIAK_ISSUER,
    clientId,
    clientSecret,
    redirectUri,
    siteKey,
    scopes,
    tokenEndpointAuthMethod,
    requiredClaims,
    clockTolerance,
    allowHs256,
    provider: fixedProvider,
    discovery = 'auto',
    fetch: fetchImpl = globalThis.fetch,
    timeout = 10_000,
    clock = () => Date.now(),
    cacheTtl = DAY_MS,
    jwksRefreshInterval = 60_000,
  } = options;
  for (const [name, value] of Object.entries({ clientId, redirectUri, siteKey })) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`createClient: option ${name} is required`);
    }
  }
  if (typeof fetchImpl !== 'function') throw new TypeError('createClient: no fetch() in this runtime; pass options.fetch');

  const baseConfig = {
    issuer,
    client_id: clientId,
    redirect_uri: redirectUri,
    ...(clientSecret != null && { client_secret: clientSecret }),
    ...(scopes && { scopes }),
    ...(tokenEndpointAuthMethod && { token_endpoint_auth_method: tokenEndpointAuthMethod }),
    ...(requiredClaims && { required_claims: requiredClaims }),
    ...(clockTolerance != null && { clock_tolerance: clockTolerance }),
    ...(allowHs256 != null && { allow_hs256: allowHs256 }),
  };
  const nowSeconds = () => Math.floor(clock() / 1000);

  /** One HTTP exchange as the core wants it: `{status, body}`; transport trouble is provider_unreachable. */
  async function send(request, what, { follow = false } = {}) {
    const code = UNREACHABLE;
    let res;
    try {
      res = await fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        redirect: follow ? 'follow' : 'manual',
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err) {
      const why = err?.name === 'TimeoutError' ? `no answer within ${timeout} ms` : (err?.cause?.code ?? err?.message ?? String(err));
      throw new ConnectError(code, PROVIDER_UNAVAILABLE, `${what}: ${request.method} ${request.url} failed: ${why}`, { cause: err });
    }
    const body = await readBody(res, code, what, request);
    return { status: res.status, body };
  }

  async function readBody(res, code, what, request) {
    const declared = Number(res.headers?.get?.('content-length'));
    const tooLarge = () => new ConnectError(code, PROVIDER_UNAVAILABLE,
      `${what}: ${request.method} ${request.url}: body larger than ${MAX_RESPONSE_BYTES} bytes`);
    if (declared > MAX_RESPONSE_BYTES) {
      await res.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    if (!res.body?.getReader) return res.text();
    const reader = res.body.getReader();
    const chunks = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > MAX_RESPONSE_BYTES) {
          await reader.cancel().catch(() => {});
          throw tooLarge();
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof ConnectError) throw err;
      throw new ConnectError(code, PROVIDER_UNAVAILABLE, `${what}: reading the body of ${request.url} failed: ${err?.message ?? err}`, { cause: err });
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.byteLength;
    }
    return new TextDecoder().decode(all);
  }

  // ---- provider metadata: given, else the core's preset, else discovery (cached; an expired copy
  // is used while the provider cannot be reached)
  let discovered = null; // { value, until }
  let discovering = null; // Promise
  async function getProvider() {
    if (fixedProvider) return fixedProvider;
    if (discovery !== true) {
      const preset = api.providerPreset(issuer);
      if (preset) return preset;
      if (discovery === false) {
        throw new ConnectError('provider_metadata_missing', NOT_CONFIGURED,
          `no provider metadata for issuer ${issuer}: pass options.provider or enable discovery`);
      }
    }
    if (discovered && discovered.until > clock()) return discovered.value;
    discovering ??= (async () => {
      try {
        const response = await send(api.discoveryRequest(issuer), 'discovery', { follow: true });
        const value = api.parseDiscovery(issuer, response);
        discovered = { value, until: clock() + cacheTtl };
        return value;
      } catch (err) {
        if (discovered && err instanceof ConnectError && err.code === UNREACHABLE) return discovered.value;
        throw err;
      } finally {
        discovering = null;
      }
    })();
    return discovering;
  }

  // ---- JWKS: cached; checked by the core before caching; an expired copy is used while the
  // provider cannot be reached; refetched on the core's jwks_refresh (key rotation) unless it was
  // fetched for this very login, at most once per jwksRefreshInterval.
  let jwksCopy = null; // { body, until }
  let jwksFetching = null; // Promise<string>
  let lastForcedRefresh = -Infinity;
  function fetchJwks(provider) {
    jwksFetching ??= (async () => {
      try {
        const request = { method: 'GET', url: provider.jwks_uri, headers: { Accept: 'application/json' }, body: null };
        const response = await send(request, 'JWKS', { follow: true });
        if (response.status < 200 || response.status > 299) {
          throw new ConnectError(UNREACHABLE, PROVIDER_UNAVAILABLE, `JWKS: GET ${request.url} answered HTTP ${response.status}`);
        }
        api.parseJwks(response.body); // throws jwks_invalid: a broken set is never cached
        jwksCopy = { body: response.body, until: clock() + cacheTtl };
        return response.body;
      } finally {
        jwksFetching = null;
      }
    })();
    return jwksFetching;
  }
  /** [body, fetched for this login]. */
  async function currentJwks(provider) {
    if (jwksCopy && jwksCopy.until > clock()) return [jwksCopy.body, false];
    try {
      return [await fetchJwks(provider), true];
    } catch (err) {
      if (jwksCopy && err instanceof ConnectError && err.code === UNREACHABLE) return [jwksCopy.body, false];
      throw err;
    }
  }
  /** The refetched JWKS after a jwks_refresh answer, or null when that is not allowed now. */
  async function refreshedJwks(provider, fetchedNow) {
    const now = clock();
    if (fetchedNow || now - lastForcedRefresh < jwksRefreshInterval) return null;
    lastForcedRefresh = now;
    return fetchJwks(provider);
  }

  async function config() {
    await api.ready();
    return { ...baseConfig, provider: await getProvider() };
  }

  return {
    /** The provider metadata in use (preset, given or discovered). */
    provider: getProvider,

    /**
     * Step 1: the URL to send the visitor to, and the login cookie to set on that response.
     * `returnPath` is where the visitor lands afterwards (a same-site path; anything else is "/").
     */
    async start(returnPath = '/') {
      const out = api.start({ config: await config(), site_key: siteKey, now: nowSeconds(), return_path: returnPath });
      return { url: out.authorization_url, setCookie: out.set_cookie, state: out.state, cookie: out.cookie };
    },

    /**
     * Steps 2 and 3 at the redirect URI: checks the answer against the login cookie, redeems the
     * code, validates the ID token (and asks userinfo for missing claims).
     * `request`: the request URL (or its query, a URLSearchParams, an object, a Request);
     * `cookies`: the Cookie header, an object name → value, or the request itself.
     * Errors carry `clearCookie` too when the request carried this login's cookie.
     */
    async callback(request, cookies) {
      const cfg = await config();
      const query = toQuery(request);
      const jar = toCookies(cookies ?? (typeof request === 'object' ? request : undefined));
      let cb;
      try {
        cb = api.callback({ config: cfg, site_key: siteKey, now: nowSeconds(), query, cookies: jar });
      } catch (err) {
        if (err instanceof ConnectError) err.clearCookie = api.clearCookie({ config: cfg, query, cookies: jar });
        throw err;
      }
      try {
        const tokenResponse = await send(cb.token_request, 'token request');
        const [jwks, fetchedNow] = await currentJwks(cfg.provider);
        const finishWith = (body) => api.finish({
          config: cfg, site_key: siteKey, now: nowSeconds(), state: cb.state, token_response: tokenResponse, jwks: body,
        });
        let done;
        try {
          done = finishWith(jwks);
        } catch (err) {
          // Key rotation: the token's kid is not in our copy. Refetch once, if allowed now.
          if (!(err instanceof ConnectError) || err.code !== 'jwks_refresh') throw err;
          const fresh = await refreshedJwks(cfg.provider, fetchedNow);
          if (fresh === null) throw err;
          done = finishWith(fresh);
        }
        let { identity } = done;
        if (done.userinfo_request) {
          const response = await send(done.userinfo_request, 'userinfo');
          identity = api.userinfo({ config: cfg, identity, response });
        }
        return { identity, returnPath: cb.return_path, clearCookie: cb.clear_cookie };
      } catch (err) {
        if (err instanceof ConnectError) err.clearCookie = cb.clear_cookie;
        throw err;
      }
    },

    /** The provider's logout URL (or null when it has none). */
    async logoutUrl(postLogoutRedirectUri) {
      return api.logoutUrl(await config(), postLogoutRedirectUri);
    },

    /** The configuration object the core operations take (for the low-level functions). */
    config,
  };
}
