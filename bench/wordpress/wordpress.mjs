// Figures 3 and 6 of `make bench`, on the real WordPress of plugins/wordpress/tests/support
// (Debian's WordPress + MariaDB, `php -S` with ffi.enable=1 and opcache, the plugin installed from
// dist/infomaniak-connect-wordpress.zip, configured, next to the test OP).
//
// 3. The plugin's cost per request when nobody logs in: the front page (the latest posts, one of
//    which carries the plugin's block and shortcode) with the plugin active vs inactive, toggled
//    in the database (active_plugins) between requests, REQUESTS each, interleaved ABBA. Each time
//    is the client's wall time of one request on 127.0.0.1 (connect to last byte). Afterwards
//    every php -S worker's memory map is checked: the native core must not have been loaded.
// 6. wp-login.php with the plugin active vs inactive: the bytes, sub-resource requests and
//    scripts the button adds.
//
//   node bench/wordpress/wordpress.mjs [REQUESTS]
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { WordPressEnv } from '../../plugins/wordpress/tests/support/env.mjs';

const REQUESTS = Math.max(10, Number(process.argv[2] ?? 200));
const WARMUP = 10;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const line = (name, value, unit, digits = 3) =>
  console.log(`bench ${name}: ${typeof value === 'number' ? value.toFixed(digits) : value} ${unit}`);

