#!/usr/bin/env node
// `make demo-wordpress`: a local OpenID Provider (demo account) and a WordPress site with the
// plugin installed from dist/infomaniak-connect-wordpress.zip and configured. Ctrl-C stops both
// and drops the demo database.
//   DEMO_PORT=8080 to choose the WordPress port (default: a free one).
import { WordPressEnv } from './support/env.mjs';

const env = new WordPressEnv({ name: 'demo', configure: true });
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the demo…\n');
  await env.stop();
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  await env.start({ port: process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : undefined });
} catch (e) {
  process.stderr.write(`demo: ${e.stack ?? e}\n`);
  await stop(1);
}

process.stdout.write(`
Infomaniak Connect — WordPress demo

  Site:            ${env.url}/
  A post:          ${env.post_url}
  Log in page:     ${env.url}/wp-login.php   → "Log in with Infomaniak"
  Provider login:  demo@example.com / demo   (any other e-mail with any password is a new person)
  WordPress admin: ${env.admin.user} / ${env.admin.password}   (${env.url}/wp-admin/)
  Plugin settings: ${env.url}/wp-admin/options-general.php?page=infomaniak-connect
  Provider:        ${env.issuer}  (local oidc-provider; nothing leaves this machine)
  Logs:            ${env.outDir}

Press Ctrl-C to stop.
`);
setInterval(() => {}, 1 << 30);
