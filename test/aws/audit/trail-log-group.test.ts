import { TRAIL_ARN_111, auditSpec, auditStack, list, onlyOf, refOf, statementsOf } from './audit-fixtures';

const stack = auditStack();
const group = onlyOf(stack, 'aws_cloudwatch_log_group');
const role = onlyOf(stack, 'aws_iam_role');
const rolePolicy = onlyOf(stack, 'aws_iam_role_policy');

describe('trail log group', () => {
  it('is encrypted with the audit key', () => {
    expect(group.name).toBe('/shop/audit/trail');
    expect(group.kms_key_id).toBe(`${refOf(stack, 'aws_kms_key')}.arn}`);
  });

  it('keeps events for the spec retention (default a year)', () => {
    expect(group.retention_in_days).toBe(365);
    const spec = auditSpec();
    spec.audit = { logRetentionDays: 731 };
    expect(onlyOf(auditStack('111111111111', spec), 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
  });
});

describe('delivery role', () => {
  it('may be assumed only by CloudTrail on behalf of this trail in this account', () => {
    expect(role.name).toBe('shop-audit-trail-delivery');
    expect(statementsOf(role.assume_role_policy)).toEqual([
      {
        Sid: 'ThisTrailAssumesRole',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN_111, 'aws:SourceAccount': '111111111111' } },
      },
    ]);
  });

  it('may only open CloudTrail streams and put events in that one group', () => {
    expect(rolePolicy.role).toBe(`${refOf(stack, 'aws_iam_role')}.id}`);
    const statements = statementsOf(rolePolicy.policy);
    expect(statements).toHaveLength(1);
    expect(list(statements[0].Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(list(statements[0].Resource)).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:/shop/audit/trail:log-stream:111111111111_CloudTrail_eu-west-1*',
    ]);
    expect(role.managed_policy_arns).toBeUndefined();
  });
});
