// Node.js entry point (Node 20+): loads the WebAssembly module synchronously from the package.
import { readFileSync } from 'node:fs';

import * as glue from '../wasm/ikc_wasm.js';
import { createApi } from './api.js';
import { createEngine } from './core.js';

const module = new WebAssembly.Module(readFileSync(new URL('../wasm/ikc_wasm_bg.wasm', import.meta.url)));
glue.initSync({ module });

let generation = 0;
// After a trap: the same compiled module in a fresh copy of the glue (a new ES module instance).
async function reload() {
  generation += 1;
  const fresh = await import(`../wasm/ikc_wasm.js?instance=${generation}`);
  fresh.initSync({ module });
  return fresh;
}

const api = createApi(createEngine(glue, reload));

export { ConnectError, ABI_VERSION, MAX_INPUT_BYTES, INFOMANIAK_ISSUER, parseCookieHeader } from './api.js';
export const {
  call, callRaw, abiVersion, version, providerPreset, discoveryRequest, parseDiscovery, parseJwks,
  start, callback, clearCookie, finish, userinfo, decideAccount, sanitizeReturnPath, logoutUrl, ready, createClient,
} = api;
export default api;
