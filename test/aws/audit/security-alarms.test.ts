import { FIXED_CHECKS, readerFilter } from '../../../lib/aws/audit/patterns';
import { auditSpec, auditStack, modelOf, refOf, resourcesOf } from './audit-fixtures';

const stack = auditStack();
const filters = resourcesOf(stack, 'aws_cloudwatch_log_metric_filter');
const alarms = resourcesOf(stack, 'aws_cloudwatch_metric_alarm');
const topicArn = `${refOf(stack, 'aws_sns_topic')}.arn}`;

describe('security alarms', () => {
  it('one alarm per check, plus one per environment of the account with secrets', () => {
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual([
      'shop-audit-denied-access',
      'shop-audit-key-changes',
      'shop-audit-parameter-default-key',
      'shop-audit-secret-changes',
      'shop-audit-trail-changes',
      'shop-audit-unexpected-reader-dev',
      'shop-audit-unexpected-reader-staging',
    ]);
  });

  it('every alarm fires on a single event in five minutes, notifies the topic, and is quiet without data', () => {
    for (const a of alarms) {
      expect(a).toMatchObject({
        namespace: 'shop/Audit',
        metric_name: a.alarm_name,
        statistic: 'Sum',
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        actions_enabled: true,
        alarm_actions: [topicArn],
      });
    }
  });

  it('every filter reads the trail log group and feeds exactly one alarm metric', () => {
    const metrics = new Set(alarms.map((a) => a.alarm_name));
    for (const f of filters) {
      expect(f.log_group_name).toBe(`${refOf(stack, 'aws_cloudwatch_log_group')}.name}`);
      expect(f.metric_transformation).toEqual({ name: expect.any(String), namespace: 'shop/Audit', value: '1' });
      expect(metrics.has(f.metric_transformation.name)).toBe(true);
    }
  });

  it('the fixed checks use the fixed patterns', () => {
    for (const c of FIXED_CHECKS) {
      expect(filters.find((f) => f.name === `shop-audit-${c.check}`)?.pattern).toBe(c.pattern);
    }
  });

  it('each secret of each environment of the account has its own filter, named for it', () => {
    const model = modelOf(auditSpec());
    for (const env of model.environments.filter((e) => e.account === '111111111111')) {
      for (const secret of env.secrets) {
        const f = filters.find((x) => x.name === `shop-audit-unexpected-reader-${env.name}-${secret.path}`);
        expect(f?.pattern).toBe(readerFilter(model.project, env, secret).pattern);
        expect(f?.metric_transformation.name).toBe(`shop-audit-unexpected-reader-${env.name}`);
      }
    }
    expect(filters.filter((f) => f.name.includes('unexpected-reader-prod'))).toEqual([]);
  });
});
