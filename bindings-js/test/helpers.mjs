// Processes for the end-to-end tests: the real OP of tests/provider and the example site.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const JS_DIR = path.resolve(here, '..');
export const ROOT = path.resolve(JS_DIR, '..');
export const PROVIDER_DIR = path.join(ROOT, 'tests/provider');

/**
 * Starts `node args…` and resolves to { child, ready, stderr(), stop() } once it printed its JSON
 * ready line on stdout. Rejects (with its stderr) if it exits or stays silent for `timeout` ms.
 */
export function startProcess(args, { env = {}, timeout = 20_000, cwd = ROOT } = {}) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    err += d;
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${args.join(' ')}: no ready line within ${timeout} ms\n${err}`));
    }, timeout);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve({ child, ready: JSON.parse(out.slice(0, nl)), stderr: () => err, stop });
      } catch (e) {
        stop();
        reject(new Error(`${args.join(' ')}: bad ready line ${out.slice(0, nl)}: ${e.message}`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before it was ready\n${err}`));
    });
  });
}

/** The test OP with `config` (tests/provider/README.md); ready = {issuer, port}. */
export function startOp(config = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ikc-op-'));
  const file = path.join(dir, 'op.json');
  writeFileSync(file, JSON.stringify({ port: 0, clients: [], ...config }));
  return startProcess([path.join(PROVIDER_DIR, 'server.mjs'), '--config', file]);
}

/** Adds (or replaces) a client at the running OP. */
export async function addClient(issuer, client) {
  const res = await fetch(`${issuer}/__test/clients`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(client),
  });
  if (!res.ok) throw new Error(`adding client: HTTP ${res.status} ${await res.text()}`);
}

/** Replaces the OP's signing key (the old one leaves its JWKS). */
export async function rotateKeys(issuer) {
  const res = await fetch(`${issuer}/__test/rotate-keys`, { method: 'POST' });
  if (!res.ok) throw new Error(`rotating keys: HTTP ${res.status}`);
  return res.json();
}
