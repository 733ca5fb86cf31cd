/**
 * Least privilege on GCP, proven on the synthesized configuration: every IAM member of a stack,
 * resolved from its Terraform references, is exactly what the plan declares; there is no
 * authoritative IAM resource, no public member, and no project-level role but the
 * parameter reads that GCP offers only there (each under a condition naming one parameter).
 */
import fc from 'fast-check';
import { ROLES } from '../../lib/gcp/iam';
import { generatedPlan } from './support/generated-plan';
import { AUTHORITATIVE_IAM, grantsOf } from './support/iam-members';
import { declaredGrants } from './support/declared-access';
import { smallPlan } from './support/plans';
import { Json, synthEnvironment } from './support/synth';

const lines = (json: Json) => grantsOf(json).map((g) => `${g.who} ${g.role} ${g.on}`).sort();

describe('exact grants on GCP', () => {
  const plan = smallPlan();
  const { json } = synthEnvironment(plan);

  it('grants exactly what the plan declares', () => {
    expect(lines(json)).toEqual(declaredGrants(plan));
  });

  it('reads each grant from the output: removing a declaration removes exactly its grants', () => {
    const narrower = { ...plan, functions: plan.functions.map((f) => (f.name === 'api' ? { ...f, secrets: [] } : f)) };
    const before = new Set(lines(json));
    const after = lines(synthEnvironment(narrower).json);
    expect([...before].filter((l) => !after.includes(l))).toEqual(['sa:service_account_shop-dev-api roles/secretmanager.secretAccessor secret:shop_dev_db__password']);
  });

  it('has no authoritative IAM resource and no public member', () => {
    expect(Object.keys(json.resource).filter((t) => AUTHORITATIVE_IAM.test(t))).toEqual([]);
    expect(JSON.stringify(json)).not.toMatch(/allUsers|allAuthenticatedUsers/);
  });

  it('grants on the project only the parameter reader role, each under a condition naming one parameter in one location', () => {
    const projectLevel = grantsOf(json).filter((g) => g.source.startsWith('google_project_iam_member.'));
    expect(projectLevel.length).toBeGreaterThan(0);
    for (const g of projectLevel) {
      expect(g.role).toBe(ROLES.parameterAccessor);
      expect(g.on).toMatch(/^parameter:[A-Za-z0-9_-]+@[a-z0-9-]+$/);
    }
  });

  it('a workload never holds a Secret Manager role on the project', () => {
    expect(grantsOf(json).filter((g) => g.on.startsWith('project:'))).toEqual([]);
  });
});

describe('exact grants on GCP, over generated plans', () => {
  it('every identity reaches exactly what its plan declares, and no grant is project-wide but conditioned parameter reads (property)', () => {
    fc.assert(
      fc.property(generatedPlan, (plan) => {
        const { json } = synthEnvironment(plan);
        expect(lines(json)).toEqual(declaredGrants(plan));
        for (const g of grantsOf(json)) expect(g.on.startsWith('project:')).toBe(false);
        expect(Object.keys(json.resource).filter((t) => AUTHORITATIVE_IAM.test(t))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
