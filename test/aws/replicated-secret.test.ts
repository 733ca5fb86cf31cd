/**
 * Secrets: name, key, replicas under their regions' keys, recovery windows, protection, the
 * resource policy statement by statement, generated values written only through the write-only
 * argument, and the read and write grants (with their KMS half).
 */
import type { AwsEnvironment } from '../../lib/aws/environment';
import { SECRET_POLICY_SIDS } from '../../lib/aws/replicated-secret';
import { ROTATION_OPTIONS_TAG, decodeGenerateOptions } from '../../lib/aws/rotation/config';
import { exampleSpec } from '../support/declared-access';
import type { Grantee, PolicyStatement } from '../../lib/aws/policy';
import { Json, resolveIn, resourceWhere, resourcesOf, smallSpec, synthSpec } from '../support/synth';

const secretNamed = (json: Json, name: string) => resourceWhere(json, 'aws_secretsmanager_secret', (r) => r.name === name);
const idOf = (json: Json, name: string) =>
  Object.entries(resourcesOf(json, 'aws_secretsmanager_secret')).find(([, r]) => r.name === name)![0];
const policyFor = (json: Json, name: string) =>
  resourceWhere(json, 'aws_secretsmanager_secret_policy', (p) => p.secret_arn === `\${aws_secretsmanager_secret.${idOf(json, name)}.arn}`);
const versionFor = (json: Json, name: string) =>
  Object.values(resourcesOf(json, 'aws_secretsmanager_secret_version')).filter((v) => v.secret_id === `\${aws_secretsmanager_secret.${idOf(json, name)}.id}`);

const KEY_ARN = /^\$\{aws_kms_key\.[^.]+\.arn\}$/;
const replicaKeyArn = (region: string) => new RegExp(`^\\$\\{aws_kms_replica_key\\.[^.]*${region}[^.]*\\.arn\\}$`);

class FakeGrantee implements Grantee {
  readonly granteeName = 'shop-dev-api';
  readonly added: PolicyStatement[] = [];
  addStatements(...statements: PolicyStatement[]): void {
    this.added.push(...statements);
  }
}

