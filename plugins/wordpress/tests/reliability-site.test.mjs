// Reliability, end to end, on one WordPress test site (the plugin from the zip, Debian's
// WordPress on MariaDB, the test OP tests/provider), served by `php -S` with 16 workers so
// requests truly run in parallel. Logs: target/reliability/site/.
//
// 1. Concurrency: 100 simultaneous first logins of 20 distinct new identities (5 each), from the
//    bounded load script support/reliability-load.mjs (127.0.0.1 only). Exactly 20 users created,
//    one per identity; every login succeeded (as its identity's user) or got a clear error that
//    asks to try again; no PHP fatal or warning.
// 2. Several web servers: a second `php -S` on another port serves the same site (same wp-config,
//    same database). A login started on one server ends on the other, both ways: no server-side
//    state is needed.
// 3. Bad input on every route of the plugin: the start route (wp-login.php?action=infomaniak-
//    connect), the callback (/openid-connect-authorize, with and without a genuine login cookie)
//    and the login page's error code get fixed and seeded random hostile query strings and cookies
//    (huge values, arrays where strings are expected, invalid UTF-8 raw and encoded, repeated
//    parameters, broken escapes), sent byte for byte. Always a redirect or a 4xx with a message,
//    never a 5xx, a PHP warning/notice (page, debug.log or server log) or a changed user.
//    IKC_BAD_INPUT_SEED=<n> replays a run; IKC_BAD_INPUT_CASES=<n> changes the random cases/route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { authorize, Browser } from '../../../tests/provider/browser.mjs';
import { FIXED_QUERIES, hostileQuery, hostileValue, prng, rawGet } from './support/hostile-input.mjs';
import { firstLogins } from './support/reliability-load.mjs';
import { outDir, PHP_PROBLEM, phpProblems, ReliabilityEnv, Visitor } from './support/reliability.mjs';

