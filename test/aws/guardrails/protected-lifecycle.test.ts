import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { protectedLifecycle } from '../../../lib/aws/guardrails/protected-lifecycle';
import { platformOf, verdicts } from '../../guardrails/support';

describe('KIT-PROTECTED-LIFECYCLE', () => {
  const platform = platformOf();

  test('compliant: prevent_destroy and 30-day windows (written or left at the default) in prod', () => {
    const result = verdicts(
      protectedLifecycle,
      (scope, provider) => {
        const key = new KmsKey(scope, 'key', { provider, deletionWindowInDays: 30, lifecycle: { preventDestroy: true } });
        new KmsReplicaKey(scope, 'replica', { provider, primaryKeyArn: key.arn, lifecycle: { preventDestroy: true } });
        new SecretsmanagerSecret(scope, 'secret', { provider, name: 'acme/prod/x', recoveryWindowInDays: 30, lifecycle: { preventDestroy: true } });
        new SsmParameter(scope, 'secure', { provider, name: '/acme/prod/y', type: 'SecureString', lifecycle: { preventDestroy: true } });
        new SsmParameter(scope, 'plain', { provider, name: '/acme/prod/z', type: 'String', value: 'info' });
      },
      { platform, stackName: 'acme-prod' },
    );
    expect(result).toEqual({
      'aws_kms_key.key': 'compliant',
      'aws_kms_replica_key.replica': 'compliant',
      'aws_secretsmanager_secret.secret': 'compliant',
      'aws_ssm_parameter.secure': 'compliant',
      'aws_ssm_parameter.plain': 'not-applicable',
    });
  });

  test('not applicable outside protected environments', () => {
    const result = verdicts(
      protectedLifecycle,
      (scope, provider) => {
        new KmsKey(scope, 'key', { provider, deletionWindowInDays: 7 });
      },
      { platform, stackName: 'acme-dev' },
    );
    expect(result['aws_kms_key.key']).toBe('not-applicable');
  });

  test('non-compliant: a prod key without prevent_destroy and a prod secret with a short window', () => {
    const result = verdicts(
      protectedLifecycle,
      (scope, provider) => {
        new KmsKey(scope, 'key', { provider });
        new SecretsmanagerSecret(scope, 'secret', { provider, name: 'acme/prod/x', recoveryWindowInDays: 7, lifecycle: { preventDestroy: true } });
        new SsmParameter(scope, 'secure', { provider, name: '/acme/prod/y', type: 'SecureString' });
      },
      { platform, stackName: 'acme-prod' },
    );
    expect(result['aws_kms_key.key']).toBe('`lifecycle.prevent_destroy` is not true');
    expect(result['aws_ssm_parameter.secure']).toBe('`lifecycle.prevent_destroy` is not true');
    expect(result['aws_secretsmanager_secret.secret']).toBe('`recovery_window_in_days` is 7, not 30');
  });
});
