#!/usr/bin/env node
// Conformance runner: every scenario of the hostile test OP (tests/op/) through each binding —
// the PHP library (its LoginFlow and CurlTransport, over FFI) and the npm package (its fetch
// helper, over wasm) — checking the outcome, that nothing secret reaches the visitor, and that
// every run stands alone. Prints a table and a last line "N passed, M failed"; exits 1 on any
// failure. See README.md.
//
//   node tests/conformance/run.mjs [--binding php,js] [--scenario id,id] [--verbose]
//   (CONFORMANCE_BINDINGS=php,js and CONFORMANCE_SELF_TEST=0 do the same from the environment)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

import { REQUIRED_CLAIMS, SCENARIOS } from '../op/scenarios.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CLIENT_SECRET = 'ikc-conf-S3CRET +/:%&=-7f3a9c';
const HTML_MARKER = 'OP-HTML-MARKER';
/** Where the drivers' logins start from (the visitor must land there again). */
const RETURN_PATH = '/conformance/page';
/** The transport timeout asked of the bindings in the slow-token scenario (seconds). */
const SLOW_TIMEOUT = 3;
/** The OP answers the slow token request after this long; the binding must give up before. */
const OP_SLOW_MS = 30_000;
/** A driver still running after this long is killed (and the run fails). */
const DRIVER_LIMIT_MS = 40_000;

const { values: args } = parseArgs({
  options: {
    binding: { type: 'string', default: process.env.CONFORMANCE_BINDINGS ?? 'php,js' },
    scenario: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'self-test': { type: 'boolean', default: process.env.CONFORMANCE_SELF_TEST !== '0' },
  },
});

// ---------------------------------------------------------------- bindings
const phpLibrary = process.env.IKC_PHP_LIBRARY ?? join(ROOT, 'bindings-php/php');
// The library's bundled copy (what a plugin ships), unless INFOMANIAK_CONNECT_LIB names another.
const platform = `${process.platform}-${{ x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch}`;
const phpLib = process.env.INFOMANIAK_CONNECT_LIB ?? join(phpLibrary, 'lib', platform, 'libinfomaniak_connect.so');
const jsPackage = process.env.IKC_JS_PACKAGE ?? join(ROOT, 'bindings-js');

const BINDINGS = {
  php: {
    label: 'PHP',
    missing() {
      const need = [
        [join(phpLibrary, 'autoload.php'), 'the PHP library (bindings-php/php/autoload.php)'],
        [join(phpLibrary, 'src/LoginFlow.php'), 'Infomaniak\\Connect\\LoginFlow'],
        [join(phpLibrary, 'src/Http/CurlTransport.php'), 'Infomaniak\\Connect\\Http\\CurlTransport'],
        [phpLib, `the shared library ${phpLib} (make build-php)`],
      ];
      return need.filter(([file]) => !existsSync(file)).map(([, what]) => what);
    },
    command: () => ['php', ['-d', 'ffi.enable=1', '-d', 'display_errors=stderr', join(HERE, 'drivers/driver.php')]],
    env: { INFOMANIAK_CONNECT_LIB: phpLib, IKC_PHP_LIBRARY: phpLibrary },
  },
  js: {
    label: 'JS',
    missing() {
      if (!existsSync(join(jsPackage, 'package.json'))) {
        return [`the npm package (${jsPackage}/package.json; IKC_JS_PACKAGE names its directory)`];
      }
      const wasm = join(jsPackage, 'wasm');
      return existsSync(wasm) ? [] : [`the package's built WebAssembly module (${wasm}/)`];
    },
    command: () => [process.execPath, [join(HERE, 'drivers/driver.mjs')]],
    env: { IKC_JS_PACKAGE: jsPackage },
  },
};

/** The naive RP of the self-test (drivers/naive.mjs): validates nothing. */
const NAIVE = { label: 'naive', command: () => [process.execPath, [join(HERE, 'drivers/naive.mjs')]], env: {} };

/** What the naive RP must get: through every attack, stopped by every fault and by the code replay. */
const naiveMustFail = (s) => s.broken === true;

