#!/usr/bin/env node
// A bounded load script: N first logins of distinct new identities (P each) against a WordPress
// site with the plugin and the test OP (tests/provider), on 127.0.0.1 only. Each login is a
// visitor of its own (cookie jar). Phase 1 walks every login up to its callback URL (start on the
// site, sign-in at the OP), a few at a time; phase 2 sends all the callbacks at once, which is
// where the site creates the accounts. Bounded: identities × perIdentity requests per phase, a
// per-request timeout, an overall deadline.
//
// CLI:    node support/reliability-load.mjs --site http://127.0.0.1:PORT [--identities 20]
//           [--per-identity 5] [--return-to /] [--tag t1]     prints a JSON summary
// Module: import { firstLogins } from './reliability-load.mjs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

import { authorize, Browser } from '../../../../tests/provider/browser.mjs';
import { Visitor } from './reliability.mjs';

const MAX_LOGINS = 500;

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/**
 * identities × perIdentity first logins; returns {logins, prepareMs, burstMs}. Each login:
 * {identity, status, location, outcome: 'ok'|'error'|'other', code, user, ms, error}.
 * `user` is the login name in the wordpress_logged_in cookie the site set.
 */
export async function firstLogins({
  site, returnTo = '/', identities = 20, perIdentity = 5, tag = Date.now().toString(36),
  prepareConcurrency = 6, timeoutMs = 60000, deadlineMs = 240000, callbackSite = site,
}) {
  const total = identities * perIdentity;
  if (total > MAX_LOGINS) throw new Error(`at most ${MAX_LOGINS} logins`);
  const deadline = Date.now() + deadlineMs;
  const logins = [];
  for (let i = 0; i < identities; i++) {
    for (let j = 0; j < perIdentity; j++) {
      logins.push({ identity: `load-${tag}-${String(i).padStart(2, '0')}@example.com`, visitor: new Visitor() });
    }
  }

  // Phase 1: start at the site, sign in at the OP; stop at the callback URL.
  const t0 = Date.now();
  await pool(logins, prepareConcurrency, async (login) => {
    if (Date.now() > deadline) throw new Error('deadline passed while preparing the logins');
    const start = await login.visitor.get(`${site}/wp-login.php?action=infomaniak-connect&redirect_to=${encodeURIComponent(returnTo)}`, { timeoutMs });
    if (start.status !== 302 || !start.location) throw new Error(`start answered HTTP ${start.status}`);
    login.callbackUrl = await authorize(start.location, { login: login.identity, password: 'pw', browser: new Browser() });
    if (callbackSite !== site) login.callbackUrl = login.callbackUrl.replace(site, callbackSite);
  });
  const prepareMs = Date.now() - t0;

  // Phase 2: every callback at once.
  const t1 = Date.now();
  await Promise.all(logins.map(async (login) => {
    const t = Date.now();
    try {
      const res = await login.visitor.get(login.callbackUrl, { timeoutMs: Math.max(1000, Math.min(timeoutMs, deadline - Date.now())) });
      login.status = res.status;
      login.location = res.location;
      login.body = res.body;
    } catch (e) {
      login.error = e.message;
    }
    login.ms = Date.now() - t;
  }));
  const burstMs = Date.now() - t1;

  for (const login of logins) {
    const location = login.location ?? '';
    const code = /[?&]infomaniak_connect_error=([a-z0-9_]+)/.exec(location)?.[1];
    const cookie = login.visitor.cookies().find((c) => c.name.startsWith('wordpress_logged_in_'));
    login.user = cookie ? decodeURIComponent(cookie.value).split('|')[0] : null;
    if (login.status === 302 && !code && login.user) login.outcome = 'ok';
    else if (login.status === 302 && code) { login.outcome = 'error'; login.code = code; }
    else login.outcome = 'other';
    delete login.visitor;
    if (login.outcome !== 'other') delete login.body;
    else login.body = (login.body ?? '').slice(0, 500);
  }
  return { logins, prepareMs, burstMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      site: { type: 'string' },
      'callback-site': { type: 'string' },
      identities: { type: 'string', default: '20' },
      'per-identity': { type: 'string', default: '5' },
      'return-to': { type: 'string', default: '/' },
      tag: { type: 'string' },
    },
  });
  if (!values.site || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(values.site)) {
    process.stderr.write('usage: reliability-load.mjs --site http://127.0.0.1:PORT (loopback only)\n');
    process.exit(2);
  }
  const result = await firstLogins({
    site: values.site,
    callbackSite: values['callback-site'] ?? values.site,
    identities: Number(values.identities),
    perIdentity: Number(values['per-identity']),
    returnTo: values['return-to'],
    tag: values.tag,
  });
  const by = (k) => result.logins.reduce((m, l) => ({ ...m, [l[k] ?? '-']: (m[l[k] ?? '-'] ?? 0) + 1 }), {});
  process.stdout.write(`${JSON.stringify({ prepareMs: result.prepareMs, burstMs: result.burstMs, outcomes: by('outcome'), codes: by('code') }, null, 2)}\n`);
}
