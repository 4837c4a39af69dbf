// Support for the reliability tests (reliability-*.test.mjs): the test site of env.mjs served by
// `php -S` with more workers, extra web servers for the same site, the hostile test OP
// (tests/op/server.mjs) for provider faults, an HTTP client whose cookie jar ignores ports as
// browsers do, and the log checks.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort, killGroup, ROOT, waitForHttp, WP_CONTENT, WP_ROOT, WordPressEnv } from './env.mjs';

export { killGroup };

const here = path.dirname(fileURLToPath(import.meta.url));
const SITES = '/etc/wordpress/infomaniak-connect-sites';

/** `php -S` for Debian's WordPress on `port`, with `workers` worker processes; stderr to `logFile`. */
async function spawnPhp({ port, workers, logFile }) {
  const child = spawn('php', ['-d', 'ffi.enable=1', '-d', 'opcache.revalidate_freq=0', '-d', 'display_errors=0', '-d', 'log_errors=1',
    '-S', `127.0.0.1:${port}`, '-t', WP_ROOT, path.join(here, 'router.php')], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: String(workers), IKC_WP_CONTENT_DIR: WP_CONTENT },
  });
  const chunks = [];
  child.stderr.on('data', (d) => { chunks.push(d); writeFileSync(logFile, Buffer.concat(chunks)); });
  child.log = () => Buffer.concat(chunks).toString();
  await waitForHttp(`http://127.0.0.1:${port}/wp-login.php`);
  return child;
}

/**
 * The test site of env.mjs with `workers` php -S workers, extra servers on other ports for the
 * same site (same wp-config, same database), and settings fixed in wp-config.php.
 * IKC_RELIABILITY_PATCH=<file.patch> applies a patch made at the repository's root (a/plugins/
 * wordpress/infomaniak-connect/…, as git diff writes it) to the installed copy of the plugin: for
 * checking a proposed fix to the plugin before it lands.
 */
export class ReliabilityEnv extends WordPressEnv {
  constructor({ workers = 4, ...options } = {}) {
    super(options);
    this.workers = workers;
    this.servers = [];
  }

  async start(options) {
    await super.start(options);
    const patch = process.env.IKC_RELIABILITY_PATCH;
    if (patch) {
      execFileSync('patch', ['-p4', '-d', path.join(WP_CONTENT, 'plugins', 'infomaniak-connect'), '-i', path.resolve(patch)], { stdio: 'inherit' });
      await this.startPhp({ ffi: true });
    }
    return this;
  }

  /** Overrides env.mjs: the same server, with this.workers workers. */
  async startPhp({ ffi = true } = {}) {
    if (!ffi) return super.startPhp({ ffi });
    await this.stopPhp();
    this.php = await spawnPhp({ port: this.port, workers: this.workers, logFile: path.join(this.outDir, `php-server-${this.port}.log`) });
    return this.php;
  }

  phpLog() { return this.php?.log() ?? ''; }

  /**
   * Another web server for the same site: its own php -S on another port, a copy of this site's
   * wp-config (same database, salts and WP_HOME: the public URL stays this site's).
   */
  async startServer({ workers = 2 } = {}) {
    const port = await freePort();
    const configFile = path.join(SITES, `${port}.php`);
    writeFileSync(configFile, readFileSync(this.configFile, 'utf8').replace(/^\/\/ Written by .*$/m, `// Second web server of ${this.name} (reliability tests); removed when it stops.`));
    const child = await spawnPhp({ port, workers, logFile: path.join(this.outDir, `php-server-${port}.log`) });
    const server = { port, url: `http://127.0.0.1:${port}`, child, configFile, log: () => child.log() };
    this.servers.push(server);
    return server;
  }

  /** Settings fixed in wp-config.php (every server reads them): issuer, client_id, client_secret. */
  fixSettings(settings) {
    const file = path.join(this.outDir, 'reliability-settings.json');
    writeFileSync(file, JSON.stringify(settings));
    if (!this.settingsHooked) {
      this.appendConfig(`$ikc_rel = json_decode((string) file_get_contents('${file}'), true);
foreach (is_array($ikc_rel) ? $ikc_rel : array() as $ikc_key => $ikc_value) {
    define('INFOMANIAK_CONNECT_' . strtoupper($ikc_key), $ikc_value);
}`);
      this.settingsHooked = true;
    }
  }

