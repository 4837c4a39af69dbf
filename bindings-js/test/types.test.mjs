// lib/index.d.ts type-checks (strict) together with a usage file, with the devDependency tsc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { JS_DIR } from './helpers.mjs';

const tsc = path.join(JS_DIR, 'node_modules/typescript/bin/tsc');

test('the TypeScript types check', { skip: !existsSync(tsc) && 'typescript is not installed (npm ci in bindings-js)' }, () => {
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(JS_DIR, 'test/types/tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc:\n${err.stdout}${err.stderr}`);
  }
});

test('the README example is valid JavaScript', () => {
  const readme = readFileSync(path.join(JS_DIR, 'README.md'), 'utf8');
  const example = (readme.match(/```js\n([\s\S]*?)```/) ?? [])[1];
  assert.ok(example, 'README.md has a ```js example');
  assert.ok(example.trim().split('\n').length <= 25, 'the example stays short');
  const dir = mkdtempSync(path.join(tmpdir(), 'ikc-readme-'));
  try {
    writeFileSync(path.join(dir, 'example.mjs'), example);
    execFileSync(process.execPath, ['--check', path.join(dir, 'example.mjs')], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
