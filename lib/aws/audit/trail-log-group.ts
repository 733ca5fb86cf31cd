/**
 * Where the trail's events arrive for metric filters: a CloudWatch Logs group encrypted with the
 * audit key, kept for the spec's retention, and the role CloudTrail assumes to write into it,
 * which may create streams and put events in that one group and nothing else.
 */
import { Construct } from 'constructs';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { logGroupArn } from '../arns';
import { PolicyDocument, PolicyStatement } from '../policy';
import type { AuditKey } from './audit-key';
import { addresses, stableAddress } from '../addresses';

/** What CloudTrail does in the group: open its streams and write events. */
export const TRAIL_DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

export interface TrailLogGroupProps {
  /** `/{project}/audit/trail` */
  readonly logGroupName: string;
  /** `{project}-audit-trail-delivery` */
  readonly roleName: string;
  readonly account: string;
  readonly region: string;
  readonly provider: AwsProvider;
  readonly key: AuditKey;
  /** The only trail that may assume the delivery role. */
  readonly trailArn: string;
  /** Days CloudWatch Logs keeps events (one of the values CloudWatch accepts). */
  readonly retentionDays: number;
}

export class TrailLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  /** The group's ARN as the trail's `cloud_watch_logs_group_arn` wants it (with `:*`). */
  readonly deliveryArn: string;
  readonly trustStatements: readonly PolicyStatement[];
  readonly deliveryStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: TrailLogGroupProps) {
    super(scope, id);
    const { provider, account, region } = props;
    const arn = logGroupArn(region, account, props.logGroupName);
    props.key.grantLogGroupEncryption(arn);

    this.logGroup = stableAddress(new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.key.arn,
    }), addresses.auditLogGroup());
    this.deliveryArn = `${this.logGroup.arn}:*`;

    this.trustStatements = [
      {
        sid: 'ThisTrailAssumesRole',
        principals: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['sts:AssumeRole'],
        conditions: { StringEquals: { 'aws:SourceArn': props.trailArn, 'aws:SourceAccount': account } },
      },
    ];
    // CloudTrail names its streams `{account}_CloudTrail_{home region}`, with suffixes when it opens more.
    this.deliveryStatements = [
      {
        sid: 'WriteTrailEventsToThisGroup',
        actions: [...TRAIL_DELIVERY_ACTIONS],
        resources: [`${arn}:log-stream:${account}_CloudTrail_${region}*`],
      },
    ];
    this.role = stableAddress(new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      description: `CloudTrail writes the events of ${props.trailArn} into ${props.logGroupName}`,
      assumeRolePolicy: new PolicyDocument(this.trustStatements).toJson(),
    }), addresses.auditDeliveryRole());
    this.rolePolicy = stableAddress(new IamRolePolicy(this, 'role-policy', {
      provider,
      name: 'write-trail-events',
      role: this.role.id,
      policy: new PolicyDocument(this.deliveryStatements).toJson(),
    }), addresses.auditDeliveryRole());
  }
}
