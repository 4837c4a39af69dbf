// Browser (and other fetch-based runtimes) entry point: the wasm-bindgen "web" target, loaded
// with top-level await from next to this package's files.
import init, * as glue from '../wasm/ikc_wasm.js';
import { createApi } from './api.js';
import { createEngine } from './core.js';

await init();

let generation = 0;
// After a trap: a fresh copy of the glue (a new ES module instance) and a new instance.
async function reload() {
  generation += 1;
  const fresh = await import(/* @vite-ignore */ /* webpackIgnore: true */ `../wasm/ikc_wasm.js?instance=${generation}`);
  await fresh.default();
  return fresh;
}

const api = createApi(createEngine(glue, reload));

export { ConnectError, ABI_VERSION, MAX_INPUT_BYTES, INFOMANIAK_ISSUER, parseCookieHeader } from './api.js';
export const {
  call, callRaw, abiVersion, version, providerPreset, discoveryRequest, parseDiscovery, parseJwks,
  start, callback, clearCookie, finish, userinfo, decideAccount, sanitizeReturnPath, logoutUrl, ready, createClient,
} = api;
export default api;