describe('ReplicatedSecret', () => {
  const synthesized = synthSpec(smallSpec());
  const dev = synthesized.environment('dev').json;
  const prod = synthesized.environment('prod').json;

  it('is named {project}/{env}/{path}, described, and encrypted with the primary key in the primary region', () => {
    const secret = secretNamed(dev, 'shop/dev/db/password');
    expect(secret).toMatchObject({ provider: 'aws.eu-west-1', description: 'Database password' });
    expect(secret.kms_key_id).toMatch(KEY_ARN);
  });

  it('replicates to every replica region, each replica under that region\'s replica key', () => {
    const replicas = secretNamed(dev, 'shop/dev/db/password').replica as Json[];
    expect(replicas.map((r) => r.region)).toEqual(['eu-central-1', 'us-east-1']);
    for (const r of replicas) expect(r.kms_key_id).toMatch(replicaKeyArn(r.region));
  });

  it('has no replica when `replicate: false`', () => {
    expect(secretNamed(dev, 'shop/dev/local/token').replica ?? []).toEqual([]);
  });

  it('keeps 7 days of recovery when unprotected, 30 days and prevent_destroy when protected', () => {
    const unprotected = secretNamed(dev, 'shop/dev/api/key');
    expect(unprotected.recovery_window_in_days).toBe(7);
    expect(unprotected.lifecycle?.prevent_destroy ?? false).toBe(false);
    for (const secret of Object.values(resourcesOf(prod, 'aws_secretsmanager_secret'))) {
      expect(secret.recovery_window_in_days).toBe(30);
      expect(secret.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  describe('resource policy', () => {
    const policy = policyFor(dev, 'shop/dev/db/password');

    it('is attached in the primary region with public policies blocked', () => {
      expect(policy).toMatchObject({ provider: 'aws.eu-west-1', block_public_policy: true });
    });

    it('has one statement, which denies every principal of another account (AWS services exempt)', () => {
      expect(JSON.parse(policy.policy)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: SECRET_POLICY_SIDS.denyOutsideAccount,
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'secretsmanager:*',
            Resource: '*',
            Condition: {
              StringNotEquals: { 'aws:PrincipalAccount': '111111111111' },
              BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            },
          },
        ],
      });
    });

    it('names the environment\'s own account', () => {
      const prodPolicy = JSON.parse(policyFor(prod, 'shop/prod/db/password').policy);
      expect(prodPolicy.Statement[0].Condition.StringNotEquals['aws:PrincipalAccount']).toBe('222222222222');
    });
  });

  describe('values', () => {
    it('writes a generated value only through secret_string_wo, from the ephemeral generator, once', () => {
      const [version, ...more] = versionFor(dev, 'shop/dev/db/password');
      expect(more).toEqual([]);
      expect(version).toMatchObject({
        provider: 'aws.eu-west-1',
        secret_string_wo: '${ephemeral.aws_secretsmanager_random_password.secret_db_password.random_password}',
        secret_string_wo_version: 1,
      });
      expect(version).not.toHaveProperty('secret_string');
      expect(version).not.toHaveProperty('secret_binary');
    });

    it('keeps a label of its own on the first version, so Secrets Manager never deletes it and the next apply never writes a new value over a rotated one', () => {
      const [version] = versionFor(dev, 'shop/dev/db/password');
      expect(version.version_stages).toEqual(['AWSCURRENT', 'KIT-INITIAL']);
      // Rotation moves AWSCURRENT away afterwards; Terraform must not move it back.
      expect(version.lifecycle).toEqual({ ignore_changes: ['version_stages'] });
    });

    it('generates with the spec\'s options, in the primary region', () => {
      expect(dev.ephemeral.aws_secretsmanager_random_password.secret_db_password).toEqual({
        provider: 'aws.eu-west-1',
        password_length: 40,
        exclude_characters: '"@/',
        exclude_numbers: false,
        exclude_punctuation: false,
        exclude_uppercase: false,
        exclude_lowercase: false,
        include_space: false,
        require_each_included_type: true,
      });
    });

    it('creates no version for an external secret: its value is set out of band', () => {
      expect(versionFor(dev, 'shop/dev/api/key')).toEqual([]);
      expect(Object.keys(dev.ephemeral.aws_secretsmanager_random_password)).toEqual(['secret_db_password']);
    });
  });

  describe('ARNs and grants', () => {
    const aws = synthesized.environment('dev').root as AwsEnvironment;
    const resolve = (value: unknown) => resolveIn(aws, value) as any;
    const secret = aws.secrets.get('db/password')!;
    const primaryArn = `\${${'aws_secretsmanager_secret.' + idOf(dev, 'shop/dev/db/password')}.arn}`;

    it('gives a replica\'s ARN as the primary\'s with the region swapped (same name and suffix)', () => {
      expect(resolve(secret.arn('eu-west-1'))).toBe(primaryArn);
      const local = /^\$\{local\.([^}]+)\}$/.exec(resolve(secret.arn('us-east-1')))![1];
      expect(dev.locals[local]).toBe(
        `\${replace(aws_secretsmanager_secret.${idOf(dev, 'shop/dev/db/password')}.arn, ":secretsmanager:eu-west-1:", ":secretsmanager:us-east-1:")}`,
      );
    });

    it('refuses the ARN of a region without a replica', () => {
      expect(() => aws.secrets.get('local/token')!.arn('us-east-1')).toThrow(/secret local\/token has no replica in us-east-1; it is in: eu-west-1/);
    });

    it('grantRead: the two read actions on exactly that copy, and Decrypt of that region\'s key for that ARN via Secrets Manager', () => {
      const grantee = new FakeGrantee();
      const added = secret.grantRead(grantee, 'us-east-1');
      expect(grantee.added).toEqual(added);
      const replicaArn = resolve(secret.arn('us-east-1'));
      expect(resolve(added)).toEqual([
        {
          sid: 'ReadSecretDbPasswordUsEast1',
          actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          resources: [replicaArn],
        },
        {
          sid: 'DecryptSecretDbPasswordUsEast1',
          actions: ['kms:Decrypt'],
          resources: [expect.stringMatching(replicaKeyArn('us-east-1'))],
          conditions: {
            StringEquals: {
              'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
              'kms:EncryptionContext:SecretARN': replicaArn,
            },
          },
        },
      ]);
    });

    it('grantWrite: PutSecretValue on the primary only, and a data key of the primary key for that ARN via Secrets Manager', () => {
      const grantee = new FakeGrantee();
      const added = resolve(aws.secrets.get('api/key')!.grantWrite(grantee));
      const apiArn = `\${aws_secretsmanager_secret.${idOf(dev, 'shop/dev/api/key')}.arn}`;
      expect(added).toEqual([
        { sid: 'WriteSecretApiKeyEuWest1', actions: ['secretsmanager:PutSecretValue'], resources: [apiArn] },
        {
          sid: 'EncryptSecretApiKeyEuWest1',
          actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [expect.stringMatching(KEY_ARN)],
          conditions: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com', 'kms:EncryptionContext:SecretARN': apiArn } },
        },
      ]);
    });
  });

  describe('rotation options tag', () => {
    const example = synthSpec(exampleSpec());

    it('carries the generator options of each rotated secret of the example, base64url of their compact JSON', () => {
      for (const env of ['dev', 'staging', 'prod']) {
        const json = example.environment(env).json;
        const db = secretNamed(json, `acme-payments/${env}/db/password`);
        const signing = secretNamed(json, `acme-payments/${env}/auth/signing-key`);
        expect(db.tags).toEqual({ [ROTATION_OPTIONS_TAG]: 'eyJFeGNsdWRlQ2hhcmFjdGVycyI6IlwiJ0AvXFwifQ' });
        expect(signing.tags).toEqual({ [ROTATION_OPTIONS_TAG]: 'eyJQYXNzd29yZExlbmd0aCI6NjQsIkV4Y2x1ZGVQdW5jdHVhdGlvbiI6dHJ1ZX0' });
        expect(decodeGenerateOptions('db', db.tags[ROTATION_OPTIONS_TAG])).toEqual({ ExcludeCharacters: '"\'@/\\' });
        expect(decodeGenerateOptions('signing', signing.tags[ROTATION_OPTIONS_TAG])).toEqual({ PasswordLength: 64, ExcludePunctuation: true });
        // Only characters AWS accepts in a tag value.
        for (const s of [db, signing]) expect(s.tags[ROTATION_OPTIONS_TAG]).toMatch(/^[A-Za-z0-9_.:/=+\-@ ]{1,256}$/);
      }
    });

    it('is absent from a secret that does not rotate or is not generated', () => {
      expect(secretNamed(example.environment('dev').json, 'acme-payments/dev/stripe/api-key').tags).toBeUndefined();
      expect(secretNamed(dev, 'shop/dev/db/password').tags).toBeUndefined();
    });
  });
});
