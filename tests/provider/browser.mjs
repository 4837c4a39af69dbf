#!/usr/bin/env node
// A tiny HTTP "browser" that plays a visitor at the test OP: a cookie jar, manual redirects, and
// just enough HTML form handling for the login and consent pages of server.mjs.
//
// CLI:    node tests/provider/browser.mjs --login alice@example.com --password pw [--cancel] '<authorization url>'
//         prints the callback URL (path ending in /openid-connect-authorize) on stdout.
// Module: import { Browser, authorize } from './browser.mjs';
//         const callbackUrl = await authorize(authUrl, { login, password, cancel, browser });
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export const CALLBACK_PATH = '/openid-connect-authorize';

const decode = (s) => s
  .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const attrs = (tag) => Object.fromEntries(
  [...tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)].map(([, k, v]) => [k.toLowerCase(), decode(v)]),
);

/** Forms on a page: [{ id, action, method, fields: {name: value} }] with hidden inputs pre-filled. */
export function parseForms(html, baseUrl) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, head, body]) => {
    const a = attrs(head);
    const fields = {};
    for (const [tag] of body.matchAll(/<input\b[^>]*>/gi)) {
      const i = attrs(tag);
      if (i.name && i.type === 'hidden') fields[i.name] = i.value ?? '';
    }
    return {
      id: a.id,
      action: new URL(a.action ?? '', baseUrl).href,
      method: (a.method ?? 'get').toUpperCase(),
      fields,
      inputs: [...body.matchAll(/<input\b[^>]*>/gi)].map(([tag]) => attrs(tag).name).filter(Boolean),
    };
  });
}

export class Browser {
  #jar = new Map(); // `${host} ${path} ${name}` -> { host, path, name, value }

  cookieHeader(url) {
    const { host, pathname } = new URL(url);
    return [...this.#jar.values()]
      .filter((c) => c.host === host && (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)))
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  #store(url, setCookies) {
    const { host } = new URL(url);
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const attr of attributes) {
        const [k, v = ''] = attr.split('=');
        const key = k.toLowerCase();
        if (key === 'path' && v.startsWith('/')) path = v;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const id = `${host} ${path} ${name}`;
      if (expired) this.#jar.delete(id);
      else this.#jar.set(id, { host, path, name, value });
    }
  }

  /** One request, no redirect following; cookies sent and stored. */
  async request(url, { method = 'GET', form } = {}) {
    const headers = { accept: 'text/html' };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    this.#store(url, res.headers.getSetCookie());
    return res;
  }
}

const pageError = (html) => decode((html.match(/id="error"[^>]*>([\s\S]*?)</) ?? [])[1] ?? html.slice(0, 300)).trim();

/**
 * Drive an authorization URL to the client's callback. Returns the callback URL (with code= or
 * error=). `cancel` presses Cancel on the first form shown (login, or consent when already logged in).
 */
export async function authorize(authUrl, {
  login, password, cancel = false, browser = new Browser(), callbackPath = CALLBACK_PATH, maxSteps = 20,
} = {}) {
  let url = authUrl;
  let request = {};
  let loginTried = false;
  for (let step = 0; step < maxSteps; step += 1) {
    if (new URL(url).pathname.endsWith(callbackPath)) return url;
    const res = await browser.request(url, request);
    request = {};
    if (res.status >= 300 && res.status < 400) {
      await res.arrayBuffer();
      url = new URL(res.headers.get('location'), url).href;
      continue;
    }
    const html = await res.text();
    const form = parseForms(html, url).find((f) => f.method === 'POST');
    if (res.status !== 200 || !form) {
      throw new Error(`unexpected page at ${url} (HTTP ${res.status}): ${pageError(html)}`);
    }
    const fields = { ...form.fields };
    if (cancel) {
      fields.action = 'cancel';
    } else if (form.inputs.includes('password')) {
      if (loginTried) throw new Error(`login refused: ${pageError(html)}`);
      if (!login || !password) throw new Error('a login form was shown but no login/password given');
      loginTried = true;
      Object.assign(fields, { login, password, action: 'login' });
    } else {
      fields.action = 'allow';
    }
    url = form.action;
    request = { method: 'POST', form: fields };
  }
  throw new Error(`no redirect to ${callbackPath} after ${maxSteps} steps (last: ${url})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        login: { type: 'string' },
        password: { type: 'string' },
        cancel: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new Error('usage: browser.mjs --login L --password P [--cancel] <authorization url>');
    process.stdout.write(`${await authorize(positionals[0], values)}\n`);
  } catch (err) {
    process.stderr.write(`browser.mjs: ${err.message}\n`);
    process.exit(1);
  }
}
