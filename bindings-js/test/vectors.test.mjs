// Every shared vector in tests/vectors/*.json, through the WebAssembly module, judged as the Rust
// runner (core/tests/vectors.rs) judges them: `expect` is a recursive subset of the answer,
// `output` equals it (decoded, and byte for byte as the core writes it), `"shape": "start"`
// answers are checked by relations (tests/vectors/shape.mjs). See tests/vectors/README.md.
// IKC_VECTORS_DIR points the runner at another folder.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { callRaw } from '../lib/node.js';
import { member, parseRaw, serdeCompact } from './serde-json.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.env.IKC_VECTORS_DIR ?? path.join(here, '../../tests/vectors'));

const files = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'keys.json').sort()
  : [];

const shapeFile = path.join(dir, 'shape.mjs');
const shape = existsSync(shapeFile) ? await import(pathToFileURL(shapeFile).href) : null;

/** Every key of `expect` is in `actual` with a matching value; arrays and scalars are equal. */
function subset(expect, actual, where = '') {
  if (expect && actual && typeof expect === 'object' && typeof actual === 'object'
      && !Array.isArray(expect) && !Array.isArray(actual)) {
    for (const [key, value] of Object.entries(expect)) {
      assert.ok(Object.hasOwn(actual, key), `missing ${where}/${key}`);
      subset(value, actual[key], `${where}/${key}`);
    }
    return;
  }
  assert.deepStrictEqual(actual, expect, `${where || '/'} differs`);
}

let total = 0;
for (const file of files) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const doc = parseRaw(text);
  const vectors = member(doc, 'vectors');
  if (vectors?.type !== 'array') continue;
  const decoded = JSON.parse(text).vectors;
  total += vectors.items.length;

  describe(file, () => {
    vectors.items.forEach((node, index) => {
      const vector = decoded[index];
      test(vector.name ?? `#${index}`, () => {
        // What the Rust runner passes: `input_raw` verbatim, else `input` as serde_json prints it.
        const rawNode = member(node, 'input_raw');
        const input = rawNode?.type === 'string'
          ? rawNode.value
          : serdeCompact(member(node, 'input') ?? { type: 'literal', raw: 'null' });
        const raw = callRaw(vector.op ?? '', input);
        const actual = JSON.parse(raw);
        assert.ok(Object.hasOwn(vector, 'expect'), 'vector has no expect');
        subset(vector.expect, actual);
        if (vector.shape === 'start') {
          assert.ok(shape?.checkStartShape, `${shapeFile} with checkStartShape() is needed for shape vectors`);
          shape.checkStartShape(vector, actual);
          return;
        }
        const outputNode = member(node, 'output');
        assert.ok(outputNode, 'vector has no recorded output (IKC_BLESS=1 cargo test on the Rust side)');
        assert.deepStrictEqual(actual, vector.output);
        assert.equal(raw, serdeCompact(outputNode), 'the core\'s JSON text differs from the recorded output');
      });
    });
  });
}

test('vectors were found', () => {
  assert.ok(files.length > 0, `no vector files in ${dir}`);
  assert.ok(total > 0, `no vectors in ${dir}`);
});
