/** GCP names: readable ids within GCP's alphabets and lengths, stable shortening, collisions refused. */
import fc from 'fast-check';
import { gcpNameCollisions } from '../../lib/gcp/name-collisions';
import * as names from '../../lib/gcp/names';
import { labelKey, labelProblems, labelsOf } from '../../lib/gcp/labels';
import { smallPlan } from './support/plans';

describe('GCP names', () => {
  it('encodes a logical path into a secret id GCP accepts', () => {
    expect(names.secretId('acme-payments', 'dev', 'db/password')).toBe('acme-payments_dev_db__password');
    expect(names.secretId('acme', 'prod', 'a.b/c+d=e@f')).toBe('acme_prod_a_b__c_d_e_f');
    expect(names.secureParameterSecretId('acme', 'dev', 'stripe/webhook-secret')).toBe('acme_dev_param_stripe__webhook-secret');
  });

  it('keeps every id within its alphabet and length, for any logical path (property)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_.+=@-]{1,40}$/);
    const path = fc.array(segment, { minLength: 1, maxLength: 8 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(path, (p) => {
        const id = names.secretId('acme-payments', 'staging', p);
        expect(id.length).toBeLessThanOrEqual(255);
        expect(id).toMatch(names.GCP_NAME_LIMITS.secretId.chars);
        const param = names.parameterId('acme-payments', 'staging', p);
        expect(param.length).toBeLessThanOrEqual(63);
        expect(param).toMatch(names.GCP_NAME_LIMITS.parameterId.chars);
      }),
    );
  });

  it('shortens a long id to a stable prefix plus a hash of the full name', () => {
    const long = `very/${'deep/'.repeat(20)}value`;
    const id = names.parameterId('acme-payments', 'dev', long);
    expect(id).toHaveLength(63);
    expect(id).toBe(names.parameterId('acme-payments', 'dev', long));
    expect(id).toMatch(/^acme-payments_dev_very__deep__deep.*-[0-9a-f]{6}$/);
    expect(names.parameterId('acme-payments', 'dev', `${long}2`)).not.toBe(id);
  });

  describe('service accounts', () => {
    it('uses the readable name when it fits 30 characters', () => {
      expect(names.serviceAccountId('acme-payments-dev-api')).toBe('acme-payments-dev-api');
    });

    it('shortens a longer one to a stable id of exactly 30 characters', () => {
      const id = names.serviceAccountId('acme-payments-staging-webhook-handler');
      expect(id).toHaveLength(30);
      expect(id).toMatch(names.GCP_NAME_LIMITS.serviceAccountId.pattern);
      expect(id).toBe(`acme-payments-staging-w-${names.shortHash('acme-payments-staging-webhook-handler')}`);
    });

    it('always satisfies GCP\'s pattern (property)', () => {
      const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
      fc.assert(fc.property(slug, slug, slug, (p, e, f) => {
        expect(names.serviceAccountId(names.functionIdentityName(p, e, f))).toMatch(names.GCP_NAME_LIMITS.serviceAccountId.pattern);
      }));
    });

    it('pads a name shorter than 6 characters', () => {
      expect(names.serviceAccountId('a-b')).toBe('a-b-sa');
    });
  });

  describe('collisions', () => {
    it('finds none in a plan of distinct entries', () => {
      expect(gcpNameCollisions([smallPlan()])).toEqual([]);
    });

    it('refuses two paths that encode to one secret id, naming both', () => {
      const plan = smallPlan();
      const clash = { ...plan.secrets[1], path: 'api_key', secretId: names.secretId('shop', 'dev', 'api.key') };
      const twin = { ...plan.secrets[1], path: 'api.key', secretId: names.secretId('shop', 'dev', 'api.key') };
      expect(gcpNameCollisions([{ ...plan, secrets: [clash, twin] }])).toEqual([
        { kind: 'secret id', id: 'shop_dev_api_key', first: { env: 'dev', at: ['secrets', 'api_key'] }, second: { env: 'dev', at: ['secrets', 'api.key'] } },
      ]);
    });

    it('checks environments that share a GCP project together, and only those', () => {
      const dev = smallPlan();
      const shared = { ...smallPlan({ env: 'dev' }), functions: [] };
      expect(gcpNameCollisions([dev, shared]).map((c) => c.kind)).toContain('secret id');
      expect(gcpNameCollisions([dev, { ...shared, gcpProject: 'elsewhere-123' }])).toEqual([]);
    });

    it('refuses two functions whose shortened service account ids meet', () => {
      const plan = smallPlan();
      const fn = plan.functions[0];
      const long = 'x'.repeat(40);
      expect(
        gcpNameCollisions([{ ...plan, functions: [{ ...fn, name: 'a', identityName: long }, { ...fn, name: 'b', identityName: long }] }]).map((c) => [c.kind, c.first.at, c.second.at]),
      ).toEqual([['service account id', ['functions', 'a'], ['functions', 'b']]]);
    });
  });

  describe('labels', () => {
    it('writes the kit\'s tags as labels GCP accepts', () => {
      expect(labelsOf({ Project: 'acme-payments', ManagedBy: 'secrets-platform-kit', Environment: 'dev', 'cost-center': 'CC-1234' })).toEqual({
        'cost-center': 'cc-1234',
        environment: 'dev',
        'managed-by': 'secrets-platform-kit',
        project: 'acme-payments',
      });
      expect(labelKey('ManagedBy')).toBe('managed-by');
    });

    it('refuses a tag that cannot be a label, and two tags that become one label', () => {
      expect([...labelProblems({ 'team/name': 'x', Owner: 'a b', owner: 'c', ok: 'fine' }).entries()]).toEqual([
        ['team/name', expect.stringMatching(/label key "team\/name", which GCP refuses/)],
        ['Owner', expect.stringMatching(/label value "a b", which GCP refuses/)],
        ['owner', 'the tags `Owner` and `owner` both become the label key `owner`; rename one'],
      ]);
    });
  });
});
