/**
 * The S3 bucket that keeps an account's trail files: private (all four public-access blocks,
 * ACLs disabled), versioned, encrypted with the audit key and an S3 Bucket Key, reachable only
 * over TLS, written only by the one trail, and expired after the spec's retention.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { s3BucketArn } from '../arns';
import { PolicyDocument, PolicyStatement } from '../policy';
import type { AuditKey } from './audit-key';
import { addresses, stableAddress } from '../addresses';

/** Statement ids of the bucket policy, for tests and reviewers. */
export const TRAIL_BUCKET_SIDS = {
  denyInsecureTransport: 'DenyRequestsWithoutTls',
  trailChecksAcl: 'ThisTrailChecksBucketAcl',
  trailWrites: 'ThisTrailWritesLogFiles',
} as const;

/** Days before an unfinished multipart upload is removed. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

export interface TrailBucketProps {
  /** `{project}-audit-{account}-logs` */
  readonly bucketName: string;
  readonly account: string;
  readonly provider: AwsProvider;
  readonly key: AuditKey;
  /** Days a log file (and any overwritten or deleted version of it) is kept. */
  readonly retentionDays: number;
  /** Refuse `terraform destroy` of the bucket. @default false */
  readonly protect?: boolean;
}

export class TrailBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly policy: S3BucketPolicy;
  readonly name: string;
  readonly arn: string;
  private readonly account: string;
  private readonly document: PolicyDocument;

  constructor(scope: Construct, id: string, props: TrailBucketProps) {
    super(scope, id);
    const { provider } = props;
    this.name = props.bucketName;
    this.arn = s3BucketArn(props.bucketName);
    this.account = props.account;
    this.document = new PolicyDocument([denyInsecureTransport(this.arn)]);

    this.bucket = stableAddress(new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? false },
    }), addresses.auditBucket());
    const bucket = this.bucket.id;
    stableAddress(new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }), addresses.auditBucket());
    stableAddress(new S3BucketOwnershipControls(this, 'ownership', { provider, bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } }), addresses.auditBucket());
    stableAddress(new S3BucketVersioningA(this, 'versioning', { provider, bucket, versioningConfiguration: { status: 'Enabled' } }), addresses.auditBucket());
    stableAddress(new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.key.arn }, bucketKeyEnabled: true }],
    }), addresses.auditBucket());
    stableAddress(new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'expire-trail-files',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
        },
      ],
    }), addresses.auditBucket());
    this.policy = stableAddress(new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: Lazy.stringValue({ produce: () => this.document.toJson() }),
    }), addresses.auditBucket());
  }

  /** The statements of the bucket policy, in the order they render. */
  get statements(): readonly PolicyStatement[] {
    return this.document.all;
  }

  /**
   * Lets the trail `trailArn`, and no other, check the bucket's ACL and write log files under
   * `AWSLogs/{account}/` (CloudTrail sends `aws:SourceArn`, the trail's ARN, with both calls).
   */
  grantTrailDelivery(trailArn: string): PolicyStatement[] {
    const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
    const statements: PolicyStatement[] = [
      {
        sid: TRAIL_BUCKET_SIDS.trailChecksAcl,
        principals: cloudtrail,
        actions: ['s3:GetBucketAcl'],
        resources: [this.arn],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        sid: TRAIL_BUCKET_SIDS.trailWrites,
        principals: cloudtrail,
        actions: ['s3:PutObject'],
        resources: [`${this.arn}/AWSLogs/${this.account}/*`],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ];
    this.document.add(...statements);
    return statements;
  }
}

/** Every request to the bucket or its objects without TLS is denied, whoever makes it. */
function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    sid: TRAIL_BUCKET_SIDS.denyInsecureTransport,
    effect: 'Deny',
    principals: { AWS: '*' },
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
