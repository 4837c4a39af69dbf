// The closing table of `make bench` and bench/RESULTS.md, from the `bench …`, `info …` and
// `missing …` lines the steps printed (bench/run.sh collects them in one file).
//   node bench/report.mjs LINES_FILE [--runtime S] [--load "a b c"] [--figures "native php …"]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const text = readFileSync(args[0], 'utf8');
const figuresRun = opt('figures', 'native php wordpress wasm sizes backchannel').split(/\s+/);

const values = new Map(); // name -> {value, unit}
const infos = [];
const missing = new Map(); // step key -> reason
for (const l of text.split('\n')) {
  let m = l.match(/^bench ([a-z0-9_]+): (-?[0-9.]+) (.+)$/);
  if (m) { values.set(m[1], { value: Number(m[2]), raw: m[2], unit: m[3] }); continue; }
  m = l.match(/^info ([a-z0-9_]+): (.*)$/);
  if (m) { infos.push([m[1], m[2]]); continue; }
  m = l.match(/^missing ([a-z0-9_]+): (.*)$/);
  if (m) missing.set(m[1], m[2]);
}

// The budgets of issue 9. `step` names the run.sh step whose failure makes the row missing.
const KIB = 1024;
const ROWS = [
  { fig: 1, step: 'native', label: 'native RS256 validations/s (core `finish`)', value: 'native_finish_per_s', baseline: 'openssl_verify_per_s', ratio: 'native_vs_openssl',
    budgets: [{ on: 'ratio', op: '>=', limit: 0.6, text: '≥ 0.6× openssl' }] },
  { fig: 1, step: 'native', label: 'native RS256 validations/s (`id_token::validate`)', value: 'native_validate_per_s', baseline: 'openssl_verify_per_s', ratio: 'native_validate_vs_openssl' },
  { fig: 1, step: 'native', label: 'jwt-simple RS256 check alone, key built per call', value: 'native_jwt_simple_key_per_call_per_s', baseline: 'openssl_verify_per_s', ratio: 'native_jwt_simple_key_per_call_vs_openssl' },
  { fig: 1, step: 'native', label: 'jwt-simple RS256 check alone, key built once', value: 'native_jwt_simple_cached_key_per_s', baseline: 'openssl_verify_per_s', ratio: 'native_jwt_simple_cached_key_vs_openssl' },
  { fig: 1, step: 'native', label: 'BoringSSL RSA-SHA256 verify alone', value: 'native_boringssl_verify_per_s', baseline: 'openssl_verify_per_s', ratio: 'native_boringssl_verify_vs_openssl' },
  { fig: 2, step: 'php', label: 'PHP callback step CPU, fresh process, opcache', value: 'php_callback_cpu_ms', baseline: 'php_reference_cpu_ms', ratio: 'php_callback_vs_reference',
    budgets: [{ on: 'value', op: '<=', limit: 1, text: '≤ 1 ms' }, { on: 'ratio', op: '<=', limit: 1.0, text: '≤ 1.0× reference' }] },
  { fig: 2, step: 'php', label: 'PHP callback step CPU, fresh process, no opcache', value: 'php_callback_noopcache_cpu_ms', baseline: 'php_reference_noopcache_cpu_ms', ratio: 'php_callback_noopcache_vs_reference' },
  { fig: 2, step: 'php', label: 'PHP callback step CPU, fresh process, opcache + ffi.preload', value: 'php_callback_ffipreload_cpu_ms', baseline: 'php_reference_ffipreload_cpu_ms', ratio: 'php_callback_ffipreload_vs_reference' },
  { fig: 2, step: 'php', label: 'PHP callback CPU, fresh process, preload.php + ffi.preload', value: 'php_callback_preload_cpu_ms', baseline: 'php_reference_preload_cpu_ms', ratio: 'php_callback_preload_vs_reference' },
  { fig: 2, step: 'php', label: 'of which: until Core::load() returned (opcache)', value: 'php_callback_until_core_loaded_cpu_ms' },
  { fig: 3, step: 'wordpress', label: 'WordPress front page, server CPU/request, plugin active', value: 'wp_front_active_cpu_ms', baseline: 'wp_front_inactive_cpu_ms', ratio: 'wp_front_cpu_active_vs_inactive',
    budgets: [{ on: 'ratio', op: '<=', limit: 1.03, text: '≤ 1.03×' }] },
  { fig: 3, step: 'wordpress', label: 'WordPress front page, wall time/request, plugin active', value: 'wp_front_active_ms', baseline: 'wp_front_inactive_ms', ratio: 'wp_front_active_vs_inactive' },
  { fig: 3, step: 'wordpress', label: 'php -S processes that loaded the core', value: 'wp_front_workers_with_core',
    budgets: [{ on: 'value', op: '==', limit: 0, text: '0 (core not loaded)' }] },
  { fig: 4, step: 'wasm', label: 'wasm validations/s in Node (`finish`)', value: 'wasm_finish_per_s', baseline: 'jose_verify_per_s', ratio: 'wasm_vs_jose', budgetText: 'report the ratio' },
  { fig: 5, step: 'sizes', label: 'native library (.so)', value: 'size_native_lib' },
  { fig: 5, step: 'wasm_size', label: '.wasm raw', value: 'size_wasm_raw' },
  { fig: 5, step: 'wasm_size', label: '.wasm gzip -9', value: 'size_wasm_gzip', budgets: [{ on: 'value', op: '<=', limit: 200 * KIB, text: '≤ 200 KiB' }] },
  // dist archives are added below from the lines found
  { fig: 6, step: 'wordpress', label: 'wp-login.php: bytes the button adds', value: 'wp_login_bytes_added', baseline: 'wp_login_bytes_inactive',
    budgets: [{ on: 'value', op: '<=', limit: 2 * KIB, text: '≤ 2 KiB' }] },
  { fig: 6, step: 'wordpress', label: 'wp-login.php: requests the button adds', value: 'wp_login_requests_added', budgets: [{ on: 'value', op: '==', limit: 0, text: '0' }] },
  { fig: 6, step: 'wordpress', label: 'wp-login.php: scripts the button adds', value: 'wp_login_scripts_added', budgets: [{ on: 'value', op: '==', limit: 0, text: '0' }] },
  { fig: 7, step: 'backchannel', label: 'back-channel requests/login, warm cache', value: 'backchannel_warm', budgets: [{ on: 'value', op: '==', limit: 1, text: '1 (token only)' }] },
  { fig: 7, step: 'backchannel', label: 'back-channel requests/login, cold cache', value: 'backchannel_cold' },
  { fig: 7, step: 'backchannel', label: 'warm, userinfo-only provider', value: 'backchannel_warm_userinfo_only' },
  { fig: 7, step: 'backchannel', label: 'cold, userinfo-only provider', value: 'backchannel_cold_userinfo_only' },
];
const dist = [...values.keys()].filter((k) => k.startsWith('size_dist_'));
const at = ROWS.findIndex((r) => r.value === 'wp_login_bytes_added');
ROWS.splice(at, 0, ...dist.map((k) => ({ fig: 5, step: 'sizes', label: `dist: ${infos.find(([n]) => n === k)?.[1]?.replace(/^dist\//, '') ?? k}`, value: k })));
const FIGURE_STEP = { 1: 'native', 2: 'php', 3: 'wordpress', 4: 'wasm', 5: 'sizes', 6: 'wordpress', 7: 'backchannel' };