// ---------------------------------------------------------------- the OP
async function startOp() {
  const child = spawn(process.execPath, [join(ROOT, 'tests/op/server.mjs'), '--client-secret', CLIENT_SECRET], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (args.verbose) process.stderr.write(d); });
  const ready = await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`test OP not ready in 30 s\n${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`test OP exited (${code})\n${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => { clearTimeout(timer); resolveReady(JSON.parse(line)); });
  });
  const exited = new Promise((r) => { child.once('exit', r); });
  process.once('exit', () => child.kill('SIGTERM'));
  return { ...ready, stop: () => { child.kill('SIGTERM'); return exited; } };
}

async function control(op, method, path, scenario) {
  const res = await fetch(`${op.base}/__test/${path}?scenario=${encodeURIComponent(scenario)}`, { method });
  if (!res.ok) throw new Error(`OP control ${path}: HTTP ${res.status}`);
  return res.json();
}

// ---------------------------------------------------------------- one run
function runDriver(binding, input) {
  const [cmd, argv] = binding.command();
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...binding.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), DRIVER_LIMIT_MS);
    child.on('error', (err) => { stderr += String(err); });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const lines = stdout.trim().split('\n');
      let output = null;
      try { output = JSON.parse(lines[lines.length - 1]); } catch { /* judged below */ }
      done({ status, signal, stdout, stderr, output, elapsedMs: Date.now() - started });
    });
    child.stdin.end(JSON.stringify(input));
  });
}

const seenStates = new Set();