  async stop(options) {
    for (const s of this.servers) {
      await killGroup(s.child);
      rmSync(s.configFile, { force: true });
    }
    this.servers = [];
    await super.stop(options);
  }
}

/** The hostile test OP (tests/op/server.mjs) for one client; resolves {base, port, child, issuer(id), log(id), reset(id)}. */
export async function startHostileOp({ clientId, clientSecret, redirectUri, logFile }) {
  const server = path.join(ROOT, 'tests/op/server.mjs');
  if (!existsSync(server)) throw new Error(`${server} is missing: the provider-failure tests need the hostile test OP`);
  const child = spawn(process.execPath, [server, '--port', '0', '--client-id', clientId, '--client-secret', clientSecret,
    '--redirect-uri', redirectUri, '--key-pool', '2'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const errLog = [];
  child.stderr.on('data', (d) => { errLog.push(d); if (logFile) writeFileSync(logFile, Buffer.concat(errLog)); });
  const ready = await new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`hostile OP did not start: ${Buffer.concat(errLog)}`)), 30000);
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { clearTimeout(t); resolve(JSON.parse(buf.slice(0, nl))); }
    });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`hostile OP exited (${code}): ${Buffer.concat(errLog)}`)); });
  });
  const { base, port } = ready;
  return {
    base,
    port,
    child,
    issuer: (id) => `${base}/${id}`,
    async log(id) { return (await fetch(`${base}/__test/log?scenario=${id}`)).json(); },
    async reset(id) { await (await fetch(`${base}/__test/reset?scenario=${id}`, { method: 'POST' })).arrayBuffer(); },
    stop: () => killGroup(child),
  };
}

/**
 * A visitor's HTTP client for the site: a cookie jar that, like a browser (RFC 6265), ignores the
 * port, so cookies set by one web server of the site go to the other. No redirect is followed.
 */
export class Visitor {
  jar = new Map(); // `${path} ${name}` -> {name, value, path}

  cookieHeader(url) {
    const { pathname } = new URL(url);
    return [...this.jar.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  store(setCookies) {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = '/';
      let expired = false;
      for (const attr of attributes) {
        const [k, v = ''] = attr.split('=');
        const key = k.toLowerCase();
        if (key === 'path' && v.startsWith('/')) cookiePath = v;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const id = `${cookiePath} ${name}`;
      if (expired) this.jar.delete(id);
      else this.jar.set(id, { name, value, path: cookiePath });
    }
  }

  cookies() { return [...this.jar.values()]; }

  /** GET without following redirects; returns {status, location, body, ms}. */
  async get(url, { timeoutMs = 60000 } = {}) {
    const headers = { accept: 'text/html' };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const t0 = Date.now();
    const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    this.store(res.headers.getSetCookie());
    const body = await res.text();
    return { status: res.status, location: res.headers.get('location'), body, ms: Date.now() - t0 };
  }
}

/** PHP diagnostics in text (a page or a log): warnings, notices, fatals, uncaught exceptions. */
export const PHP_PROBLEM = /(PHP )?(Warning|Notice|Fatal error|Parse error|Deprecated|Uncaught)( |:)|Stack trace:|headers already sent/i;

/**
 * The lines of a PHP or WordPress log (text added since `since` characters) that report a PHP
 * problem, without WordPress's own update-check warnings (external requests are blocked) and
 * WordPress 6.1's own deprecations under PHP 8.2 (not in the plugin).
 */
export function phpProblems(log, since = 0) {
  return log.slice(since).split('\n').filter((l) => /PHP (Warning|Notice|Fatal|Parse|Deprecated)|Uncaught/.test(l))
    .filter((l) => !/wp-(includes|admin\/includes)\/update\.php|Something may be wrong with WordPress\.org/.test(l))
    .filter((l) => !(/PHP Deprecated/.test(l) && !/infomaniak-connect/.test(l)));
}

export { freePort, ROOT, WP_CONTENT };
/** Logs and screenshots of the reliability tests: target/reliability/<name>/ (git-ignored). */
export const OUT_ROOT = path.join(ROOT, 'target', 'reliability');
export function outDir(name) {
  const dir = path.join(OUT_ROOT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
