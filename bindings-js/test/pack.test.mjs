// `npm pack` gives a package with the module, the glue, the entry points, the types and the
// README (nothing else), and the tarball installs into an empty project and works there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { JS_DIR } from './helpers.mjs';

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const work = mkdtempSync(path.join(tmpdir(), 'ikc-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));

let tarball;

test('npm pack holds exactly the package files', () => {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], JS_DIR));
  tarball = path.join(work, info.filename);
  const files = info.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'README.md',
    'lib/api.js',
    'lib/browser.js',
    'lib/core.js',
    'lib/index.d.ts',
    'lib/node.js',
    'package.json',
    'wasm/ikc_wasm.js',
    'wasm/ikc_wasm_bg.wasm',
  ]);
  assert.equal(info.name, '@infomaniak/connect');
  const pkg = JSON.parse(readFileSync(path.join(JS_DIR, 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies, undefined, 'no runtime dependencies');
});

test('the tarball installs and works in an empty project', () => {
  assert.ok(tarball, 'packed');
  const project = path.join(work, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', private: true, type: 'module' }));
  npm(['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], project);
  writeFileSync(path.join(project, 'main.mjs'), `
    import { createClient, version, ConnectError } from '@infomaniak/connect';
    const client = createClient({ clientId: 'c', clientSecret: 's', redirectUri: 'https://site.example/openid-connect-authorize', siteKey: 'pack-test-site-key-0123456789abcdefghij' });
    const { url, setCookie } = await client.start('/home');
    let code;
    try { await client.callback('/openid-connect-authorize?error=access_denied', ''); } catch (e) { code = e instanceof ConnectError && e.code; }
    console.log(JSON.stringify({ v: version(), url, setCookie, code }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: project, encoding: 'utf8' }));
  assert.equal(out.v.abi, 1);
  assert.ok(out.url.startsWith('https://login.infomaniak.com/authorize?'));
  assert.match(out.setCookie, /^ikc_login_/);
  assert.equal(out.code, 'access_denied');
});