/** Judges one (scenario, binding) run; returns a list of problems (empty = pass). */
function judge(scenario, run, log, issuer) {
  const problems = [];
  const out = run.output;
  if (!out || !Array.isArray(out.logins) || out.logins.length === 0) {
    const tail = (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ');
    return [`driver gave no result (exit ${run.status ?? run.signal}): ${tail.slice(0, 300)}`];
  }
  const logins = out.logins;
  const last = logins[logins.length - 1];
  const events = log.events;
  const count = (type) => events.filter((e) => e.type === type).length;

  // Outcome. Earlier logins of a multi-login flow must be accepted.
  const expectedLogins = { login: 1, 'two-logins': 2, replay: 2, csrf: 1 }[scenario.flow];
  logins.slice(0, -1).forEach((l, i) => {
    if (l.outcome !== 'accept') problems.push(`login ${i + 1} of ${logins.length} should be accepted, got ${describe(l)}`);
  });
  if (logins.length !== expectedLogins && problems.length === 0) {
    problems.push(`expected ${expectedLogins} login(s), driver reported ${logins.length}: ${describe(last)}`);
  }
  if (scenario.expect === 'accept') {
    if (last.outcome !== 'accept') problems.push(`expected accept, got ${describe(last)}`);
  } else if (last.outcome !== 'reject' || last.code !== scenario.expect) {
    problems.push(`expected ${scenario.expect}, got ${describe(last)}`);
  }

  // Accepted identities: the OP's, from this run, for this issuer.
  const issuedSubs = events.filter((e) => e.type === 'token-issued').map((e) => e.sub);
  for (const l of logins) {
    if (l.outcome === 'reject' || l.outcome === 'crash') {
      if (l.identity) problems.push('a refused login still returned an identity');
      continue;
    }
    const id = l.identity ?? {};
    if (id.issuer !== issuer) problems.push(`identity issuer ${JSON.stringify(id.issuer)} is not ${issuer}`);
    if (!issuedSubs.includes(id.subject)) problems.push(`identity subject ${JSON.stringify(id.subject)} was not issued in this run`);
    if (l.return_path !== RETURN_PATH) problems.push(`return path ${JSON.stringify(l.return_path)} is not ${RETURN_PATH}`);
    for (const claim of REQUIRED_CLAIMS) {
      if (!id[claim]) problems.push(`accepted identity lacks required claim ${claim}`);
    }
  }
  if (scenario.check?.identityFromUserinfo && last.outcome === 'accept') {
    const answer = events.find((e) => e.type === 'userinfo-answer');
    if (!answer || last.identity?.email !== answer.email) problems.push('identity e-mail is not the one userinfo gave');
  }

  // Nothing secret shown: the visitor message holds no secret, code or token and no OP markup;
  // the admin detail holds no secret, code or token either (PROTOCOL.md).
  const secrets = [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), Buffer.from(`${CLIENT_SECRET}`).toString('base64'),
    ...log.issued];
  for (const l of logins) {
    if (l.outcome === 'reject') {
      if (typeof l.message !== 'string' || l.message.trim() === '') problems.push('refusal without a visitor message');
      const msg = l.message ?? '';
      if (secrets.some((s) => s && msg.includes(s))) problems.push('visitor message contains a secret or token');
      if (msg.includes(HTML_MARKER) || /[<>]/.test(msg)) problems.push('visitor message contains provider markup');
      const detail = l.detail ?? '';
      if (secrets.some((s) => s && detail.includes(s))) problems.push('admin detail contains a secret or token');
      if (detail.includes(HTML_MARKER)) problems.push('admin detail contains the provider\'s HTML');
    }
    if (l.login_cookie_left) problems.push(`the login cookie outlived the callback (${l.outcome === 'accept' ? 'accepted' : l.code})`);
    if (l.outcome === 'crash') problems.push(`crash at ${l.stage}: ${String(l.detail).slice(0, 200)}`);
  }

  // What the RP did at the OP.
  for (const endpoint of scenario.forbid ?? []) {
    if (count(endpoint) > 0) problems.push(`RP called ${endpoint} (forbidden in this scenario)`);
  }
  for (const e of events.filter((x) => x.type === 'token' && x.authError)) {
    problems.push(`token request failed client authentication: ${e.authError}`);
  }
  if (scenario.id === 'client-secret-basic' && !events.some((e) => e.type === 'token' && e.method === 'client_secret_basic')) {
    problems.push('token request did not use client_secret_basic');
  }
  for (const e of events.filter((x) => x.type === 'authorize-refused' || x.type === 'unexpected')) {
    problems.push(`OP: ${e.why ?? e.request}`);
  }
  const c = scenario.check ?? {};
  if (c.jwksCalls !== undefined && count('jwks') !== c.jwksCalls) problems.push(`JWKS fetched ${count('jwks')} times, expected ${c.jwksCalls}`);
  if (c.userinfoCalls !== undefined && count('userinfo') !== c.userinfoCalls) problems.push(`userinfo called ${count('userinfo')} times, expected ${c.userinfoCalls}`);
  if (c.tokenCalls !== undefined && count('token') !== c.tokenCalls) problems.push(`token endpoint called ${count('token')} times, expected ${c.tokenCalls}`);
  if (c.distinctKids !== undefined) {
    const kids = new Set(events.filter((e) => e.type === 'token-issued').map((e) => e.kid));
    if (kids.size !== c.distinctKids) problems.push(`ID tokens signed with ${kids.size} keys, expected ${c.distinctKids}`);
  }
  if (scenario.slow) {
    const closed = events.find((e) => e.type === 'token-slow-closed');
    if (!closed) problems.push('the slow token request was never abandoned by the client');
    else if (closed.afterMs >= OP_SLOW_MS) problems.push(`client waited ${closed.afterMs} ms for the token endpoint`);
  }

  // Independence: this run fetched its own discovery, and its states are new.
  if (count('discovery') === 0) problems.push('no discovery request in this run (state leaked from another run?)');
  for (const e of events.filter((x) => x.type === 'authorize')) {
    if (seenStates.has(e.state)) problems.push('a state value was reused from another run');
    seenStates.add(e.state);
  }
  return problems;
}

function describe(l) {
  if (!l) return 'nothing';
  if (l.outcome === 'accept') return 'accept';
  if (l.outcome === 'reject') return `${l.code} at ${l.stage} (${String(l.detail ?? '').slice(0, 160)})`;
  return `${l.outcome} at ${l.stage}: ${String(l.detail ?? '').slice(0, 160)}`;
}

// ---------------------------------------------------------------- main
const selected = args.scenario ? args.scenario.split(',').map((s) => s.trim()) : null;
const scenarios = SCENARIOS.filter((s) => !selected || selected.includes(s.id));
if (selected) {
  const unknown = selected.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) { console.error(`unknown scenario(s): ${unknown.join(', ')}`); process.exit(2); }
}
const bindingIds = args.binding.split(',').map((b) => b.trim()).filter(Boolean);
for (const b of bindingIds) if (!BINDINGS[b]) { console.error(`unknown binding ${b} (php, js)`); process.exit(2); }

