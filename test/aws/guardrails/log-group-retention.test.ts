import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { logGroupRetention } from '../../../lib/aws/guardrails/log-group-retention';
import { verdicts } from '../../guardrails/support';

describe('KIT-LOG-GROUP-RETENTION', () => {
  test('compliant: a year or more', () => {
    const result = verdicts(logGroupRetention, (scope, provider) => {
      new CloudwatchLogGroup(scope, 'year', { provider, name: 'a', retentionInDays: 365 });
      new CloudwatchLogGroup(scope, 'longer', { provider, name: 'b', retentionInDays: 3653 });
    });
    expect(result).toEqual({ 'aws_cloudwatch_log_group.year': 'compliant', 'aws_cloudwatch_log_group.longer': 'compliant' });
  });

  test('non-compliant: no retention (never expires), 0, or less than a year', () => {
    const result = verdicts(logGroupRetention, (scope, provider) => {
      new CloudwatchLogGroup(scope, 'unset', { provider, name: 'a' });
      new CloudwatchLogGroup(scope, 'zero', { provider, name: 'b', retentionInDays: 0 });
      new CloudwatchLogGroup(scope, 'short', { provider, name: 'c', retentionInDays: 30 });
    });
    expect(result['aws_cloudwatch_log_group.unset']).toMatch(/not set, so logs never expire/);
    expect(result['aws_cloudwatch_log_group.zero']).toMatch(/not set, so logs never expire/);
    expect(result['aws_cloudwatch_log_group.short']).toBe('`retention_in_days` is 30, below 365');
  });
});
