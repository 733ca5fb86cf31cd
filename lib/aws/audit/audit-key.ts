/**
 * The account's audit key: encrypts the trail's log files, its CloudWatch Logs group and the
 * alarm topic. Its policy keeps administration with the account root and admits each AWS service
 * (and the account's readers of log files) only for the one resource it serves.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KMS_ADMIN_ACTIONS } from '../actions';
import { accountRootArn } from '../arns';
import { PolicyDocument, PolicyStatement } from '../policy';
import { addresses, stableAddress } from '../addresses';

/** Statement ids of the audit key policy, for tests and reviewers. */
export const AUDIT_KEY_SIDS = {
  rootAdministers: 'AccountRootAdministersKey',
  accountReadsLogFiles: 'AccountDecryptsThisTrailsLogFiles',
  trailEncrypts: 'CloudTrailEncryptsThisTrailOnly',
  trailDescribes: 'CloudTrailDescribesKeyForThisTrail',
  logsEncrypt: 'CloudWatchLogsEncryptsTheTrailLogGroup',
  alarmsPublish: 'CloudWatchAlarmsPublishToTheAlarmTopic',
} as const;

/** What CloudWatch Logs needs on a key that encrypts a log group (its documented key policy). */
const LOGS_KEY_ACTIONS = ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'];

/** What a publisher needs on the key of an encrypted SNS topic. */
const TOPIC_PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

export interface AuditKeyProps {
  readonly account: string;
  /** Where the key lives: the account's home region. */
  readonly region: string;
  readonly provider: AwsProvider;
  /** `alias/{project}-audit` */
  readonly alias: string;
  /** Waiting period before deletion, 7 to 30 days. */
  readonly deletionWindowDays: number;
  /** Refuse `terraform destroy` of the key. @default false */
  readonly protect?: boolean;
}

export class AuditKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  private readonly props: AuditKeyProps;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: AuditKeyProps) {
    super(scope, id);
    this.props = props;
    this.policy = new PolicyDocument(baseAuditKeyPolicy(props.account));
    this.key = stableAddress(new KmsKey(this, 'key', {
      provider: props.provider,
      description: `Audit trail, its log group and alarm topic of account ${props.account}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: Lazy.stringValue({ produce: () => this.policy.toJson() }),
      lifecycle: { preventDestroy: props.protect ?? false },
    }), addresses.audit());
    this.alias = stableAddress(new KmsAlias(this, 'alias', { provider: props.provider, name: props.alias, targetKeyId: this.key.keyId }), addresses.audit());
  }

  get arn(): string {
    return this.key.arn;
  }

  /** The statements of the key policy, in the order they render. */
  get statements(): readonly PolicyStatement[] {
    return this.policy.all;
  }

  /**
   * Lets CloudTrail encrypt log files for `trailArn` and nothing else: the request must come
   * from that trail (`aws:SourceArn`) and bind the ciphertext to it (encryption context).
   * Principals of the account may decrypt what was encrypted for that trail; which of them may
   * is decided by their IAM policies. CloudTrail's documentation asks for this decrypt
   * permission when the bucket uses an S3 Bucket Key, as the trail bucket does.
   */
  grantTrailEncryption(trailArn: string): PolicyStatement[] {
    const statements: PolicyStatement[] = [
      {
        sid: AUDIT_KEY_SIDS.trailEncrypts,
        principals: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn },
        },
      },
      {
        sid: AUDIT_KEY_SIDS.trailDescribes,
        principals: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        sid: AUDIT_KEY_SIDS.accountReadsLogFiles,
        principals: { AWS: accountRootArn(this.props.account) },
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': this.props.account, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn },
        },
      },
    ];
    this.policy.add(...statements);
    return statements;
  }

  /** Lets CloudWatch Logs in the key's region use the key for the one log group `logGroupArn`. */
  grantLogGroupEncryption(logGroupArn: string): PolicyStatement[] {
    const statement: PolicyStatement = {
      sid: AUDIT_KEY_SIDS.logsEncrypt,
      principals: { Service: `logs.${this.props.region}.amazonaws.com` },
      actions: LOGS_KEY_ACTIONS,
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
    };
    this.policy.add(statement);
    return [statement];
  }

  /**
   * Lets CloudWatch publish to a topic encrypted with this key, only for alarms of this account
   * whose ARNs match `alarmArnPattern` (CloudWatch sets `aws:SourceArn` to the alarm's ARN).
   */
  grantAlarmPublishing(alarmArnPattern: string): PolicyStatement[] {
    const statement: PolicyStatement = {
      sid: AUDIT_KEY_SIDS.alarmsPublish,
      principals: { Service: 'cloudwatch.amazonaws.com' },
      actions: TOPIC_PUBLISH_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': this.props.account },
        ArnLike: { 'aws:SourceArn': alarmArnPattern },
      },
    };
    this.policy.add(statement);
    return [statement];
  }
}

/**
 * The policy before any service is admitted: the account root administers the key (never uses
 * it), so IAM in the account can always repair it and the key cannot become unmanageable.
 */
export function baseAuditKeyPolicy(account: string): PolicyStatement[] {
  return [{ sid: AUDIT_KEY_SIDS.rootAdministers, principals: { AWS: accountRootArn(account) }, actions: [...KMS_ADMIN_ACTIONS], resources: ['*'] }];
}