function driverInput(op, scenario) {
  return {
    scenario: scenario.id,
    issuer: `${op.base}/${scenario.id}`,
    client_id: op.client_id,
    client_secret: CLIENT_SECRET,
    redirect_uri: op.redirect_uri,
    flow: scenario.flow,
    required_claims: REQUIRED_CLAIMS,
    connect_timeout: 2,
    timeout: scenario.slow ? SLOW_TIMEOUT : 10,
  };
}

/** The self-test: the naive RP against every scenario; answers the list of problems. */
async function selfTest(op) {
  const problems = [];
  for (const scenario of scenarios) {
    await control(op, 'POST', 'reset', scenario.id);
    const run = await runDriver(NAIVE, driverInput(op, scenario));
    const last = run.output?.logins?.at(-1);
    const want = naiveMustFail(scenario) ? 'reject' : 'accept';
    if (last?.outcome !== want) {
      problems.push(`${scenario.id}: the naive RP should ${want === 'accept' ? 'get through' : 'fail'}, got ${describe(last)}`);
    }
  }
  return problems;
}

const t0 = Date.now();
const op = await startOp();
const results = new Map(); // `${scenario}|${binding}` -> problems
const unavailable = Object.fromEntries(bindingIds.map((b) => [b, BINDINGS[b].missing()]));
let selfTestProblems = [];
try {
  if (args['self-test']) {
    selfTestProblems = await selfTest(op);
    const attacks = scenarios.filter((s) => !naiveMustFail(s)).length;
    console.log(selfTestProblems.length === 0
      ? `self-test: a non-validating RP gets through the other ${attacks} scenarios and fails the ${scenarios.length - attacks} broken exchanges, as it must`
      : `self-test FAILED (the OP does not misbehave as intended):\n  ${selfTestProblems.join('\n  ')}`);
  }
  for (const scenario of scenarios) {
    for (const b of bindingIds) {
      const key = `${scenario.id}|${b}`;
      if (unavailable[b].length) { results.set(key, [`binding not ready: missing ${unavailable[b].join('; ')}`]); continue; }
      const issuer = `${op.base}/${scenario.id}`;
      let run;
      let problems;
      try {
        await control(op, 'POST', 'reset', scenario.id);
        run = await runDriver(BINDINGS[b], driverInput(op, scenario));
        problems = judge(scenario, run, await control(op, 'GET', 'log', scenario.id), issuer);
      } catch (err) {
        run ??= { elapsedMs: 0, stderr: '' };
        problems = [`runner error: ${err.message}`];
      }
      results.set(key, problems);
      if (args.verbose || problems.length) {
        const tag = problems.length ? 'FAIL' : 'ok';
        process.stderr.write(`[${tag}] ${scenario.id} / ${BINDINGS[b].label} (${run.elapsedMs} ms)${problems.map((p) => `\n    - ${p}`).join('')}\n`);
        if (args.verbose && run.stderr.trim()) process.stderr.write(`    stderr: ${run.stderr.trim().slice(0, 2000)}\n`);
      }
    }
  }
} finally {
  await op.stop();
}

// ---------------------------------------------------------------- report
const required = (s) => (s.expect === 'accept' ? 'accept' : `reject: ${s.expect}`);
const cell = (p) => (p === undefined ? '-' : p.length === 0 ? 'pass' : 'FAIL');
const headers = ['scenario', 'plan', 'required', ...bindingIds.map((b) => BINDINGS[b].label)];
const rows = scenarios.map((s) => [s.id, s.plan, required(s), ...bindingIds.map((b) => cell(results.get(`${s.id}|${b}`)))]);
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
console.log(line(headers));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

let passed = 0;
let failed = 0;
const failures = [];
for (const [key, problems] of results) {
  if (problems.length === 0) passed += 1;
  else { failed += 1; failures.push([key, problems]); }
}
if (failures.length) {
  console.log('\nFailures:');
  for (const [key, problems] of failures) {
    const [id, b] = key.split('|');
    console.log(`- ${id} (${BINDINGS[b].label}): ${problems.join('; ')}`);
  }
}
console.log(`\nconformance: ${scenarios.length} scenarios x ${bindingIds.length} bindings in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (selfTestProblems.length) console.log('self-test failed: see above (counted as one failure)');
console.log(`${passed} passed, ${failed + (selfTestProblems.length ? 1 : 0)} failed`);
process.exit(failed || selfTestProblems.length ? 1 : 0);
