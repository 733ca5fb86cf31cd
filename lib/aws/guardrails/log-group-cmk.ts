import { isSet } from '../../guardrails/config';
import { Rule, nonCompliant } from '../../guardrails/rule';

export const logGroupCmk: Rule = {
  id: 'KIT-LOG-GROUP-CMK',
  description: 'Every CloudWatch log group is encrypted with a customer managed KMS key.',
  why:
    'Audit events and function logs name secrets, roles and callers; under a customer key, reading them takes ' +
    'an explicit grant on the key, and every decryption is itself recorded.',
  fix: 'Set `kms_key_id` on the `aws_cloudwatch_log_group` to a key whose policy lets the CloudWatch Logs service of that region use it.',
  checkov: ['CKV_AWS_158'],
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_cloudwatch_log_group') return 'not-applicable';
    return isSet(resource.config.kms_key_id) ? 'compliant' : nonCompliant('`kms_key_id` is not set');
  },
};
