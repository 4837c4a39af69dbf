// A real WordPress (Debian's /usr/share/wordpress) on MariaDB, served by `php -S`, with the plugin
// installed from dist/infomaniak-connect-wordpress.zip, next to the test OpenID Provider
// (tests/provider/server.mjs). Used by the end-to-end tests and by `make demo-wordpress`.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../../..');
export const WP_ROOT = '/usr/share/wordpress';
export const WP_CONTENT = '/var/lib/wordpress/wp-content';
const SITES = '/etc/wordpress/infomaniak-connect-sites';
export const ZIP = path.join(ROOT, 'dist/infomaniak-connect-wordpress.zip');
const run = promisify(execFile);

const log = (...a) => process.stderr.write(`[wp-env] ${a.join(' ')}\n`);

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves the HTTP status of `url` once it answers; throws after `ms`. */
export async function waitForHttp(url, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await r.arrayBuffer();
      return r.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer: ${last?.message}`);
}

/** Runs SQL as MariaDB's root (unix socket); returns rows as arrays of strings. */
export function sql(query, db = undefined) {
  const args = ['-uroot', '--batch', '--skip-column-names', '--raw', '-e', query];
  if (db) args.unshift(db);
  const out = execFileSync('mysql', args, { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export async function startMariaDb() {
  try {
    execFileSync('mysqladmin', ['-uroot', 'ping'], { stdio: 'ignore' });
    return;
  } catch {
    /* not running */
  }
  log('starting MariaDB (service mariadb start)');
  execFileSync('service', ['mariadb', 'start'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('mysqladmin', ['-uroot', 'ping'], { stdio: 'ignore' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('MariaDB did not start');
}

/** Kills a detached child's whole process group (php -S workers outlive their parent). */
export function killGroup(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      resolve();
    }, 3000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    try { process.kill(-child.pid, signal); } catch { clearTimeout(t); resolve(); }
  });
}

/** Starts the test OP with one client for this site; resolves {issuer, port, child}. */
async function startProvider({ clientId, clientSecret, redirectUri, postLogoutUri, logFile }) {
  const cfgDir = mkdtempSync(path.join(tmpdir(), 'ikc-op-'));
  const cfg = path.join(cfgDir, 'op.json');
  writeFileSync(cfg, JSON.stringify({
    port: 0,
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutUri],
    }],
  }));
  const child = spawn(process.execPath, [path.join(ROOT, 'tests/provider/server.mjs'), '--config', cfg], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errLog = [];
  child.stderr.on('data', (d) => {
    errLog.push(d);
    if (logFile) writeFileSync(logFile, Buffer.concat(errLog));
  });
  const line = await new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`OP did not start: ${Buffer.concat(errLog)}`)), 20000);
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { clearTimeout(t); resolve(buf.slice(0, nl)); }
    });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`OP exited (${code}): ${Buffer.concat(errLog)}`)); });
  });
  const { issuer, port } = JSON.parse(line);
  return { issuer, port, child };
}

/**
 * The whole environment. options: name (db/config suffix), port, ffi (true|false),
 * pluginSettings (stored settings; client id/secret left empty for the admin to type when
 * configure=false), title.
 */
export class WordPressEnv {
  constructor({ name = 'test', configure = false, outDir } = {}) {
    this.name = name;
    this.configure = configure;
    this.db = `ikc_wp_${name}`;
    this.dbUser = `ikc_wp_${name}`;
    this.dbPassword = randomBytes(12).toString('hex');
    this.clientId = `wordpress-${name}`;
    this.clientSecret = `s3cret-${randomBytes(16).toString('hex')}`;
    this.admin = { user: 'admin', password: `admin-${randomBytes(6).toString('hex')}`, email: 'admin@example.com' };
    this.outDir = outDir ?? mkdtempSync(path.join(tmpdir(), `ikc-wp-${name}-`));
    mkdirSync(this.outDir, { recursive: true });
    this.php = null;
    this.op = null;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }

  async start({ port } = {}) {
    if (!existsSync(ZIP)) throw new Error(`${ZIP} is missing: run make dist-wordpress`);
    this.port = port ?? await freePort();
    await startMariaDb();
    this.#createDatabase();
    this.#installPlugin();
    this.op = await startProvider({
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      redirectUri: `${this.url}/openid-connect-authorize`,
      postLogoutUri: `${this.url}/`,
      logFile: path.join(this.outDir, 'provider.log'),
    });
    this.issuer = this.op.issuer;
    this.#writeConfig();
    await this.#installWordPress();
    await this.startPhp({ ffi: true });
    return this;
  }

  #createDatabase() {
    sql(`DROP DATABASE IF EXISTS \`${this.db}\`; CREATE DATABASE \`${this.db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE OR REPLACE USER '${this.dbUser}'@'localhost' IDENTIFIED BY '${this.dbPassword}';
      GRANT ALL PRIVILEGES ON \`${this.db}\`.* TO '${this.dbUser}'@'localhost'; FLUSH PRIVILEGES;`);
  }

  #installPlugin() {
    const dest = path.join(WP_CONTENT, 'plugins', 'infomaniak-connect');
    rmSync(dest, { recursive: true, force: true });
    execFileSync('unzip', ['-q', '-o', ZIP, '-d', path.join(WP_CONTENT, 'plugins')]);
    if (!existsSync(path.join(dest, 'infomaniak-connect.php'))) throw new Error('the zip did not hold infomaniak-connect/');
  }

  #writeConfig() {
    const salt = () => randomBytes(32).toString('base64');
    const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'];
    const php = `<?php
// Written by plugins/wordpress/tests/support/env.mjs (${this.name}); removed when it stops.
define('DB_NAME', '${this.db}');
define('DB_USER', '${this.dbUser}');
define('DB_PASSWORD', '${this.dbPassword}');
define('DB_HOST', 'localhost');
define('WP_HOME', '${this.url}');
define('WP_SITEURL', '${this.url}');
${keys.map((k) => `define('${k}', '${salt()}');`).join('\n')}
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1');
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '${path.join(this.outDir, 'debug.log')}');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_ENVIRONMENT_TYPE', 'local');
`;
    // Debian's wp-config.php reads /etc/wordpress/config-<host>.php: for 127.0.0.1 ours picks the
    // file of the request's port, so the tests and the demo can run side by side.
    const dispatcher = '/etc/wordpress/config-127.0.0.1.php';
    const marker = '// infomaniak-connect: one site per port';
    if (existsSync(dispatcher) && !readFileSync(dispatcher, 'utf8').includes(marker)) {
      throw new Error(`${dispatcher} exists and is not ours; move it away to run the WordPress tests`);
    }
    writeFileSync(dispatcher, `<?php
${marker} (written by plugins/wordpress/tests/support/env.mjs)
$ikc_port = (int) (parse_url('http://' . ($_SERVER['HTTP_HOST'] ?? ''), PHP_URL_PORT) ?: 80);
if (is_file('${SITES}/' . $ikc_port . '.php')) {
    require '${SITES}/' . $ikc_port . '.php';
}
`);
    mkdirSync(SITES, { recursive: true });
    this.configFile = path.join(SITES, `${this.port}.php`);
    writeFileSync(this.configFile, php);
  }

  async #installWordPress() {
    const settings = {
      title: `Infomaniak Connect ${this.name}`,
      admin_user: this.admin.user,
      admin_password: this.admin.password,
      admin_email: this.admin.email,
      post_title: 'Members corner',
      post_content: '<!-- wp:paragraph --><p>A post for members. Log in to comment.</p><!-- /wp:paragraph -->'
        + '<!-- wp:infomaniak-connect/login-button /-->'
        + '<!-- wp:shortcode -->[infomaniak_connect label="Comment with Infomaniak"]<!-- /wp:shortcode -->',
      plugin_settings: {
        issuer: this.issuer,
        ...(this.configure ? { client_id: this.clientId, client_secret: this.clientSecret } : {}),
      },
    };
    const { stdout } = await run('php', ['-d', 'ffi.enable=1', path.join(here, 'install.php'), JSON.stringify(settings)], {
      env: { ...process.env, IKC_HTTP_HOST: `127.0.0.1:${this.port}` },
    });
    Object.assign(this, JSON.parse(stdout.trim().split('\n').pop()));
  }

  /** (Re)starts `php -S` with FFI enabled (ffi.enable=1) or disabled (ffi.enable=0). */
  async startPhp({ ffi }) {
    await this.stopPhp();
    const logFd = path.join(this.outDir, `php-server-${ffi ? 'ffi' : 'noffi'}.log`);
    this.php = spawn('php', ['-d', `ffi.enable=${ffi ? 1 : 0}`, '-d', 'opcache.revalidate_freq=0', '-d', 'display_errors=0', '-d', 'log_errors=1',
      '-S', `127.0.0.1:${this.port}`, '-t', WP_ROOT, path.join(here, 'router.php')], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4', IKC_WP_CONTENT_DIR: WP_CONTENT },
    });
    const chunks = [];
    this.php.stderr.on('data', (d) => { chunks.push(d); writeFileSync(logFd, Buffer.concat(chunks)); });
    await waitForHttp(`${this.url}/wp-login.php`);
  }

  async stopPhp() {
    await killGroup(this.php);
    this.php = null;
  }

  /** Adds PHP lines to this site's wp-config (e.g. a define). */
  appendConfig(php) {
    writeFileSync(this.configFile, `${readFileSync(this.configFile, 'utf8')}${php}\n`);
  }

  /** Deactivates and uninstalls the plugin (its uninstall.php runs). */
  async uninstallPlugin() {
    const { stdout } = await run('php', ['-d', 'ffi.enable=1', path.join(here, 'uninstall.php')], {
      env: { ...process.env, IKC_HTTP_HOST: `127.0.0.1:${this.port}` },
    });
    return JSON.parse(stdout.trim().split('\n').pop());
  }

  /** Runs SQL on this site's database. */
  sql(query) { return sql(query, this.db); }

  option(name) {
    const rows = this.sql(`SELECT option_value FROM wp_options WHERE option_name='${name}'`);
    return rows.length ? rows[0][0] : null;
  }

  debugLog() {
    const f = path.join(this.outDir, 'debug.log');
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  }

  async stop({ dropDatabase = true } = {}) {
    await this.stopPhp();
    await killGroup(this.op?.child);
    if (this.configFile) rmSync(this.configFile, { force: true });
    if (dropDatabase) {
      try { sql(`DROP DATABASE IF EXISTS \`${this.db}\`; DROP USER IF EXISTS '${this.dbUser}'@'localhost';`); } catch { /* best effort */ }
    }
  }
}
