import { Rule } from '../../guardrails/rule';
import { notCustomerKey } from './secret-cmk';

export const parameterCmk: Rule = {
  id: 'KIT-PARAMETER-CMK',
  description: 'Every SecureString parameter is encrypted with a customer managed KMS key.',
  why:
    'A SecureString under `alias/aws/ssm` can be decrypted by any principal of the account allowed to read it; ' +
    'the environment key limits decryption to the roles the platform grants.',
  fix: 'Set `key_id` of the `aws_ssm_parameter` to the environment key of its region.',
  checkov: ['CKV_AWS_337'],
  check(resource, context) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_ssm_parameter') return 'not-applicable';
    if (resource.config.type !== 'SecureString') return 'not-applicable';
    const why = notCustomerKey(resource.config.key_id, context, 'aws/ssm');
    return why ? { status: 'non-compliant', detail: why } : 'compliant';
  },
};
