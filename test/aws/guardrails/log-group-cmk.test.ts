import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { logGroupCmk } from '../../../lib/aws/guardrails/log-group-cmk';
import { verdicts } from '../../guardrails/support';

describe('KIT-LOG-GROUP-CMK', () => {
  test('compliant: the log group names a key', () => {
    const result = verdicts(logGroupCmk, (scope, provider) => {
      new CloudwatchLogGroup(scope, 'logs', { provider, name: '/aws/lambda/x', kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/1', retentionInDays: 365 });
    });
    expect(result['aws_cloudwatch_log_group.logs']).toBe('compliant');
  });

  test('non-compliant: no key', () => {
    const result = verdicts(logGroupCmk, (scope, provider) => {
      new CloudwatchLogGroup(scope, 'logs', { provider, name: '/aws/lambda/x', retentionInDays: 365 });
    });
    expect(result['aws_cloudwatch_log_group.logs']).toBe('`kms_key_id` is not set');
  });
});
