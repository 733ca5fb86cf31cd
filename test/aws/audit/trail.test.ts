import { Testing } from 'cdktf';
import { buildStacks } from '../../../lib/app';
import { AuditTrail } from '../../../lib/aws/audit/trail';
import { TRAIL_ARN_111, auditSpec, auditStack, modelOf, onlyOf, refOf, synthAudit } from './audit-fixtures';

describe('one trail per account', () => {
  it('environments that share an account share one audit stack and one trail', () => {
    const stacks = synthAudit();
    expect([...stacks.keys()]).toEqual(['111111111111', '222222222222']);
    for (const stack of stacks.values()) expect(Object.keys(stack.resource.aws_cloudtrail)).toHaveLength(1);
  });

  it('the app builds one audit stack per account, none when audit is off', () => {
    const on = buildStacks(Testing.app(), modelOf(auditSpec()));
    expect(on.accounts.map((s) => s.node.id)).toEqual(['shop-audit-111111111111', 'shop-audit-222222222222']);
    const spec = auditSpec();
    spec.audit = { enabled: false };
    expect(buildStacks(Testing.app(), modelOf(spec)).accounts).toEqual([]);
  });

  it('lives in the platform primary region, named after the account', () => {
    const stack = auditStack();
    const trail = onlyOf(stack, 'aws_cloudtrail');
    expect(trail.name).toBe('shop-audit-111111111111');
    expect(trail.provider).toBe('aws.eu-west-1');
    expect(AuditTrail.arnFor('eu-west-1', '111111111111', trail.name)).toBe(TRAIL_ARN_111);
  });
});

describe('trail hardening', () => {
  const stack = auditStack();
  const trail = onlyOf(stack, 'aws_cloudtrail');

  it('records every region and global service events (IAM, STS)', () => {
    expect(trail.is_multi_region_trail).toBe(true);
    expect(trail.include_global_service_events).toBe(true);
  });

  it('validates log files with signed digests', () => {
    expect(trail.enable_log_file_validation).toBe(true);
  });

  it('records read and write management events, so GetSecretValue (a read) is in the trail', () => {
    expect(trail.event_selector).toEqual([{ include_management_events: true, read_write_type: 'All' }]);
    expect(trail.advanced_event_selector).toBeUndefined();
  });

  it('is logging from the start', () => {
    expect(trail.enable_logging).toBe(true);
  });

  it('encrypts log files with the audit key (not the AWS-managed default)', () => {
    expect(trail.kms_key_id).toBe(`${refOf(stack, 'aws_kms_key')}.arn}`);
  });

  it('delivers to the audit log group (ARN with `:*`) through the delivery role', () => {
    expect(trail.cloud_watch_logs_group_arn).toBe(`${refOf(stack, 'aws_cloudwatch_log_group')}.arn}:*`);
    expect(trail.cloud_watch_logs_role_arn).toBe(`${refOf(stack, 'aws_iam_role')}.arn}`);
  });

  it('writes to the trail bucket, created after the bucket policy, key and role policy it needs', () => {
    expect(trail.s3_bucket_name).toBe(`${refOf(stack, 'aws_s3_bucket')}.id}`);
    expect(trail.depends_on).toEqual(
      expect.arrayContaining([
        refOf(stack, 'aws_s3_bucket_policy').slice(2),
        refOf(stack, 'aws_kms_key').slice(2),
        refOf(stack, 'aws_iam_role_policy').slice(2),
      ]),
    );
  });

  it('is protected from destroy in an account holding a protected environment', () => {
    expect(trail.lifecycle.prevent_destroy).toBe(false);
    const spec = auditSpec();
    spec.environments.staging.protect = true;
    expect(onlyOf(auditStack('111111111111', spec), 'aws_cloudtrail').lifecycle.prevent_destroy).toBe(true);
  });
});
