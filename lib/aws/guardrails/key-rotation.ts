import { isLiteralString, isSet, isTrue } from '../../guardrails/config';
import { Rule, nonCompliant } from '../../guardrails/rule';

export const keyRotation: Rule = {
  id: 'KIT-KEY-ROTATION',
  description: 'Automatic rotation is on for every symmetric customer managed KMS key.',
  why:
    'Rotation limits how much data one key version protects and is required by most audit frameworks; ' +
    'replica keys follow their primary, so turning it on at the primary covers every region.',
  fix: 'Set `enable_key_rotation = true` on the `aws_kms_key`.',
  checkov: ['CKV_AWS_7'],
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_kms_key') return 'not-applicable';
    const spec = resource.config.customer_master_key_spec;
    // AWS rotates only symmetric encryption keys in AWS KMS key stores.
    if (isLiteralString(spec) && spec !== 'SYMMETRIC_DEFAULT') return 'not-applicable';
    if (isSet(resource.config.custom_key_store_id)) return 'not-applicable';
    return isTrue(resource.config.enable_key_rotation) ? 'compliant' : nonCompliant('`enable_key_rotation` is not true');
  },
};
