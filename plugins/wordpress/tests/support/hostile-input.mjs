// Hostile query strings and cookies for the CMS routes (reliability-site.test.mjs), and a raw
// HTTP/1.1 GET that sends the query as written (fetch would normalise brackets, repeated
// separators and broken escapes; attackers need not) and the Cookie header byte for byte.
import net from 'node:net';

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { next, int, pick };
}

const latin1 = (s) => Buffer.from(s, 'latin1');

/**
 * `php -S` refuses a request target holding control characters or bytes >= 0x80 (it closes the
 * connection without an answer; nginx passes bytes >= 0x80 through), so these are sent
 * percent-encoded: PHP decodes them into $_GET all the same. Raw invalid UTF-8 in the raw query
 * string is fed to the library's callback by bindings-php's HostileCallbackTest; raw bytes in the
 * Cookie header are sent as they are.
 */
export function requestTarget(target) {
  return target.replace(/[\x00-\x20\x7f-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * GET `target` (a Buffer or a latin1 string: the bytes after "GET ") on 127.0.0.1:port with the
 * given Cookie header bytes; resolves {status, headers (lower-case name -> [values]), body}.
 */
export function rawGet(port, target, { cookie, timeoutMs = 30000 } = {}) {
  const head = [latin1('GET '), Buffer.isBuffer(target) ? target : latin1(requestTarget(target)), latin1(` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\nConnection: close\r\n`)];
  if (cookie !== undefined && cookie.length) head.push(latin1('Cookie: '), Buffer.isBuffer(cookie) ? cookie : latin1(cookie), latin1('\r\n'));
  head.push(latin1('\r\n'));
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(Buffer.concat(head)));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) { reject(new Error(`no HTTP answer (${raw.length} bytes)`)); return; }
      const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
      const headers = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim().toLowerCase();
        (headers[name] ??= []).push(line.slice(i + 1).trim());
      }
      let body = raw.subarray(split + 4);
      if ((headers['transfer-encoding'] ?? []).some((v) => /chunked/i.test(v))) body = dechunk(body);
      resolve({ status, headers, body: body.toString('utf8') });
    });
  });
}

function dechunk(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!size) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/**
 * The longest query the tests send: `php -S` drops requests of about 100 KB and more without an
 * answer (nginx answers 414 from 8 KB by default), so longer ones would test the web server, not
 * WordPress or the plugin.
 */
export const MAX_QUERY = 64000;

/** Values a hostile client sends where a string is expected; each as raw query bytes (latin1). */
export function hostileValue(r) {
  const kinds = [
    () => '',
    () => 'x'.repeat(r.pick([256, 4096, 20000])),                       // huge
    () => '%FF%FE%C0%AF%ED%A0%80',                                         // invalid UTF-8, percent-encoded
    () => '\xff\xfe\xc0\xaf',                                              // invalid UTF-8 (see requestTarget)
    () => '%00%0D%0ASet-Cookie:%20x=1',                                    // NUL and header injection
    () => '%E2%80%AE%F0%9F%98%80%EF%BF%BF',                                // bidi, emoji, noncharacter
    () => '<script>alert(1)</script>',
    () => '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    () => "'%22%3B--%20OR%201%3D1",
    () => '..%2F..%2F..%2Fetc%2Fpasswd',
    () => '%2F%2Fevil.example%2F',
    () => 'https%3A%2F%2Fevil.example',
    () => '%2F%5Cevil.example',
    () => 'javascript:alert(1)',
    () => '%',                                                             // broken escapes
    () => '%G1%2',
    () => String(r.int(2 ** 31)),
    () => 'A'.repeat(43),                                                  // state-shaped
    () => Array.from({ length: r.int(40) + 1 }, () => String.fromCharCode(r.int(256))).join(''),
    () => Array.from({ length: r.int(40) + 1 }, () => `%${r.int(256).toString(16).padStart(2, '0')}`).join(''),
  ];
  return r.pick(kinds)();
}

/** A parameter name as sent: plain, array (name[]), nested (name[a][b]), or broken brackets. */
export function hostileName(r, name) {
  return r.pick([name, name, `${name}[]`, `${name}[a]`, `${name}[a][b][]`, `${name}[`, `${name}]`, `${name}%5B%5D`]);
}

/** A random hostile query string (latin1 bytes) over `names`, with repeats and stray separators. */
export function hostileQuery(r, names) {
  const parts = [];
  const count = r.int(6) + 1;
  for (let i = 0; i < count; i++) {
    const name = r.next() < 0.85 ? r.pick(names) : r.pick(['', '=', '[]', 'a'.repeat(300), '\xff', '%FF', 'x[][][][][][][][][][]']);
    parts.push(`${hostileName(r, name)}=${hostileValue(r)}`);
    if (r.next() < 0.25) parts.push(parts[parts.length - 1]); // repeated parameter
  }
  const sep = r.pick(['&', '&', '&&', ';']);
  while (parts.join(sep).length > MAX_QUERY && parts.length > 1) parts.pop();
  return parts.join(sep).replace(/[ #\r\n]/g, (c) => encodeURIComponent(c)); // keep the request line parseable
}

/** Fixed hostile cases every run makes, named; values are raw query bytes (latin1). */
export const FIXED_QUERIES = [
  ['array state', 'state[]=x&code=abc'],
  ['nested arrays everywhere', 'state[a][b]=1&code[]=2&iss[x]=3&error[]=access_denied&error_description[]=d'],
  ['repeated state and code', 'state=a&state=b&code=c&code=d'],
  ['huge state', `state=${'s'.repeat(60000)}&code=x`],
  // 900: past PHP's max_input_vars (1000) PHP itself logs a warning before any script runs.
  ['huge query of many parameters', Array.from({ length: 900 }, (_, i) => `p${i}=${'v'.repeat(i % 50)}`).join('&')],
  ['invalid UTF-8 (encoded)', 'state=%FF%FE&code=%C0%AF&iss=%ED%A0%80'],
  ['invalid UTF-8 (bytes)', 'state=\xff\xfe&code=\xc0\xaf'],
  ['NUL and CRLF', 'state=%00&code=%0D%0ALocation:%20https://evil.example'],
  ['error as an array', 'error[]=access_denied&state=x'],
  ['error with a huge description', `error=access_denied&error_description=${'d'.repeat(60000)}&state=x`],
  ['unknown error with markup', 'error=%3Cb%3Ex%3C%2Fb%3E&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
  ['broken percent escapes', 'state=%&code=%G1&iss=%2'],
  ['only separators', '&&&;;&=&=='],
  ['empty', ''],
];
