/**
 * Terraform addresses derive from names, never from positions: reordering the spec changes
 * nothing, and adding an entry adds resources without touching the others.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildStacks } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';

const ROOT = path.resolve(__dirname, '..', '..');
const example = () => parse(fs.readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8'));

type Synth = Record<string, Record<string, unknown>>;

/** Every stack's synthesized JSON, by stack name. */
function synthAll(raw: unknown): Synth {
  const { model } = loadPlatformObject(raw, 'platform.yaml', CLOUDS);
  const app = Testing.app();
  const stacks = buildStacks(app, model);
  return Object.fromEntries(
    [...stacks.environments, ...stacks.accounts].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]),
  );
}

/** `type.name` -> config of every resource and data source of a stack. */
function addresses(stack: Record<string, any>): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ['resource', 'data']) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      for (const [name, config] of Object.entries(byName)) out.set(`${kind}.${type}.${name}`, JSON.stringify(config));
    }
  }
  return out;
}

const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());

describe('stable addresses', () => {
  const baseline = synthAll(example());

  it('synthesizes one stack per environment and one per account', () => {
    expect(Object.keys(baseline).sort()).toEqual([
      'acme-payments-audit-111111111111',
      'acme-payments-audit-222222222222',
      'acme-payments-audit-333333333333',
      'acme-payments-dev',
      'acme-payments-prod',
      'acme-payments-staging',
    ]);
  });

  it('reordering every section of the spec changes nothing', () => {
    const spec = example();
    for (const key of ['environments', 'secrets', 'parameters', 'functions', 'externalSync', 'tags']) spec[key] = reversed(spec[key]);
    for (const fn of Object.values<any>(spec.functions)) {
      fn.secrets = [...(fn.secrets ?? [])].reverse();
      fn.parameters = [...(fn.parameters ?? [])].reverse();
    }
    expect(synthAll(spec)).toEqual(baseline);
  });

  it('adding a secret adds resources and changes no existing one', () => {
    const spec = example();
    spec.secrets = { 'aaa/new-token': { description: 'A new token', rotation: { every: '30d' } }, ...spec.secrets };
    const after = synthAll(spec);
    for (const [stack, json] of Object.entries(baseline)) {
      const before = addresses(json);
      const now = addresses(after[stack]);
      for (const [address, config] of before) {
        // The one resource that must change: the rotation role's policy gains the new secret.
        if (address === 'resource.aws_iam_role_policy.rotation') continue;
        expect({ address, config: now.get(address) }).toEqual({ address, config });
      }
      if (!stack.includes('-audit-')) {
        const added = [...now.keys()].filter((a) => !before.has(a));
        expect(added.length).toBeGreaterThan(0);
        expect(added.every((a) => /new-token|new_token/.test(a))).toBe(true);
      }
    }
  });

  it('changing who reads a parameter, or where they run, destroys no parameter', () => {
    const spec = example();
    for (const fn of Object.values<any>(spec.functions)) {
      delete fn.regions;
      fn.parameters = [];
    }
    const after = synthAll(spec);
    for (const [stack, json] of Object.entries(baseline)) {
      const params = (j: Record<string, any>) => Object.keys(j.resource?.aws_ssm_parameter ?? {}).sort();
      expect(params(after[stack])).toEqual(params(json));
    }
  });
});
