import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { secretCmk } from '../../../lib/aws/guardrails/secret-cmk';
import { verdicts } from '../../guardrails/support';

describe('KIT-SECRET-CMK', () => {
  test('compliant: the secret and each replica name a customer key', () => {
    const result = verdicts(secretCmk, (scope, provider) => {
      const key = new KmsKey(scope, 'key', { provider, enableKeyRotation: true });
      new SecretsmanagerSecret(scope, 'secret', {
        provider,
        name: 'acme/dev/db/password',
        kmsKeyId: key.arn,
        replica: [{ region: 'us-east-1', kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/mrk-1234' }],
      });
    });
    expect(result['aws_secretsmanager_secret.secret']).toBe('compliant');
    expect(result['aws_kms_key.key']).toBe('not-applicable');
  });

  test('non-compliant: no key at all falls back to aws/secretsmanager', () => {
    const result = verdicts(secretCmk, (scope, provider) => {
      new SecretsmanagerSecret(scope, 'secret', { provider, name: 'acme/dev/db/password' });
    });
    expect(result['aws_secretsmanager_secret.secret']).toMatch(/no key is set.*aws\/secretsmanager/);
  });

  test('non-compliant: a replica without a key, even when the primary has one', () => {
    const result = verdicts(secretCmk, (scope, provider) => {
      new SecretsmanagerSecret(scope, 'secret', {
        provider,
        name: 'acme/dev/db/password',
        kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/mrk-1234',
        replica: [{ region: 'us-east-1' }],
      });
    });
    expect(result['aws_secretsmanager_secret.secret']).toMatch(/^replica in us-east-1: no key is set/);
  });

  test('non-compliant: the AWS managed alias, written or looked up', () => {
    const result = verdicts(secretCmk, (scope, provider) => {
      new SecretsmanagerSecret(scope, 'literal', { provider, name: 'a/b/c', kmsKeyId: 'alias/aws/secretsmanager' });
      const managed = new DataAwsKmsAlias(scope, 'managed', { provider, name: 'alias/aws/secretsmanager' });
      new SecretsmanagerSecret(scope, 'looked_up', { provider, name: 'a/b/d', kmsKeyId: managed.targetKeyArn });
    });
    expect(result['aws_secretsmanager_secret.literal']).toMatch(/`alias\/aws\/secretsmanager` is an AWS managed key/);
    expect(result['aws_secretsmanager_secret.looked_up']).toMatch(/data.aws_kms_alias.managed` looks up the AWS managed key/);
  });
});
