/**
 * The role an external sync assumes: who may assume it (behind an external ID for third
 * parties), write-only access to what it declares, reads only with `read: true`, and the
 * Doppler preset's documented principal.
 */
import type { PlatformSpecInput } from '../../lib/aws/spec';
import { DOPPLER_PRINCIPAL } from '../../lib/aws/model';
import { analyzeRoles, grantKey } from '../support/iam-analysis';
import { synthEnvironments } from '../support/declared-access';
import { loadPlatformObject } from '../../lib/core/loader';
import { CLOUDS } from '../../lib/backends';

type Json = Record<string, any>;
type Sync = NonNullable<PlatformSpecInput['externalSync']>[string];

function spec(sync: Sync): PlatformSpecInput {
  return {
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: { dev: { account: '111111111111' } },
    secrets: { 'vendor/api-key': { type: 'external' }, 'db/password': { type: 'external' } },
    parameters: { 'vendor/webhook': { secure: true }, 'app/level': { value: 'info' } },
    functions: { api: { secrets: ['vendor/api-key'], parameters: ['vendor/webhook'], regions: ['eu-west-1', 'us-east-1'] } },
    externalSync: { vendor: sync },
  };
}

function syncRole(sync: Sync) {
  const { stack } = synthEnvironments(spec(sync)).environments[0];
  const role = Object.values<Json>((stack as Json).resource.aws_iam_role).find((r) => r.name === 'shop-dev-sync-vendor')!;
  return { stack: stack as Json, role, access: analyzeRoles(stack).get('shop-dev-sync-vendor')! };
}

const actionsOf = (access: { grants: readonly { action: string }[] }) => [...new Set(access.grants.map((g) => g.action))].sort();

describe('SyncRole', () => {
  it('trusts a third-party principal only with its external ID', () => {
    const { role } = syncRole({ principal: 'arn:aws:iam::999999999999:role/writer', externalId: 'ext-1', secrets: ['vendor/*'] });
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999999999999:role/writer' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
      },
    ]);
  });

  it('needs no external ID for a principal of the environment account', () => {
    const { role } = syncRole({ principal: 'arn:aws:iam::111111111111:role/ci', secrets: ['vendor/api-key'] });
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toBeUndefined();
  });

  it('refuses a third party without an external ID, at load time', () => {
    expect(() =>
      loadPlatformObject(spec({ principal: 'arn:aws:iam::999999999999:role/writer', secrets: ['vendor/*'] }), 'spec.yaml', {
        ...CLOUDS,
      }),
    ).toThrow(/externalSync\.vendor\.externalId/);
  });

  it('writes only: no read action and no decrypt unless the spec says read', () => {
    const { access } = syncRole({ principal: 'arn:aws:iam::111111111111:role/ci', secrets: ['vendor/api-key'], parameters: ['vendor/webhook'] });
    expect(actionsOf(access)).toEqual(['kms:Encrypt', 'kms:GenerateDataKey', 'secretsmanager:PutSecretValue', 'ssm:PutParameter']);
  });

  it('reads back what it writes with read: true, and nothing else', () => {
    const { access } = syncRole({ principal: 'arn:aws:iam::111111111111:role/ci', secrets: ['vendor/api-key'], read: true });
    expect(actionsOf(access)).toEqual([
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    expect(access.grants.every((g) => g.resource.includes('vendor/api-key') || g.condition.includes('vendor/api-key'))).toBe(true);
  });

  it('writes a secret into the primary only (Secrets Manager replicates it), a parameter in every region holding it', () => {
    const { access } = syncRole({ principal: 'arn:aws:iam::111111111111:role/ci', secrets: ['vendor/api-key'], parameters: ['vendor/webhook'] });
    const writes = access.grants.filter((g) => g.action.endsWith(':PutSecretValue') || g.action.endsWith(':PutParameter')).map(grantKey);
    expect(writes).toEqual([
      'secretsmanager:PutSecretValue arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/vendor/api-key-??????',
      'ssm:PutParameter arn:aws:ssm:eu-west-1:111111111111:parameter/shop/dev/vendor/webhook',
      'ssm:PutParameter arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/vendor/webhook',
    ]);
  });

  it('uses the principal Doppler documents for the doppler preset, behind the workplace slug', () => {
    const { role, access, stack } = syncRole({ preset: 'doppler', externalId: 'acme-workplace', secrets: ['vendor/*'] });
    expect(DOPPLER_PRINCIPAL).toBe('arn:aws:iam::299900769157:user/doppler-integration-operator');
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toMatchObject({
      Principal: { AWS: DOPPLER_PRINCIPAL },
      Condition: { StringEquals: { 'sts:ExternalId': 'acme-workplace' } },
    });
    // Doppler's documented DescribeSecret, metadata only; no create, delete, tag or read.
    expect(actionsOf(access)).toEqual(['kms:Encrypt', 'kms:GenerateDataKey', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue']);
    expect(stack.output.sync_vendor_role_arn.value).toMatch(/^\$\{aws_iam_role\.[^.]+\.arn\}$/);
  });

  it('refuses the doppler preset without the workplace slug as external ID', () => {
    expect(() =>
      loadPlatformObject(spec({ preset: 'doppler', secrets: ['vendor/*'] }), 'spec.yaml', CLOUDS),
    ).toThrow(/externalSync\.vendor\.externalId/);
  });
});
