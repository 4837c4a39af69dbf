// JSON as the Rust side sees it. The Rust vector runner hands the core `input.to_string()` of a
// serde_json::Value, which is not what JSON.parse + JSON.stringify give: integers beyond 2^53 stay
// exact, `1.0` stays a float (and is no u64), keys come out sorted by their UTF-8 bytes, the last
// of duplicate keys wins. This module parses JSON keeping number text, and prints a value exactly
// as serde_json's compact writer (with ryu for floats) would.

/** Parses `text`; nodes keep their source span: { type, start, end, ... }. */
export function parseRaw(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const fail = (what) => {
    throw new SyntaxError(`JSON: ${what} at offset ${i}`);
  };
  function value() {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i += 1;
      const entries = [];
      ws();
      if (text[i] === '}') {
        i += 1;
        return { type: 'object', entries, start, end: i };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected :');
        i += 1;
        entries.push([key.value, value()]);
        ws();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === '}') { i += 1; break; }
        fail('expected , or }');
      }
      return { type: 'object', entries, start, end: i };
    }
    if (c === '[') {
      i += 1;
      const items = [];
      ws();
      if (text[i] === ']') {
        i += 1;
        return { type: 'array', items, start, end: i };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') { i += 1; continue; }
        if (text[i] === ']') { i += 1; break; }
        fail('expected , or ]');
      }
      return { type: 'array', items, start, end: i };
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return { type: 'literal', raw: lit, start, end: i };
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('unexpected character');
    i += m[0].length;
    return { type: 'number', raw: m[0], start, end: i };
  }
  function string() {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i += 1;
    return { type: 'string', value: JSON.parse(text.slice(start, i)), start, end: i };
  }
  const root = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return root;
}

/** The member `key` of an object node (the last one, as serde_json keeps). */
export function member(node, key) {
  if (node?.type !== 'object') return undefined;
  let found;
  for (const [k, v] of node.entries) if (k === key) found = v;
  return found;
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);

/** A number's text as serde_json::Value prints it after parsing it. */
export function serdeNumber(raw) {
  if (/^-?\d+$/.test(raw)) {
    const n = BigInt(raw);
    if (raw.startsWith('-')) {
      if (n !== 0n && n >= I64_MIN) return n.toString();
    } else if (n <= U64_MAX) {
      return n.toString();
    }
  }
  return ryu(Number(raw));
}

/** ryu's `format64` (what serde_json writes for an f64). */
export function ryu(x) {
  if (!Number.isFinite(x)) return 'null';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const length = digits.length;
  const kk = Number(exp) + 1; // 10^(kk-1) <= |x| < 10^kk
  const k = kk - length;
  let out;
  if (k >= 0 && kk <= 16) out = `${digits}${'0'.repeat(k)}.0`;
  else if (kk > 0 && kk <= 16) out = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) out = `0.${'0'.repeat(-kk)}${digits}`;
  else if (length === 1) out = `${digits}e${kk - 1}`;
  else out = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  return sign + out;
}

const utf8 = (s) => Buffer.from(s, 'utf8');

/** The node printed as serde_json::Value::to_string() would (keys sorted, last duplicate wins). */
export function serdeCompact(node) {
  switch (node.type) {
    case 'object': {
      const map = new Map();
      for (const [k, v] of node.entries) map.set(k, v);
      const keys = [...map.keys()].sort((a, b) => Buffer.compare(utf8(a), utf8(b)));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${serdeCompact(map.get(k))}`).join(',')}}`;
    }
    case 'array':
      return `[${node.items.map(serdeCompact).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return serdeNumber(node.raw);
    default:
      return node.raw;
  }
}
