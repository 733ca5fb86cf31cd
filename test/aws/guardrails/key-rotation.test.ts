import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import { keyRotation } from '../../../lib/aws/guardrails/key-rotation';
import { verdicts } from '../../guardrails/support';

describe('KIT-KEY-ROTATION', () => {
  test('compliant: a symmetric key with rotation on; replicas and asymmetric keys are not judged', () => {
    const result = verdicts(keyRotation, (scope, provider) => {
      const key = new KmsKey(scope, 'key', { provider, multiRegion: true, enableKeyRotation: true });
      new KmsReplicaKey(scope, 'replica', { provider, primaryKeyArn: key.arn });
      new KmsKey(scope, 'signing', { provider, customerMasterKeySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' });
    });
    expect(result).toMatchObject({
      'aws_kms_key.key': 'compliant',
      'aws_kms_replica_key.replica': 'not-applicable',
      'aws_kms_key.signing': 'not-applicable',
    });
  });

  test('non-compliant: rotation left at its default (off) or turned off', () => {
    const result = verdicts(keyRotation, (scope, provider) => {
      new KmsKey(scope, 'default', { provider });
      new KmsKey(scope, 'off', { provider, enableKeyRotation: false, customerMasterKeySpec: 'SYMMETRIC_DEFAULT' });
    });
    expect(result['aws_kms_key.default']).toMatch(/enable_key_rotation/);
    expect(result['aws_kms_key.off']).toMatch(/enable_key_rotation/);
  });
});
