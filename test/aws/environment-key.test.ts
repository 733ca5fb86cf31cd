/**
 * The environment key: a multi-region primary, a replica and an alias per region, rotation and
 * deletion windows, protection, the key policy statement by statement, and the KMS grants.
 */
import type { AwsEnvironment } from '../../lib/aws/environment';
import { KMS_ADMIN_ACTIONS } from '../../lib/aws/actions';
import { KEY_POLICY_SIDS } from '../../lib/aws/environment-key';
import type { Grantee, PolicyStatement } from '../../lib/aws/policy';
import { Json, resolveIn, resourcesOf, smallSpec, synthSpec } from '../support/synth';

const ALL_REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];
const VIA_ALL = ['secretsmanager.eu-west-1.amazonaws.com', 'ssm.eu-west-1.amazonaws.com', 'secretsmanager.eu-central-1.amazonaws.com', 'ssm.eu-central-1.amazonaws.com', 'secretsmanager.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com'];

const primaryOf = (json: Json) => Object.values(resourcesOf(json, 'aws_kms_key'))[0];
const replicasOf = (json: Json) => Object.values(resourcesOf(json, 'aws_kms_replica_key'));
const policyOf = (key: Json) => JSON.parse(key.policy) as { Version: string; Statement: Json[] };
const statement = (key: Json, sid: string) => policyOf(key).Statement.find((s) => s.Sid === sid);

class FakeGrantee implements Grantee {
  readonly granteeName = 'shop-dev-api';
  readonly added: PolicyStatement[] = [];
  addStatements(...statements: PolicyStatement[]): void {
    this.added.push(...statements);
  }
}

