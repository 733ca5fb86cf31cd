import fc from 'fast-check';
import { TRAIL_BUCKET_SIDS } from '../../../lib/aws/audit/trail-bucket';
import { auditBucketName } from '../../../lib/aws/names';
import { PROJECT_PATTERN } from '../../../lib/core/schema';
import { TRAIL_ARN_111, auditSpec, auditStack, list, onlyOf, refOf, statementsOf } from './audit-fixtures';

const stack = auditStack();
const bucketRef = `${refOf(stack, 'aws_s3_bucket')}.id}`;
const policy = statementsOf(onlyOf(stack, 'aws_s3_bucket_policy').policy);
const bySid = (sid: string) => policy.find((s) => s.Sid === sid)!;
const BUCKET_ARN = 'arn:aws:s3:::shop-audit-111111111111-logs';

describe('trail bucket', () => {
  it('is named for the project and account (bucket names are global)', () => {
    expect(onlyOf(stack, 'aws_s3_bucket').bucket).toBe('shop-audit-111111111111-logs');
    expect(onlyOf(stack, 'aws_s3_bucket').force_destroy).toBe(false);
  });

  it('every valid project name gives a valid bucket name (3-63 lowercase letters, digits, `-`)', () => {
    fc.assert(
      fc.property(fc.stringMatching(PROJECT_PATTERN), fc.stringMatching(/^\d{12}$/), (project, account) => {
        const name = auditBucketName(project, account);
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
      }),
    );
  });

  it('blocks all four kinds of public access', () => {
    expect(onlyOf(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('disables ACLs: the bucket owner owns every object', () => {
    expect(onlyOf(stack, 'aws_s3_bucket_ownership_controls')).toMatchObject({ bucket: bucketRef, rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  it('keeps every version of every file', () => {
    expect(onlyOf(stack, 'aws_s3_bucket_versioning')).toMatchObject({ bucket: bucketRef, versioning_configuration: { status: 'Enabled' } });
  });

  it('encrypts by default with the audit key and an S3 Bucket Key', () => {
    expect(onlyOf(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `${refOf(stack, 'aws_kms_key')}.arn}` },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('denies every request without TLS, to the bucket and its objects', () => {
    expect(bySid(TRAIL_BUCKET_SIDS.denyInsecureTransport)).toEqual({
      Sid: TRAIL_BUCKET_SIDS.denyInsecureTransport,
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('lets CloudTrail write only for this trail (aws:SourceArn), only under AWSLogs/{account}/, owner-controlled', () => {
    const write = bySid(TRAIL_BUCKET_SIDS.trailWrites);
    expect(write.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
    expect(list(write.Action)).toEqual(['s3:PutObject']);
    expect(list(write.Resource)).toEqual([`${BUCKET_ARN}/AWSLogs/111111111111/*`]);
    expect(write.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL_ARN_111 } });
    const acl = bySid(TRAIL_BUCKET_SIDS.trailChecksAcl);
    expect(list(acl.Action)).toEqual(['s3:GetBucketAcl']);
    expect(acl.Condition).toEqual({ StringEquals: { 'aws:SourceArn': TRAIL_ARN_111 } });
  });

  it('allows nothing to anyone else: every Allow names the CloudTrail service and this trail', () => {
    for (const s of policy.filter((x) => x.Effect === 'Allow')) {
      expect(s.Principal).toEqual({ Service: 'cloudtrail.amazonaws.com' });
      expect(s.Condition?.StringEquals?.['aws:SourceArn']).toBe(TRAIL_ARN_111);
    }
  });

  it('expires files and old versions after the default retention, which keeps them at least a year', () => {
    const [rule] = onlyOf(stack, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule.status).toBe('Enabled');
    expect(rule.expiration[0].days).toBe(400);
    expect(rule.expiration[0].days).toBeGreaterThanOrEqual(365);
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(400);
    expect(rule.abort_incomplete_multipart_upload[0].days_after_initiation).toBe(7);
  });

  it('takes its retention from the spec', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3650 }), (days) => {
        const spec = auditSpec();
        spec.audit = { bucketRetentionDays: days };
        const [rule] = onlyOf(auditStack('222222222222', spec), 'aws_s3_bucket_lifecycle_configuration').rule;
        expect(rule.expiration[0].days).toBe(days);
        expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(days);
      }),
      { numRuns: 10 },
    );
  });
});
