import { isFalse, isTrue } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

export const trailMultiRegion: Rule = {
  id: 'KIT-TRAIL-MULTI-REGION',
  description:
    'Every CloudTrail trail is multi-region, records global service events, is logging, and validates its log files.',
  why:
    'Secrets are replicated to other regions and IAM is global: a single-region trail misses reads of replicas and ' +
    'changes to roles, and without digest validation nobody can prove the log was not edited after the fact.',
  fix:
    'Set `is_multi_region_trail = true` and `enable_log_file_validation = true` on the `aws_cloudtrail`, and leave ' +
    '`include_global_service_events` and `enable_logging` at their default (true).',
  checkov: ['CKV_AWS_67', 'CKV_AWS_36', 'CKV_AWS_251'],
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_cloudtrail') return 'not-applicable';
    const c = resource.config;
    const problems: string[] = [];
    if (!isTrue(c.is_multi_region_trail)) problems.push('`is_multi_region_trail` is not true');
    if (!isTrue(c.enable_log_file_validation)) problems.push('`enable_log_file_validation` is not true');
    if (isFalse(c.include_global_service_events)) problems.push('`include_global_service_events` is false');
    if (isFalse(c.enable_logging)) problems.push('`enable_logging` is false');
    return verdict(problems);
  },
};