const OUT = outDir('site');
const IDENTITIES = 20;
const PER_IDENTITY = 5;
const WORKERS = 16;
const SEED = Number(process.env.IKC_BAD_INPUT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RANDOM_CASES = Number(process.env.IKC_BAD_INPUT_CASES ?? 60);

let env;

const usersSnapshot = () => JSON.stringify([
  env.sql('SELECT ID, user_login, user_email, user_pass FROM wp_users ORDER BY ID'),
  env.sql("SELECT user_id, meta_key, meta_value FROM wp_usermeta WHERE meta_key LIKE 'infomaniak_connect_%' OR meta_key='wp_capabilities' ORDER BY umeta_id"),
]);

/** Runs `fn` over `items`, `limit` at a time. */
async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

describe('WordPress reliability on one site', { concurrency: false }, () => {
  before(async () => {
    env = new ReliabilityEnv({ name: 'rel_site', configure: true, outDir: OUT, workers: WORKERS });
    await env.start();
    console.log(`WordPress ${env.url} (php -S, ${WORKERS} workers), provider ${env.issuer}, logs in ${OUT}`);
  });

  after(async () => {
    await env?.stop();
  });

  test('100 simultaneous first logins of 20 new identities: exactly one user per identity, every login succeeded or may be retried, no PHP error', async () => {
    const usersBefore = Number(env.sql('SELECT COUNT(*) FROM wp_users')[0][0]);
    const maxId = Number(env.sql('SELECT MAX(ID) FROM wp_users')[0][0]);
    const logFrom = env.debugLog().length;
    const phpFrom = env.phpLog().length;

    const { logins, prepareMs, burstMs } = await firstLogins({
      site: env.url, returnTo: new URL(env.post_url).pathname, identities: IDENTITIES, perIdentity: PER_IDENTITY, tag: 'c',
    });
    const busy = logins.reduce((s, l) => s + (l.ms ?? 0), 0);
    const tally = (k) => logins.reduce((m, l) => ({ ...m, [l[k] ?? '-']: (m[l[k] ?? '-'] ?? 0) + 1 }), {});
    console.log(`phase 1 (start + sign-in at the OP, 6 at a time): ${prepareMs} ms; phase 2 (100 callbacks at once): ${burstMs} ms, `
      + `slowest ${Math.max(...logins.map((l) => l.ms))} ms, mean parallelism ${(busy / burstMs).toFixed(1)}`);
    console.log(`outcomes ${JSON.stringify(tally('outcome'))}, error codes ${JSON.stringify(tally('code'))}`);

    // The database: users created, and who holds each identity.
    const created = env.sql(`SELECT u.ID, u.user_login, u.user_email, m.meta_value FROM wp_users u
      LEFT JOIN wp_usermeta m ON m.user_id = u.ID AND m.meta_key = 'infomaniak_connect_subject' WHERE u.ID > ${maxId} ORDER BY u.ID`);
    const bySubject = new Map();
    for (const [id, login, email, subject] of created) {
      bySubject.set(subject, [...(bySubject.get(subject) ?? []), { id: Number(id), login, email }]);
    }
    const duplicates = [...bySubject].filter(([, users]) => users.length > 1);
    if (duplicates.length) {
      console.log(`DUPLICATES: ${duplicates.length} identities have several users:\n${duplicates
        .map(([sub, users]) => `  ${sub}: ${users.map((u) => `#${u.id} ${u.login} <${u.email}>`).join(', ')}`).join('\n')}`);
    }
    const problems = [...phpProblems(env.debugLog(), logFrom), ...phpProblems(env.phpLog(), phpFrom)];
    if (problems.length) console.log(`PHP problems:\n${problems.slice(0, 20).join('\n')}`);

    // Every login: a success as the right user, or an error whose message asks to try again.
    const others = logins.filter((l) => l.outcome === 'other');
    assert.deepEqual(others.map((l) => ({ identity: l.identity, status: l.status, error: l.error, body: l.body })), [], 'every callback answered a redirect in time');
    const visitor = new Visitor();
    for (const code of new Set(logins.filter((l) => l.outcome === 'error').map((l) => l.code))) {
      const page = await visitor.get(`${env.url}/wp-login.php?infomaniak_connect_error=${code}`);
      const message = (/<div id="login_error"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
      console.log(`error ${code}: "${message}" (${logins.filter((l) => l.code === code).length} logins)`);
      assert.match(message, /try again/i, `the message of ${code} asks the visitor to try again`);
    }
    const usersOfIdentity = new Map();
    for (const l of logins.filter((x) => x.outcome === 'ok')) {
      usersOfIdentity.set(l.identity, new Set([...(usersOfIdentity.get(l.identity) ?? []), l.user]));
    }
    const split = [...usersOfIdentity].filter(([, users]) => users.size > 1).map(([identity, users]) => `${identity}: ${[...users].join(', ')}`);
    assert.deepEqual(split, [], 'the logins of one identity all end in the same user');

    assert.deepEqual(duplicates.map(([sub, users]) => `${sub}: ${users.length} users`), [], 'no identity has two users');
    assert.equal(Number(env.sql('SELECT COUNT(*) FROM wp_users')[0][0]) - usersBefore, IDENTITIES, 'exactly 20 users created');
    assert.equal(bySubject.size, IDENTITIES, 'each created user holds one of the 20 identities');
    assert.deepEqual(problems.filter((l) => /Fatal|Uncaught/.test(l)), [], 'no PHP fatal');
    assert.deepEqual(problems, [], 'no PHP warning or notice');
    assert.ok(logins.filter((l) => l.outcome === 'ok').length >= IDENTITIES, 'at least one login per identity succeeded');
  });
  test('two web servers, one database: a login started on one ends on the other, both ways', async () => {
    const second = await env.startServer({ workers: 2 });
    const servers = { first: { url: env.url, log: () => env.phpLog() }, second };
    const returnTo = new URL(env.post_url).pathname;
    const logFrom = env.debugLog().length;
    for (const [from, to] of [['first', 'second'], ['second', 'first']]) {
      const identity = `multi-${from}-${Date.now().toString(36)}@example.com`;
      const visitor = new Visitor();
      const startFrom = servers[from].log().length;
      const callbackFrom = servers[to].log().length;
      const start = await visitor.get(`${servers[from].url}/wp-login.php?action=infomaniak-connect&redirect_to=${encodeURIComponent(returnTo)}`);
      assert.equal(start.status, 302, `start on the ${from} server`);
      assert.ok(start.location.startsWith(`${env.issuer}/`), start.location);
      assert.equal(visitor.cookies().filter((c) => c.name.startsWith('ikc_login_')).length, 1, 'the login cookie');
      // The OP sends the visitor to the site's registered redirect URI; the other server takes it.
      const callbackUrl = new URL(await authorize(start.location, { login: identity, password: 'pw', browser: new Browser() }));
      assert.equal(callbackUrl.origin, env.url, 'the registered redirect URI');
      const onOther = `${servers[to].url}${callbackUrl.pathname}${callbackUrl.search}`;
      const callback = await visitor.get(onOther);
      assert.equal(callback.status, 302, `callback on the ${to} server: ${callback.body.slice(0, 300)}`);
      assert.equal(callback.location, `${env.url}${returnTo}`, 'back to the page the login started from');
      const session = visitor.cookies().find((c) => c.name.startsWith('wordpress_logged_in_'));
      assert.ok(session, 'logged in');
      assert.deepEqual(visitor.cookies().filter((c) => c.name.startsWith('ikc_login_')), [], 'the login cookie is deleted');
      // Each request was served where it was sent, and the session holds on both servers.
      assert.match(servers[from].log().slice(startFrom), /GET \/wp-login\.php\?action=infomaniak-connect/);
      assert.match(servers[to].log().slice(callbackFrom), /GET \/openid-connect-authorize\?/);
      for (const server of Object.values(servers)) {
        const profile = await visitor.get(`${server.url}/wp-admin/profile.php`);
        assert.equal(profile.status, 200, `the profile page on ${server.url}`);
        assert.ok(profile.body.includes(identity), `the profile on ${server.url} shows ${identity}`);
      }
      const owners = env.sql(`SELECT u.ID FROM wp_users u JOIN wp_usermeta m ON m.user_id = u.ID AND m.meta_key = 'infomaniak_connect_subject'
        WHERE u.user_email = '${identity}'`);
      assert.equal(owners.length, 1, `one user for ${identity}`);
      console.log(`started on ${servers[from].url}, callback on ${servers[to].url}: logged in as ${decodeURIComponent(session.value).split('|')[0]}`);
    }
    assert.deepEqual(phpProblems(env.debugLog(), logFrom), [], 'no PHP warning in debug.log');
    assert.deepEqual([...phpProblems(env.phpLog()), ...phpProblems(second.log())], [], 'no PHP warning in the server logs');
  });

  describe(`bad input on every route (seed ${SEED}, ${RANDOM_CASES} random cases per route)`, { concurrency: false }, () => {
    const port = () => env.port;
    const results = [];
    const errorPages = new Map(); // code -> message shown
    let snapshot;
    let logFrom;
    let phpFrom;

    before(() => {
      snapshot = usersSnapshot();
      logFrom = env.debugLog().length;
      phpFrom = env.phpLog().length;
      console.log(`bad input: IKC_BAD_INPUT_SEED=${SEED} replays these cases`);
    });

    /** The login page's message for an error code (fetched once per code). */
    async function messageOf(code) {
      if (!errorPages.has(code)) {
        const page = await rawGet(port(), `/wp-login.php?infomaniak_connect_error=${code}`);
        assert.equal(page.status, 200, `the login page with ${code}`);
        assert.doesNotMatch(page.body, PHP_PROBLEM, `no PHP diagnostic on the login page with ${code}`);
        const message = (/<div id="login_error"[^>]*>([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
        errorPages.set(code, message);
      }
      return errorPages.get(code);
    }

    /**
     * Sends one hostile request and judges the answer: a redirect (to the provider, when `toProvider`
     * allows it, or to the login page with an error code whose message is shown) or a 4xx with a
     * body; never a 5xx or a PHP diagnostic. Returns a summary line.
     */
    async function judge(route, name, target, { cookie, toProvider = false } = {}) {
      const res = await rawGet(port(), target, { cookie });
      const where = `${route} / ${name}: GET ${target.slice(0, 160)}${target.length > 160 ? '…' : ''}`;
      assert.ok(res.status < 500, `${where} answered HTTP ${res.status}`);
      assert.doesNotMatch(res.body, PHP_PROBLEM, `${where}: a PHP diagnostic in the page`);
      let outcome;
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.location?.[0] ?? '';
        const code = /[?&]infomaniak_connect_error=([a-z0-9_]+)(&|$)/.exec(location)?.[1];
        if (code) {
          assert.ok(location.startsWith(`${env.url}/wp-login.php?`), `${where}: redirect to ${location}`);
          const message = await messageOf(code);
          assert.ok(message.length > 10, `${where}: the login page shows a message for ${code}`);
          outcome = `error ${code}`;
        } else if (toProvider && location.startsWith(`${env.issuer}/`)) {
          outcome = 'to the provider';
        } else {
          assert.fail(`${where}: unexpected redirect to ${location}`);
        }
      } else if (res.status >= 400) {
        assert.ok(res.body.trim().length > 0, `${where}: HTTP ${res.status} with an empty body`);
        outcome = `HTTP ${res.status}`;
      } else {
        assert.equal(res.status, 200, where);
        outcome = 'HTTP 200';
      }
      results.push({ route, outcome });
      return outcome;
    }

    test('the start route: wp-login.php?action=infomaniak-connect', async () => {
      const r = prng(SEED);
      const base = '/wp-login.php?action=infomaniak-connect';
      const cases = [
        ...FIXED_QUERIES.map(([name, q]) => [name, `${base}&${q}`]),
        ['redirect_to as an array', `${base}&redirect_to[]=%2Fx`],
        ['redirect_to nested', `${base}&redirect_to[a][b]=%2Fx`],
        ['redirect_to huge', `${base}&redirect_to=%2F${'a'.repeat(60000)}`],
        ['redirect_to repeated', `${base}&redirect_to=%2Fa&redirect_to=https%3A%2F%2Fevil.example&redirect_to[]=x`],
        ['redirect_to invalid UTF-8 raw', `${base}&redirect_to=/\xff\xfe`],
        ['action repeated', `${base}&action=infomaniak-connect&redirect_to=%2F`],
        ...Array.from({ length: RANDOM_CASES }, (_, i) => [`random ${i}`, `${base}&${hostileQuery(r, ['redirect_to', 'redirect_to', 'state', 'code', 'reauth'])}`]),
      ];
      await pool(cases, 4, ([name, target]) => judge('start', name, target, { toProvider: true }));
    });

    test('the callback route /openid-connect-authorize, without and with hostile cookies', async () => {
      const r = prng(SEED + 1);
      const base = '/openid-connect-authorize';
      const cookies = [
        undefined,
        'ikc_login_AAAAAAAA=x',
        'ikc_login_AAAAAAAA[]=x; ikc_login_[a]=b',
        `ikc_login_AAAAAAAA=${'v'.repeat(7000)}`,
        'ikc_login_AAAAAAAA=\xff\xfe\xc0\xaf; ikc_login_BBBBBBBB=%FF',
        Array.from({ length: 60 }, (_, i) => `ikc_login_${String(i).padStart(8, '0')}=v${i}`).join('; '),
        'ikc_login_=; =; ;;; ikc_login_AAAAAAAA',
      ];
      const cases = [
        ...FIXED_QUERIES.map(([name, q]) => [name, `${base}?${q}`, r.pick(cookies)]),
        ['no query at all', base, undefined],
        ['trailing slash and index.php path', `/index.php${base}/?state[]=1`, undefined],
        ...Array.from({ length: RANDOM_CASES }, (_, i) => [`random ${i}`, `${base}?${hostileQuery(r, ['state', 'state', 'code', 'iss', 'error', 'error_description', 'session_state'])}`, r.pick(cookies)]),
      ];
      await pool(cases, 4, ([name, target, cookie]) => judge('callback', name, target, { cookie }));
    });

    test('the callback route with a genuine login cookie and hostile parameters', async () => {
      const r = prng(SEED + 2);
      const visitor = new Visitor();
      const start = await visitor.get(`${env.url}/wp-login.php?action=infomaniak-connect&redirect_to=%2F`);
      assert.equal(start.status, 302);
      const state = new URL(start.location).searchParams.get('state');
      const [cookie] = visitor.cookies().filter((c) => c.name.startsWith('ikc_login_'));
      assert.ok(state && cookie, 'a started login');
      const jar = `${cookie.name}=${cookie.value}`;
      const base = `/openid-connect-authorize?state=${state}`;
      const iss = encodeURIComponent(env.issuer);
      const cases = [
        ['code as an array', `${base}&code[]=x&iss=${iss}`, jar],
        ['code nested', `${base}&code[a][b]=x&iss=${iss}`, jar],
        ['state as an array', `/openid-connect-authorize?state[]=${state}&code=x&iss=${iss}`, jar],
        ['state repeated with another', `${base}&state=${'B'.repeat(43)}&code=x&iss=${iss}`, jar],
        ['state repeated, same', `${base}&state=${state}&code=x&code=y&iss=${iss}`, jar],
        ['code huge', `${base}&code=${'c'.repeat(60000)}&iss=${iss}`, jar],
        ['code invalid UTF-8 raw', `${base}&code=\xff\xfe\xc0&iss=${iss}`, jar],
        ['code invalid UTF-8 encoded', `${base}&code=%FF%FE%C0&iss=${iss}`, jar],
        ['code with CRLF', `${base}&code=a%0D%0AX-Injected:%201&iss=${iss}`, jar],
        ['iss as an array', `${base}&code=x&iss[]=${iss}`, jar],
        ['iss invalid UTF-8', `${base}&code=x&iss=%FF`, jar],
        ['iss repeated', `${base}&code=x&iss=${iss}&iss=https%3A%2F%2Fevil.example`, jar],
        ['error with hostile description', `${base}&error=access_denied&error_description[]=x&error_uri=%FF`, jar],
        ['error as an array', `${base}&error[]=access_denied`, jar],
        ['error huge', `${base}&error=${'e'.repeat(50000)}`, jar],
        ['cookie as an array', `${base}&code=x&iss=${iss}`, `${cookie.name}[]=${cookie.value}`],
        ['cookie tampered', `${base}&code=x&iss=${iss}`, `${cookie.name}=${cookie.value.slice(0, -2)}${cookie.value.endsWith('A') ? 'BB' : 'AA'}`],
        ['cookie repeated', `${base}&code=x&iss=${iss}`, `${jar}; ${cookie.name}=x`],
        ['cookie with invalid UTF-8', `${base}&code=x&iss=${iss}`, `${cookie.name}=${cookie.value}\xff`],
        ...Array.from({ length: Math.ceil(RANDOM_CASES / 2) }, (_, i) => [`random ${i}`,
          `${base}&${hostileQuery(r, ['code', 'code', 'iss', 'state', 'error', 'error_description'])}`, r.next() < 0.8 ? jar : `${cookie.name}=${hostileValue(r)}`]),
      ];
      await pool(cases, 4, ([name, target, cookieHeader]) => judge('callback+cookie', name, target, { cookie: cookieHeader }));
    });

    test('the login page error code: wp-login.php?infomaniak_connect_error=…', async () => {
      const r = prng(SEED + 3);
      const base = '/wp-login.php?infomaniak_connect_error';
      const cases = [
        ['as an array', `${base}[]=state_invalid`],
        ['nested', `${base}[a][b]=x`],
        ['huge', `${base}=${'x'.repeat(60000)}`],
        ['invalid UTF-8 raw', `${base}=\xff\xfe`],
        ['markup', `${base}=%3Cscript%3Ealert(1)%3C%2Fscript%3E`],
        ['repeated', `${base}=state_invalid&infomaniak_connect_error=access_denied`],
        ...Array.from({ length: Math.ceil(RANDOM_CASES / 2) }, (_, i) => [`random ${i}`, `${base}=${hostileValue(r)}`]),
      ];
      await pool(cases, 4, async ([name, target]) => {
        const res = await rawGet(port(), target);
        assert.equal(res.status, 200, `${name}: HTTP ${res.status}`);
        assert.doesNotMatch(res.body, PHP_PROBLEM, `${name}: a PHP diagnostic in the page`);
        assert.doesNotMatch(res.body, /<script>alert/, `${name}: markup from the URL in the page`);
        assert.ok(res.body.includes('id="loginform"'), `${name}: the password form is there`);
        results.push({ route: 'error page', outcome: 'HTTP 200' });
      });
    });

    test('no PHP warning or notice in the logs, no user changed', () => {
      const tally = {};
      for (const { route, outcome } of results) tally[`${route}: ${outcome}`] = (tally[`${route}: ${outcome}`] ?? 0) + 1;
      console.log(`bad input: ${results.length} requests; outcomes ${JSON.stringify(tally, null, 1)}`);
      console.log(`messages shown: ${JSON.stringify(Object.fromEntries(errorPages))}`);
      const problems = [...phpProblems(env.debugLog(), logFrom), ...phpProblems(env.phpLog(), phpFrom)];
      assert.deepEqual(problems.slice(0, 20), [], 'no PHP warning, notice or fatal in debug.log or the server log');
      assert.equal(usersSnapshot(), snapshot, 'no user created or changed');
      assert.ok(!env.debugLog().slice(logFrom).includes(env.clientSecret), 'no secret in debug.log');
      assert.ok(results.length >= 4 * RANDOM_CASES, 'every case ran');
    });
  });
});
