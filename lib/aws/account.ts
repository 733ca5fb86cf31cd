/**
 * What one AWS account shares across its environments: the audit trail, its storage and alarms.
 * Everything lives in the account's home region; environments that share an account share it.
 */
import { Construct } from 'constructs';
import type { AccountModel, PlatformModel } from './model';
import * as names from './names';
import { alarmArnPattern } from './arns';
import { AlarmTopic } from './audit/alarm-topic';
import { AuditKey } from './audit/audit-key';
import { SecurityAlarms } from './audit/security-alarms';
import { AuditTrail } from './audit/trail';
import { TrailBucket } from './audit/trail-bucket';
import { TrailLogGroup } from './audit/trail-log-group';
import { RegionalProviders } from './providers';

export interface AwsAccountProps {
  readonly platform: PlatformModel;
  readonly account: AccountModel;
  /** @default real AWS endpoints */
  readonly localEndpoint?: string;
}

export class AwsAccount extends Construct {
  readonly providers: RegionalProviders;
  readonly key: AuditKey;
  readonly bucket: TrailBucket;
  readonly logGroup: TrailLogGroup;
  readonly trail: AuditTrail;
  readonly topic: AlarmTopic;
  readonly alarms: SecurityAlarms;

  constructor(scope: Construct, id: string, props: AwsAccountProps) {
    super(scope, id);
    const { account, platform } = props;
    const { project, audit } = platform;
    const region = account.homeRegion;
    this.providers = new RegionalProviders(this, 'providers', {
      regions: [region],
      account: account.account,
      assumeRoleArn: account.assumeRoleArn,
      tags: platform.tags,
      localEndpoint: props.localEndpoint,
    });
    const provider = this.providers.forRegion(region);
    const environments = platform.environments.filter((e) => e.account === account.account);
    const where = { account: account.account, region, provider };
    const protect = account.protect;

    this.key = new AuditKey(this, 'audit-key', {
      ...where,
      alias: names.auditKeyAlias(project),
      // The longest window any environment of the account asks for its own keys.
      deletionWindowDays: Math.max(...environments.map((e) => e.keyDeletionWindowDays)),
      protect,
    });
    this.bucket = new TrailBucket(this, 'trail-bucket', {
      ...where,
      bucketName: names.auditBucketName(project, account.account),
      key: this.key,
      retentionDays: audit.bucketRetentionDays,
      protect,
    });
    const trailName = names.auditTrailName(project, account.account);
    this.logGroup = new TrailLogGroup(this, 'trail-log-group', {
      ...where,
      logGroupName: names.auditLogGroupName(project),
      roleName: names.auditDeliveryRoleName(project),
      key: this.key,
      trailArn: AuditTrail.arnFor(region, account.account, trailName),
      retentionDays: audit.logRetentionDays,
    });
    this.trail = new AuditTrail(this, 'trail', {
      ...where,
      trailName,
      bucket: this.bucket,
      key: this.key,
      logGroup: this.logGroup,
      protect,
    });
    this.topic = new AlarmTopic(this, 'alarm-topic', {
      ...where,
      topicName: names.auditTopicName(project),
      key: this.key,
      emails: audit.alarmEmails,
    });
    this.topic.grantAlarmPublishing(alarmArnPattern(region, account.account, names.auditAlarmPrefix(project)));
    this.alarms = new SecurityAlarms(this, 'security-alarms', {
      project,
      environments,
      logGroupName: this.logGroup.logGroup.name,
      namespace: names.auditMetricNamespace(project),
      provider,
      topic: this.topic,
    });
  }
}
