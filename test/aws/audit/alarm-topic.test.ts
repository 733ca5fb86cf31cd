import { ALARM_TOPIC_SIDS } from '../../../lib/aws/audit/alarm-topic';
import { auditSpec, auditStack, list, onlyOf, refOf, resourcesOf, statementsOf } from './audit-fixtures';

const stack = auditStack();
const topic = onlyOf(stack, 'aws_sns_topic');
const policy = statementsOf(onlyOf(stack, 'aws_sns_topic_policy').policy);
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111111111111:shop-audit-alarms';

describe('alarm topic', () => {
  it('is encrypted with the audit key', () => {
    expect(topic.name).toBe('shop-audit-alarms');
    expect(topic.kms_master_key_id).toBe(`${refOf(stack, 'aws_kms_key')}.arn}`);
  });

  it('lets only this account’s audit alarms publish', () => {
    const allows = policy.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: ALARM_TOPIC_SIDS.alarmsPublish,
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: TOPIC_ARN,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-audit-*' },
        },
      },
    ]);
  });

  it('denies publishing without TLS', () => {
    const deny = policy.find((s) => s.Sid === ALARM_TOPIC_SIDS.denyInsecureTransport)!;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: TOPIC_ARN });
    expect(deny.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('grants no subscribe, policy or delete rights to anyone', () => {
    const granted = policy.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
    expect(granted).toEqual(['sns:Publish']);
  });

  it('subscribes each email of the spec once, and nothing when there are none', () => {
    const subscriptions = resourcesOf(stack, 'aws_sns_topic_subscription');
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'ops@shop.example'],
      ['email', 'sec@shop.example'],
    ]);
    for (const s of subscriptions) expect(s.topic_arn).toBe(`${refOf(stack, 'aws_sns_topic')}.arn}`);
    const spec = auditSpec();
    spec.audit = {};
    expect(resourcesOf(auditStack('111111111111', spec), 'aws_sns_topic_subscription')).toEqual([]);
  });
});
