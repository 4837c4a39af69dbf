// Debian's Chromium driven by playwright-core (from tests/node_modules).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './env.mjs';

const require = createRequire(path.join(ROOT, 'tests/package.json'));
const { chromium } = require('playwright-core');

// The test OP's HTTP client: logs in at the provider and returns the callback URL unvisited.
export { authorize } from '../../../../tests/provider/browser.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** A fresh browser profile (no cookies); close() removes it. */
export async function newBrowser() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ikc-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  context.setDefaultTimeout(20000);
  const page = context.pages()[0] ?? await context.newPage();
  const close = async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** At the test OP: sign in (and allow, when it asks for consent). */
export async function providerLogin(page, { login, password }) {
  await page.waitForSelector('form#login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[value=login]')]);
  if (await page.$('form#consent')) {
    await Promise.all([page.waitForNavigation(), page.click('form#consent button[value=allow]')]);
  }
}
