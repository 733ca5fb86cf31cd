/**
 * The GCP example (`examples/gcp/platform.yaml`, the AWS example's platform on GCP), loaded and
 * synthesized as `npm run synth` would: one stack per environment and one audit stack per GCP
 * project, each snapshotted for review; exact grants over the example and over generated specs;
 * the guardrails pass; the review report reads what was built.
 */
import fc from 'fast-check';
import { generatedSpec } from '../support/generated-spec';
import { planEnvironment } from '../../lib/gcp/model';
import { buildGcpReport } from '../../lib/gcp/report';
import { declaredGrants } from './support/declared-access';
import { gcpExampleSpec, synthGcp, toGcpSpec } from './support/gcp-spec';
import { AUTHORITATIVE_IAM, grantsOf } from './support/iam-members';
import type { Json } from './support/synth';

const lines = (json: Json) => grantsOf(json).map((g) => `${g.who} ${g.role} ${g.on}`).sort();

describe('the GCP example', () => {
  const { model, stacks } = synthGcp(gcpExampleSpec());

  it('has one stack per environment and one audit stack per GCP project', () => {
    expect([...stacks.keys()].sort()).toEqual([
      'acme-payments-audit-acme-payments-dev',
      'acme-payments-audit-acme-payments-prod',
      'acme-payments-audit-acme-payments-staging',
      'acme-payments-dev',
      'acme-payments-prod',
      'acme-payments-staging',
    ]);
  });

  for (const name of [
    'acme-payments-dev',
    'acme-payments-staging',
    'acme-payments-prod',
    'acme-payments-audit-acme-payments-dev',
    'acme-payments-audit-acme-payments-staging',
    'acme-payments-audit-acme-payments-prod',
  ]) {
    it(`synthesizes ${name} as reviewed (snapshot)`, () => {
      expect(stacks.get(name)).toMatchSnapshot();
    });
  }

  it('grants each identity exactly what the spec declares, in every environment', () => {
    for (const env of model.environments) {
      expect([env.name, lines(stacks.get(env.stackName)!)]).toEqual([env.name, declaredGrants(planEnvironment(model, env))]);
    }
  });

  it('pins prod to its project, impersonating its deployer, and protects it', () => {
    const prod = stacks.get('acme-payments-prod')!;
    expect(prod.provider.google[0]).toMatchObject({ project: 'acme-payments-prod', impersonate_service_account: 'deployer@acme-payments-prod.iam.gserviceaccount.com' });
    for (const key of Object.values<Json>(prod.resource.google_kms_crypto_key)) expect(key.lifecycle.prevent_destroy).toBe(true);
    expect(Object.values<Json>(prod.resource.google_kms_key_ring_iam_member ?? {}).map((m) => m.member)).toEqual([
      'group:security-admins@acme.example',
      'group:security-admins@acme.example',
      'group:security-admins@acme.example',
    ]);
  });

  it('reports who reads what as the stacks grant it', () => {
    const report = buildGcpReport(model, model.environments.find((e) => e.name === 'prod')!);
    expect(report.access.filter((a) => a.function === 'token-issuer').map((a) => [a.kind, a.path, a.locations])).toEqual([
      ['secret', 'auth/signing-key', ['europe-west1', 'europe-west3', 'us-east1']],
      ['parameter', 'app/log-level', ['europe-west1']],
    ]);
    expect(report.cost.notCounted.map((n) => n.price)).toEqual(['parameterManager']);
  });
});

describe('GCP stacks of generated specs', () => {
  it('grant exactly what each spec declares, never on the project but conditioned parameter reads (property)', () => {
    fc.assert(
      fc.property(generatedSpec, (aws) => {
        const { model, stacks } = synthGcp(toGcpSpec(aws));
        for (const env of model.environments) {
          const json = stacks.get(env.stackName)!;
          expect(lines(json)).toEqual(declaredGrants(planEnvironment(model, env)));
          expect(Object.keys(json.resource).filter((t) => AUTHORITATIVE_IAM.test(t))).toEqual([]);
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
