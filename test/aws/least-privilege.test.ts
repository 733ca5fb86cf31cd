/**
 * Least privilege, proven on the synthesized Terraform JSON: for every function and sync role,
 * the exact set of (action, resource, condition) grants read back from its policies equals the
 * set the spec declares, for the example and for generated specs. No emulator is involved:
 * moto evaluates no IAM policy, so only this analysis can show what a role may do.
 */
import fc from 'fast-check';
import { analyzeRoles, RoleAccess } from '../support/iam-analysis';
import { declaredFunctionAccess, declaredSyncAccess, exampleSpec, synthEnvironments } from '../support/declared-access';
import { generatedSpec } from '../support/generated-spec';

function expectExactAccess(raw: unknown): void {
  const { model, environments } = synthEnvironments(raw);
  for (const { env, stack } of environments) {
    const roles = analyzeRoles(stack);
    for (const fn of env.functions) {
      const role = roles.get(fn.roleName);
      expect(role).toBeDefined();
      expectClean(role!);
      expect({ role: fn.roleName, grants: role!.grants.map(grantLine) }).toEqual({
        role: fn.roleName,
        grants: declaredFunctionAccess(model.project, env, fn),
      });
    }
    for (const sync of env.syncs) {
      const role = roles.get(sync.roleName);
      expect(role).toBeDefined();
      expectClean(role!);
      expect({ role: sync.roleName, grants: role!.grants.map(grantLine) }).toEqual({
        role: sync.roleName,
        grants: declaredSyncAccess(model.project, env, sync),
      });
    }
  }
}

const grantLine = (g: { action: string; resource: string; condition: string }) =>
  g.condition ? `${g.action} ${g.resource} if ${g.condition}` : `${g.action} ${g.resource}`;

/** Nothing the exact comparison could miss: no `*`, no managed policy, no statement it cannot expand. */
function expectClean(role: RoleAccess): void {
  expect(role.unsupported).toEqual([]);
  expect(role.attachedPolicies).toEqual([]);
  expect(role.wildcardsInExactConditions).toEqual([]);
  for (const g of role.grants) {
    expect(g.action).not.toMatch(/\*/);
    expect(g.resource).not.toBe('*');
    expect(g.resource).not.toMatch(/<unresolved|<no alias/);
  }
}

describe('least privilege of function and sync roles', () => {
  it('grants each role of the example exactly what platform.yaml declares', () => {
    expectExactAccess(exampleSpec());
  });

  it('grants each role of generated specs exactly what they declare', () => {
    fc.assert(
      fc.property(generatedSpec, (spec) => {
        expectExactAccess(spec);
      }),
      { numRuns: 25 },
    );
  });
});

describe('least privilege of large roles', () => {
  /** One function reading 30 parameters and 10 secrets in two regions. */
  const largeSpec = () => ({
    project: 'big',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: { dev: { account: '111111111111' } },
    secrets: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`api/key-${i}`, { type: 'external' }])),
    parameters: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`cfg/p-${i}`, { value: `v${i}` }])),
    functions: { worker: { secrets: ['api/*'], parameters: ['cfg/*'], regions: ['eu-west-1', 'us-east-1'] } },
  });

  it('stay within IAM inline policy size and still grant exactly what is declared', () => {
    expectExactAccess(largeSpec());
    const { environments } = synthEnvironments(largeSpec());
    for (const { stack } of environments) {
      const policies = Object.values<{ policy: string }>((stack as any).resource.aws_iam_role_policy);
      // IAM's limit for all inline policies of a role; a reference is up to 30 characters
      // shorter than the ARN it becomes.
      for (const p of policies) {
        const references = (p.policy.match(/\$\{/g) ?? []).length;
        expect(p.policy.length + references * 30).toBeLessThan(10_240);
      }
    }
  });
});
