import { AUDIT_KEY_SIDS } from '../../../lib/aws/audit/audit-key';
import { TRAIL_ARN_111, auditSpec, auditStack, list, onlyOf, statementsOf } from './audit-fixtures';

const stack = auditStack();
const key = onlyOf(stack, 'aws_kms_key');
const statements = statementsOf(key.policy);
const bySid = (sid: string) => {
  const s = statements.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid}; have ${statements.map((x) => x.Sid).join(', ')}`);
  return s;
};

describe('audit key', () => {
  it('rotates yearly and has its own alias, and is single-region', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.multi_region).toBeUndefined();
    expect(onlyOf(stack, 'aws_kms_alias').name).toBe('alias/shop-audit');
  });

  it('waits the longest deletion window of the account environments; protected accounts keep the key', () => {
    expect(key.deletion_window_in_days).toBe(7);
    expect(key.lifecycle.prevent_destroy).toBe(false);
    const spec = auditSpec();
    spec.environments.dev.protect = true;
    const protectedKey = onlyOf(auditStack('111111111111', spec), 'aws_kms_key');
    expect(protectedKey.deletion_window_in_days).toBe(30);
    expect(protectedKey.lifecycle.prevent_destroy).toBe(true);
  });

  it('lets CloudTrail encrypt only for this trail: aws:SourceArn and the encryption context both name it', () => {
    const s = bySid(AUDIT_KEY_SIDS.trailEncrypts);
    expect(s.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(list(s.Action)).toEqual(['kms:GenerateDataKey*']);
    expect(s.Condition).toEqual({
      StringEquals: { 'aws:SourceArn': TRAIL_ARN_111, 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN_111 },
    });
    expect(bySid(AUDIT_KEY_SIDS.trailDescribes).Condition).toEqual({ StringEquals: { 'aws:SourceArn': TRAIL_ARN_111 } });
  });

  it('lets principals of the account decrypt only files encrypted for this trail', () => {
    const s = bySid(AUDIT_KEY_SIDS.accountReadsLogFiles);
    expect(s.Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
    expect(list(s.Action)).toEqual(['kms:Decrypt']);
    expect(s.Condition).toEqual({
      StringEquals: { 'kms:CallerAccount': '111111111111', 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL_ARN_111 },
    });
  });

  it('lets CloudWatch Logs of the home region use it only for the trail log group', () => {
    const s = bySid(AUDIT_KEY_SIDS.logsEncrypt);
    expect(s.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(s.Condition).toEqual({
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111111111111:log-group:/shop/audit/trail' },
    });
  });

  it('lets CloudWatch alarms publish to the encrypted topic, only alarms of this account named for the audit', () => {
    const s = bySid(AUDIT_KEY_SIDS.alarmsPublish);
    expect(s.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(list(s.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(s.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111111111111' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-audit-*' },
    });
  });

  it('admits no wildcard principal, no service without conditions, and no kms:*', () => {
    for (const s of statements) {
      expect(JSON.stringify(s.Principal)).not.toContain('"*"');
      if (typeof s.Principal === 'object' && 'Service' in s.Principal) expect(s.Condition).toBeDefined();
      expect(list(s.Action)).not.toContain('kms:*');
    }
  });

  it('gives the account root administration, never unconditioned use of the key', () => {
    const root = statements.filter((s) => JSON.stringify(s.Principal).includes(':root'));
    const unconditioned = root.filter((s) => !s.Condition).flatMap((s) => list(s.Action));
    for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom']) expect(unconditioned).not.toContain(use);
    expect(unconditioned).toContain('kms:PutKeyPolicy');
  });
});