const fmt = (name) => {
  const v = values.get(name);
  if (!v) return null;
  if (v.unit === 'bytes' && v.value >= 10 * KIB) return `${v.value} bytes (${(v.value / KIB).toFixed(1)} KiB)`;
  return `${v.raw} ${v.unit}`;
};
const check = (x, op, limit) => ({ '>=': x >= limit, '<=': x <= limit, '==': x === limit })[op];

const table = [];
const verdicts = [];
for (const row of ROWS) {
  if (!figuresRun.includes(FIGURE_STEP[row.fig])) continue;
  const reason = missing.get(row.step) ?? missing.get(FIGURE_STEP[row.fig]);
  const value = fmt(row.value) ?? `missing${reason ? ` (${reason})` : ''}`;
  const baseline = row.baseline ? fmt(row.baseline) ?? 'missing' : '—';
  const ratio = row.ratio ? fmt(row.ratio) ?? 'missing' : '—';
  const budgetTexts = [];
  const rowVerdicts = [];
  for (const b of row.budgets ?? []) {
    const name = b.on === 'ratio' ? row.ratio : row.value;
    const v = values.get(name);
    budgetTexts.push(b.text);
    if (!v) {
      rowVerdicts.push('missing');
      verdicts.push(`budget ${name}: missing (${reason ?? 'no figure'})`);
      continue;
    }
    const ok = check(v.value, b.op, b.limit);
    rowVerdicts.push(ok ? 'met' : 'MISSED');
    verdicts.push(`budget ${name}: ${ok ? 'met' : 'MISSED'} (${v.raw} ${v.unit}, budget ${b.text})`);
  }
  table.push({
    fig: row.fig, label: row.label, value, baseline, ratio,
    budget: budgetTexts.join('; ') || row.budgetText || '—',
    verdict: rowVerdicts.join('; ') || '—',
  });
}

