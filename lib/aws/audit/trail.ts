/**
 * The account's one trail: every region, global service events, read and write management
 * events (`GetSecretValue` is a read), log file validation, files encrypted with the audit key,
 * events copied to CloudWatch Logs for the alarms.
 */
import { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { cloudTrailArn } from '../arns';
import type { AuditKey } from './audit-key';
import type { TrailBucket } from './trail-bucket';
import type { TrailLogGroup } from './trail-log-group';
import { addresses, stableAddress } from '../addresses';

export interface AuditTrailProps {
  /** `{project}-audit-{account}` */
  readonly trailName: string;
  readonly account: string;
  /** The trail's home region; a multi-region trail is managed there. */
  readonly region: string;
  readonly provider: AwsProvider;
  readonly bucket: TrailBucket;
  readonly key: AuditKey;
  readonly logGroup: TrailLogGroup;
  /** Refuse `terraform destroy` of the trail. @default false */
  readonly protect?: boolean;
}

export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  /** Known before the trail exists, so the key and bucket policies can name it without a cycle. */
  readonly arn: string;

  /** The ARN a trail of this name will have; policies built before the trail use it. */
  static arnFor(region: string, account: string, trailName: string): string {
    return cloudTrailArn(region, account, trailName);
  }

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.arn = AuditTrail.arnFor(props.region, props.account, props.trailName);
    props.bucket.grantTrailDelivery(this.arn);
    props.key.grantTrailEncryption(this.arn);

    this.trail = stableAddress(new Cloudtrail(this, 'trail', {
      provider: props.provider,
      name: props.trailName,
      s3BucketName: props.bucket.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.key.arn,
      cloudWatchLogsGroupArn: props.logGroup.deliveryArn,
      cloudWatchLogsRoleArn: props.logGroup.role.arn,
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      // CloudTrail checks the bucket policy, the key policy and the role when the trail is created.
      dependsOn: [props.bucket.policy, props.key.key, props.logGroup.rolePolicy],
      lifecycle: { preventDestroy: props.protect ?? false },
    }), addresses.audit());
  }
}