describe('EnvironmentKey', () => {
  const synthesized = synthSpec(smallSpec());
  const dev = synthesized.environment('dev').json;
  const prod = synthesized.environment('prod').json;

  it('creates one multi-region primary key in the primary region, with rotation on', () => {
    const keys = Object.values(resourcesOf(dev, 'aws_kms_key'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ provider: 'aws.eu-west-1', multi_region: true, enable_key_rotation: true });
  });

  it('creates a replica of the primary in every replica region, under that region\'s provider', () => {
    const replicas = replicasOf(dev);
    expect(replicas.map((r) => r.provider).sort()).toEqual(['aws.eu-central-1', 'aws.us-east-1']);
    for (const replica of replicas) expect(replica.primary_key_arn).toMatch(/^\$\{aws_kms_key\.[^.]+\.arn\}$/);
  });

  it('gives every region the alias alias/{project}-{env}, aimed at that region\'s key', () => {
    const aliases = Object.values(resourcesOf(dev, 'aws_kms_alias'));
    expect(aliases.map((a) => a.provider).sort()).toEqual(ALL_REGIONS.map((r) => `aws.${r}`).sort());
    expect(new Set(aliases.map((a) => a.name))).toEqual(new Set(['alias/shop-dev']));
    const byRegion = Object.fromEntries(aliases.map((a) => [a.provider, a.target_key_id]));
    expect(byRegion['aws.eu-west-1']).toMatch(/^\$\{aws_kms_key\..+\.key_id\}$/);
    expect(byRegion['aws.eu-central-1']).toMatch(/^\$\{aws_kms_replica_key\..*eu-central-1.*\.key_id\}$/);
    expect(byRegion['aws.us-east-1']).toMatch(/^\$\{aws_kms_replica_key\..*us-east-1.*\.key_id\}$/);
  });

  it('uses a 7-day deletion window and no prevent_destroy when unprotected', () => {
    for (const key of [primaryOf(dev), ...replicasOf(dev)]) {
      expect(key.deletion_window_in_days).toBe(7);
      expect(key.lifecycle?.prevent_destroy ?? false).toBe(false);
    }
  });

  it('uses a 30-day deletion window and prevent_destroy on every key of a protected environment', () => {
    for (const key of [primaryOf(prod), ...replicasOf(prod)]) {
      expect(key.deletion_window_in_days).toBe(30);
      expect(key.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  it('takes the deletion window of an unprotected environment from the spec', () => {
    const spec = smallSpec();
    spec.environments.dev.keyDeletionWindowDays = 14;
    const json = synthSpec(spec).environment('dev').json;
    expect(primaryOf(json).deletion_window_in_days).toBe(14);
    for (const replica of replicasOf(json)) expect(replica.deletion_window_in_days).toBe(14);
  });

  describe('key policy', () => {
    it('is the same document on the primary and on every replica', () => {
      const primary = primaryOf(dev).policy;
      for (const replica of replicasOf(dev)) expect(replica.policy).toBe(primary);
    });

    it('has exactly three statements when key admins are given, two when not, in a fixed order', () => {
      expect(policyOf(primaryOf(prod)).Statement.map((s) => s.Sid)).toEqual([
        KEY_POLICY_SIDS.rootAdministers,
        KEY_POLICY_SIDS.adminsAdminister,
        KEY_POLICY_SIDS.useThroughServices,
      ]);
      expect(policyOf(primaryOf(dev)).Statement.map((s) => s.Sid)).toEqual([KEY_POLICY_SIDS.rootAdministers, KEY_POLICY_SIDS.useThroughServices]);
      expect(policyOf(primaryOf(dev)).Version).toBe('2012-10-17');
    });

    it('1: the account root administers the key (policy included) but cannot use it directly', () => {
      expect(statement(primaryOf(dev), KEY_POLICY_SIDS.rootAdministers)).toEqual({
        Sid: KEY_POLICY_SIDS.rootAdministers,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: [...KMS_ADMIN_ACTIONS],
        Resource: '*',
      });
      expect(KMS_ADMIN_ACTIONS).toContain('kms:PutKeyPolicy');
      for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:*']) {
        expect(KMS_ADMIN_ACTIONS).not.toContain(use);
      }
    });

    it('2: the spec\'s key admins administer it, with the same actions and no use', () => {
      expect(statement(primaryOf(prod), KEY_POLICY_SIDS.adminsAdminister)).toEqual({
        Sid: KEY_POLICY_SIDS.adminsAdminister,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:role/security-admin' },
        Action: [...KMS_ADMIN_ACTIONS],
        Resource: '*',
      });
    });

    it('3: principals of the account use it only through Secrets Manager or SSM of the environment\'s regions', () => {
      expect(statement(primaryOf(dev), KEY_POLICY_SIDS.useThroughServices)).toEqual({
        Sid: KEY_POLICY_SIDS.useThroughServices,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:ViaService': VIA_ALL } },
      });
    });

    it('never names a wildcard principal or a kms:* action', () => {
      for (const s of policyOf(primaryOf(prod)).Statement) {
        expect(JSON.stringify(s.Principal)).not.toContain('"*"');
        expect([s.Action].flat()).not.toContain('kms:*');
      }
    });

    it('takes statements a later capability adds, on every key, and refuses an unscoped service principal', () => {
      const aws = synthSpec(smallSpec()).environment('dev').root as AwsEnvironment;
      const scoped: PolicyStatement = {
        sid: 'LogsEncrypt',
        principals: { Service: 'logs.eu-west-1.amazonaws.com' },
        actions: ['kms:Encrypt'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:*' } },
      };
      aws.key.addToKeyPolicy(scoped);
      expect(aws.key.policyStatements.map((s) => s.sid)).toContain('LogsEncrypt');
      expect(() => aws.key.addToKeyPolicy({ sid: 'Open', principals: { Service: 'sns.amazonaws.com' }, actions: ['kms:Decrypt'], resources: ['*'] })).toThrow(
        /statement Open admits a service principal without conditions/,
      );
    });
  });

  describe('grants', () => {
    const aws = synthesized.environment('dev').root as AwsEnvironment;
    const resolve = (value: unknown) => resolveIn(aws, value);

    it('grantDecrypt adds kms:Decrypt on the region\'s key, through one service, for one ARN only', () => {
      const grantee = new FakeGrantee();
      const added = aws.key.grantDecrypt(grantee, 'us-east-1', { via: 'ssm', resourceArn: 'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/token', purpose: 'ParameterDbToken' });
      expect(grantee.added).toEqual(added);
      expect(resolve(added)).toEqual([
        {
          sid: 'DecryptParameterDbTokenUsEast1',
          actions: ['kms:Decrypt'],
          resources: [expect.stringMatching(/^\$\{aws_kms_replica_key\.[^.]*us-east-1[^.]*\.arn\}$/)],
          conditions: {
            StringEquals: {
              'kms:ViaService': 'ssm.us-east-1.amazonaws.com',
              'kms:EncryptionContext:PARAMETER_ARN': 'arn:aws:ssm:us-east-1:111111111111:parameter/shop/dev/db/token',
            },
          },
        },
      ]);
    });

    it('grantEncrypt adds kms:Encrypt and kms:GenerateDataKey, bound to the secret\'s ARN through Secrets Manager', () => {
      const grantee = new FakeGrantee();
      const [s] = aws.key.grantEncrypt(grantee, 'eu-west-1', { via: 'secretsmanager', resourceArn: 'SECRET-ARN', purpose: 'SecretApiKey' });
      expect(s.actions).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
      expect(resolve(s.resources)).toEqual([expect.stringMatching(/^\$\{aws_kms_key\.[^.]+\.arn\}$/)]);
      expect(s.conditions).toEqual({
        StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:EncryptionContext:SecretARN': 'SECRET-ARN' },
      });
    });

    it('refuses a region where the environment has no key', () => {
      expect(() => aws.key.keyArn('ap-south-1')).toThrow(/environment dev has no key in ap-south-1; its regions: eu-west-1, eu-central-1, us-east-1/);
    });
  });
});