/** GET url on a new connection; resolves {ms, status, body}. */
function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const req = http.get(url, { agent: false, headers: { 'Accept-Encoding': 'identity' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        resolve({ ms, status: res.statusCode, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

/** Sub-resources a page makes the browser fetch, and its scripts. */
function weigh(html) {
  const tags = (re) => [...html.matchAll(re)].map((m) => m[0]);
  const scripts = tags(/<script\b[^>]*>/gi);
  const requests = [
    ...scripts.filter((t) => /\bsrc\s*=/i.test(t)),
    ...tags(/<link\b[^>]*>/gi).filter((t) => /\brel\s*=\s*["']?[^"'>]*\b(stylesheet|preload|modulepreload|prefetch|icon|manifest)\b/i.test(t)),
    ...tags(/<(img|iframe|embed|object|source|video|audio|track|input)\b[^>]*\b(src|data|srcset|poster)\s*=\s*["']?(?!data:)[^"'\s>]+/gi),
    ...[...html.matchAll(/url\(\s*["']?(?!data:)([^"')]+)/gi)].map((m) => m[0]),
    ...[...html.matchAll(/@import\s/gi)].map((m) => m[0]),
  ];
  return { bytes: Buffer.byteLength(html), requests: requests.length, scripts: scripts.length, list: requests };
}

/** The pids of a process group (php -S and its workers). */
function groupPids(pgid) {
  const pids = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === pgid) pids.push(pid);
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** CPU time (ns, user + system, scheduler-exact) the processes have used so far. */
function cpuNs(pids) {
  let total = 0;
  for (const pid of pids) {
    total += Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
  }
  return total;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** php -S workers (the server's process group) that have the native core mapped. */
function workersWithCore(pgid) {
  let workers = 0;
  let withCore = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      workers += 1;
      if (readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libinfomaniak_connect')) withCore += 1;
    } catch {
      /* gone */
    }
  }
  return { workers, withCore };
}

const outDir = mkdtempSync(path.join(tmpdir(), 'ikc-bench-wp-'));
const env = new WordPressEnv({ name: 'bench', configure: true, outDir });
let stopped = false;
const stop = async () => {
  if (stopped) return;
  stopped = true;
  await env.stop();
  rmSync(outDir, { recursive: true, force: true });
};
process.on('SIGINT', () => stop().then(() => process.exit(130)));
process.on('SIGTERM', () => stop().then(() => process.exit(143)));

try {
  await env.start();
  const activeValue = env.option('active_plugins');
  if (!activeValue?.includes('infomaniak-connect/infomaniak-connect.php')) {
    throw new Error(`the plugin is not active after install: ${activeValue}`);
  }
  let active = true;
  const setActive = (on) => {
    if (on === active) return;
    env.sql(`UPDATE wp_options SET option_value='${on ? activeValue : 'a:0:{}'}' WHERE option_name='active_plugins'`);
    active = on;
  };
  const page = async (p, on) => {
    setActive(on);
    const r = await get(`${env.url}${p}`);
    if (r.status !== 200) throw new Error(`${p} answered HTTP ${r.status} (plugin ${on ? 'active' : 'inactive'})`);
    return r;
  };

  // The toggle works: the login page shows the button with the plugin active only.
  const loginOnHtml = (await page('/wp-login.php', true)).body.toString();
  const loginOffHtml = (await page('/wp-login.php', false)).body.toString();
  if (!loginOnHtml.includes('ikc-btn') || loginOffHtml.includes('ikc-btn')) {
    throw new Error('wp-login.php does not show the button with the plugin active only');
  }
  const frontHasButton = (await page('/', true)).body.toString().includes('ikc-btn');

  // 3. Front page, interleaved ABBA after a warm-up of each.
  for (let i = 0; i < WARMUP; i++) {
    await page('/', i % 2 === 0);
  }
  // The server's processes are forked once at start (PHP_CLI_SERVER_WORKERS): their CPU time,
  // read around each request (after a short settle for the request's shutdown), is its cost.
  const pids = groupPids(env.php.pid);
  const sample = { true: { ms: [], cpu: [] }, false: { ms: [], cpu: [] } };
  const wallRatios = [];
  const cpuRatios = [];
  for (let i = 0; i < REQUESTS; i++) {
    const order = i % 2 === 0 ? [true, false] : [false, true];
    const pair = {};
    for (const state of order) {
      setActive(state);
      const c0 = cpuNs(pids);
      const r = await page('/', state);
      await sleep(4);
      const cpu = (cpuNs(pids) - c0) / 1e6;
      pair[state] = { ms: r.ms, cpu };
      sample[state].ms.push(r.ms);
      sample[state].cpu.push(cpu);
    }
    wallRatios.push(pair.true.ms / pair.false.ms);
    cpuRatios.push(pair.true.cpu / pair.false.cpu);
  }
  const core = workersWithCore(env.php.pid);

  // 6. wp-login.php: the button's weight.
  const login = { true: [], false: [] };
  for (let i = 0; i < 6; i++) {
    const state = i % 2 === 0;
    login[state].push(weigh((await page('/wp-login.php', state)).body.toString()));
  }
  const loginOn = login.true;
  const loginOff = login.false;
  if (!loginOn.every((w) => w.bytes > 0) || !(await page('/wp-login.php', true)).body.toString().includes('ikc-btn')) {
    throw new Error('wp-login.php shows no button with the plugin active');
  }
  const bytesOn = median(loginOn.map((w) => w.bytes));
  const bytesOff = median(loginOff.map((w) => w.bytes));
  const loginHtml = (await page('/wp-login.php', true)).body.toString();
  const button = loginHtml.match(/<style>\.ikc-btn[\s\S]*?<\/a>/)?.[0] ?? '';
  const coreAfterLogin = workersWithCore(env.php.pid);

  line('wp_front_active_cpu_ms', median(sample.true.cpu), 'ms');
  line('wp_front_inactive_cpu_ms', median(sample.false.cpu), 'ms');
  line('wp_front_cpu_active_vs_inactive', median(cpuRatios), 'x');
  line('wp_front_active_ms', median(sample.true.ms), 'ms');
  line('wp_front_inactive_ms', median(sample.false.ms), 'ms');
  line('wp_front_active_vs_inactive', median(wallRatios), 'x');
  console.log(`info wp_front: ${REQUESTS} requests each, interleaved ABBA; ratios are medians of the ${REQUESTS} pair ratios; cpu = php -S server CPU time per request (/proc/PID/schedstat), ms = client wall time`);
  console.log(`info wp_front_button: the front page ${frontHasButton ? 'shows' : 'does not show'} the plugin's button`);
  console.log(`info wp_front_core_loaded: ${core.withCore} of ${core.workers} php -S processes mapped libinfomaniak_connect.so after the front pages, ${coreAfterLogin.withCore} after wp-login.php`);
  line('wp_front_workers_with_core', core.withCore, 'processes', 0);
  line('wp_login_bytes_active', bytesOn, 'bytes', 0);
  line('wp_login_bytes_inactive', bytesOff, 'bytes', 0);
  line('wp_login_bytes_added', bytesOn - bytesOff, 'bytes', 0);
  line('wp_login_requests_added', median(loginOn.map((w) => w.requests)) - median(loginOff.map((w) => w.requests)), 'requests', 0);
  line('wp_login_scripts_added', median(loginOn.map((w) => w.scripts)) - median(loginOff.map((w) => w.scripts)), 'scripts', 0);
  console.log(`info wp_login_button: ${Buffer.byteLength(button)} bytes of button markup (inline style + link + inline SVG); page requests ${median(loginOff.map((w) => w.requests))} without the plugin, ${median(loginOn.map((w) => w.requests))} with it`);
} finally {
  await stop();
}
