/**
 * Randomly mutated specs are either accepted or rejected with clean messages: never a crash,
 * never a stack trace, never a message without a place.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { CLOUDS } from '../../lib/backends';
import { SpecError } from '../../lib/core/errors';
import { loadPlatformObject, loadPlatformText } from '../../lib/core/loader';
import { baseSpec } from './fixtures';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in a JSON tree. */
function paths(node: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(node)) node.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation =
  | { kind: 'replace'; pick: number; value: Json }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: Json };

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>('', '30d', '5h', 'rate(1 day)', 'eu-west-1', 'us-east-1', 'mars-1', '111111111111', 'db/*', '*', 'builtin', 'x'.repeat(600), true, false, 0, -1, 4097, null, [], {}),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('secrets', 'regions', 'rotation', 'values', 'dev')), value }),
);

function apply(spec: Json, m: Mutation): Json {
  const all = paths(spec).filter((p) => p.length > 0);
  const path = all[m.pick % all.length];
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], spec);
  const last = path[path.length - 1];
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) target[m.key] = m.value;
  }
  return spec;
}

function assertClean(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof SpecError)) throw new Error(`crashed with ${String(e)}`);
    expect(e.problems.length).toBeGreaterThan(0);
    for (const line of e.lines()) {
      expect(line).not.toMatch(/\n|\s+at .+:\d+:\d+|\[object Object\]|undefined/);
      expect(line).toMatch(/: \S/);
    }
  }
}

describe('mutated specs', () => {
  it('are accepted or rejected with clean, placed messages', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const spec = mutations.reduce((s, m) => apply(s, m), baseSpec() as unknown as Json);
        assertClean(() => loadPlatformObject(structuredClone(spec), 'platform.yaml', CLOUDS));
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it('survive YAML text corruption', () => {
    const text = stringify(baseSpec());
    fc.assert(
      fc.property(fc.nat(text.length), fc.string({ maxLength: 6 }), (at, insert) => {
        const corrupted = text.slice(0, at) + insert + text.slice(at);
        assertClean(() => loadPlatformText(corrupted, 'platform.yaml', CLOUDS));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
