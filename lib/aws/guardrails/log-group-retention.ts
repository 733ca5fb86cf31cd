import { numberOf } from '../../guardrails/config';
import { Rule, nonCompliant } from '../../guardrails/rule';

/** Audit evidence is commonly required for a year; CloudTrail's own log group must keep it that long. */
export const MIN_RETENTION_DAYS = 365;

export const logGroupRetention: Rule = {
  id: 'KIT-LOG-GROUP-RETENTION',
  description: `Every CloudWatch log group sets a retention, of at least ${MIN_RETENTION_DAYS} days.`,
  why:
    'Without a retention, logs are kept (and paid for) forever; with a short one, the evidence of who read a ' +
    'secret is gone before most incidents are even noticed.',
  fix: `Set \`retention_in_days\` on the \`aws_cloudwatch_log_group\` to ${MIN_RETENTION_DAYS} or more (\`audit.logRetentionDays\` in the spec for the trail).`,
  checkov: ['CKV_AWS_66', 'CKV_AWS_338'],
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_cloudwatch_log_group') return 'not-applicable';
    const raw = resource.config.retention_in_days;
    const days = numberOf(raw);
    if (raw === undefined || days === 0) return nonCompliant('`retention_in_days` is not set, so logs never expire');
    if (days === undefined) return 'compliant';
    return days >= MIN_RETENTION_DAYS ? 'compliant' : nonCompliant(`\`retention_in_days\` is ${days}, below ${MIN_RETENTION_DAYS}`);
  },
};