// Console: the verdict lines, then a plain-text table.
console.log('');
for (const v of verdicts) console.log(v);
console.log('');
const cols = [['#', 'fig'], ['figure', 'label'], ['value', 'value'], ['baseline', 'baseline'], ['ratio', 'ratio'], ['budget', 'budget'], ['verdict', 'verdict']];
const width = cols.map(([h, k]) => Math.min(60, Math.max(h.length, ...table.map((r) => String(r[k]).length))));
const cell = (s, w) => (String(s).length > w ? `${String(s).slice(0, w - 1)}…` : String(s).padEnd(w));
console.log(cols.map(([h], i) => cell(h, width[i])).join(' | '));
console.log(width.map((w) => '-'.repeat(w)).join('-+-'));
for (const r of table) console.log(cols.map(([, k], i) => cell(r[k], width[i])).join(' | '));
const runtime = Number(opt('runtime', 0));
console.log(`\nbench runtime: ${runtime} s`);

// RESULTS.md
const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? '?').trim();
const version = (cmd, a) => {
  try {
    return execFileSync(cmd, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
  } catch {
    return '?';
  }
};
const md = [];
md.push('# Benchmark results');
md.push('');
md.push('Written by `make bench` (bench/run.sh, bench/report.mjs); how each figure is measured: bench/README.md.');
md.push('Every baseline was measured in the same run on the same machine.');
md.push('');
md.push(`- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
md.push(`- CPU: ${cpuModel}, ${os.cpus().length} cores; load average at the start: ${opt('load', '?')}`);
md.push(`- ${version('php', ['-r', 'echo "PHP ", PHP_VERSION;'])}, Node ${process.version}, ${version('openssl', ['version']).split(' ').slice(0, 2).join(' ')}, ${version('rustc', ['--version'])}`);
md.push(`- runtime of \`make bench\`: ${runtime} s`);
md.push('');
md.push('| # | figure | value | baseline | ratio | budget | verdict |');
md.push('|---|---|---|---|---|---|---|');
const esc = (s) => String(s).replace(/\|/g, '\\|');
for (const r of table) md.push(`| ${r.fig} | ${esc(r.label)} | ${esc(r.value)} | ${esc(r.baseline)} | ${esc(r.ratio)} | ${esc(r.budget)} | ${esc(r.verdict).replace(/MISSED/g, '**MISSED**')} |`);
md.push('');
md.push('## Budgets');
md.push('');
for (const v of verdicts) md.push(`- ${v}`);
md.push('');
md.push('## All lines of the run');
md.push('');
md.push('```');
for (const l of text.split('\n')) if (/^(bench|info|missing) /.test(l)) md.push(l);
md.push('```');
md.push('');
writeFileSync(path.join(HERE, 'RESULTS.md'), md.join('\n'));
console.log('written: bench/RESULTS.md');
