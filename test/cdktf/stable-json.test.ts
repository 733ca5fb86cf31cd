import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { stableJson, stableJsonSlow } from '../../lib/cdktf/stable-json';
import { synthesize } from '../../lib/app';

// What CDKTF 0.21 itself writes stacks with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jss = require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] })) as (v: unknown, o: object) => string;
const cdktf = (value: unknown) => jss(value, { space: 2 });

const ROOT = path.resolve(__dirname, '..', '..');

describe('stableJson: the text CDKTF writes, from JSON.stringify', () => {
  test.each<[string, unknown]>([
    ['an empty document', {}],
    ['an empty list', []],
    ['empties at every depth, in objects and lists', { a: {}, b: [], c: [{}, [], { d: [[]] }], e: { f: {} } }],
    ['keys out of order, nested', { z: 1, a: { y: [3, 2, 1], b: null }, m: 'x' }],
    ['undefined values and functions', { a: undefined, b: [undefined, () => 1], c: () => 1, d: 1 }],
    ['integer-like keys (enumerated first by JavaScript)', { b: 1, 10: 2, 9: 3, '01': 4, a: { 2: [], 1: {} } }],
    ['a NUL character that spells the empty-object marker', { a: '\u0000{}', b: ['\u0000[]'], c: {} }],
    ['the marker spelled with a backslash, not a NUL', { a: '\\u0000{}', b: { c: '\\u0000[]' }, d: [] }],
    ['a key named __proto__', JSON.parse('{"b": 1, "__proto__": {"__proto__": []}}')],
    ['a date, written through its toJSON', { when: new Date(0), list: [new Date(1)] }],
    ['keys with quotes, escapes and non-ASCII text', { 'a"b': 1, 'é': '\n\t', '\\': ['ü', '\u2028'] }],
    ['numbers', { a: 1.5, b: -0, c: 1e21, d: Number.NaN, e: Infinity }],
  ])('%s', (_, value) => {
    expect(stableJson(value)).toBe(cdktf(value));
    expect(stableJsonSlow(value)).toBe(cdktf(value));
  });

  test('any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stableJson(value)).toBe(cdktf(value));
        expect(stableJsonSlow(value)).toBe(cdktf(value));
      }),
      { numRuns: 300 },
    );
  });

  test('every stack of the example, as CDKTF wrote it', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-stable-json-'));
    try {
      const { stacks } = synthesize({ specPath: path.join(ROOT, 'platform.yaml'), outdir: work });
      for (const stack of stacks) {
        const text = fs.readFileSync(path.join(work, 'stacks', stack, 'cdk.tf.json'), 'utf8');
        const parsed = JSON.parse(text);
        expect(cdktf(parsed)).toBe(text);
        expect(stableJson(parsed)).toBe(text);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
