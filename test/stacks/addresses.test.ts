/**
 * Every Terraform address comes from the names in the model (lib/aws/addresses.ts), and the
 * switch from CDKTF's construct-path hashes ships a `moved` block for each resource, so a stack
 * deployed by an earlier version upgrades by moving state. The upgrade itself is deployed into
 * moto by test/emulator/environment.test.ts; this suite pins the tables.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { App, Testing } from 'cdktf';
import { parse } from 'yaml';
import { buildStacks } from '../../lib/app';
import { CLOUDS } from '../../lib/backends';
import { LEGACY_ADDRESSES_CONTEXT } from '../../lib/aws/addresses';
import { loadPlatformObject } from '../../lib/core/loader';
import { TERRAFORM_REQUIRED_VERSION } from '../../stacks/state';
import { generatedSpec } from '../support/generated-spec';

const ROOT = path.resolve(__dirname, '..', '..');
const example = () => parse(fs.readFileSync(path.join(ROOT, 'platform.yaml'), 'utf8'));
/** The example's addresses, reviewed: the table docs/addresses.md describes. */
const PINNED: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'example-addresses.json'), 'utf8'));
/** The example's addresses as kit versions before stable addresses synthesized them (construct path + hash). */
const HASHED: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'example-addresses-hashed.json'), 'utf8'));

type Json = Record<string, any>;

function synthAll(raw: unknown, app: App = Testing.app()): Record<string, Json> {
  const { model } = loadPlatformObject(raw, 'platform.yaml', CLOUDS);
  const stacks = buildStacks(app, model);
  return Object.fromEntries([...stacks.environments, ...stacks.accounts].map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));
}

const resourceAddresses = (json: Json) =>
  Object.entries<Json>(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();

const byStack = (all: Record<string, Json>, f: (json: Json) => unknown) => Object.fromEntries(Object.entries(all).map(([s, json]) => [s, f(json)]));

describe('stable Terraform addresses', () => {
  const synthesized = synthAll(example());

  it("pins the example's full address set, stack by stack", () => {
    expect(byStack(synthesized, resourceAddresses)).toEqual(PINNED);
  });

  it('moves every resource from its hash-based address, one to one, within its type', () => {
    for (const [stack, json] of Object.entries(synthesized)) {
      const moved: Array<{ from: string; to: string }> = json.moved ?? [];
      // Every address an earlier version left in state is moved; a move from an address that is
      // not in state (a resource added since) does nothing.
      expect(moved.map((m) => m.from)).toEqual(expect.arrayContaining(HASHED[stack]));
      expect(moved.map((m) => m.to).sort()).toEqual(PINNED[stack]);
      for (const m of moved) expect(m.from.split('.')[0]).toBe(m.to.split('.')[0]);
    }
  });

  it('with stable addresses switched off, synthesizes exactly the hashed addresses and no moved block (the upgrade test deploys this)', () => {
    const legacy = synthAll(example(), Testing.app({ context: { [LEGACY_ADDRESSES_CONTEXT]: true } }));
    for (const [stack, json] of Object.entries(legacy)) {
      expect(resourceAddresses(json)).toEqual(expect.arrayContaining(HASHED[stack]));
      expect(resourceAddresses(json)).toEqual(((synthesized[stack].moved ?? []) as Json[]).map((m) => m.from).sort());
      expect(json.moved).toBeUndefined();
    }
  });

  it(`requires Terraform ${TERRAFORM_REQUIRED_VERSION} in every stack (write-only arguments)`, () => {
    expect(TERRAFORM_REQUIRED_VERSION).toBe('>= 1.11');
    for (const json of Object.values(synthesized)) expect(json.terraform.required_version).toBe(TERRAFORM_REQUIRED_VERSION);
  });

  it('on any valid spec: readable addresses with no construct-path hash, each with its moved block', () => {
    fc.assert(
      fc.property(generatedSpec, (spec) => {
        for (const json of Object.values(synthAll(spec))) {
          const addresses = resourceAddresses(json);
          for (const a of addresses) expect(a).toMatch(/^[a-z0-9_]+\.(environment_key|secret_|parameter_|function_|sync_|rotation$|audit)[A-Za-z0-9_.+=@-]*$/);
          for (const a of addresses) expect(a).not.toMatch(/_[0-9A-F]{8}$/);
          expect((json.moved ?? []).map((m: Json) => m.to).sort()).toEqual(addresses);
        }
      }),
      { numRuns: 25 },
    );
  });
});
