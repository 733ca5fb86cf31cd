/**
 * The SNS topic every audit alarm notifies: encrypted with the audit key, published to only by
 * this account's audit alarms and only over TLS, with the spec's email recipients subscribed.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { idFor } from '../names';
import { snsTopicArn } from '../arns';
import { PolicyDocument, PolicyStatement } from '../policy';
import type { AuditKey } from './audit-key';
import { addresses, stableAddress } from '../addresses';

/** Statement ids of the topic policy, for tests and reviewers. */
export const ALARM_TOPIC_SIDS = {
  denyInsecureTransport: 'DenyPublishWithoutTls',
  alarmsPublish: 'AuditAlarmsOfThisAccountPublish',
} as const;

export interface AlarmTopicProps {
  /** `{project}-audit-alarms` */
  readonly topicName: string;
  readonly account: string;
  readonly region: string;
  readonly provider: AwsProvider;
  readonly key: AuditKey;
  /** Addresses subscribed by email; each confirms its subscription once. @default none */
  readonly emails?: readonly string[];
}

export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly subscriptions: readonly SnsTopicSubscription[];
  readonly arn: string;
  private readonly account: string;
  private readonly key: AuditKey;
  private readonly document: PolicyDocument;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const { provider } = props;
    this.account = props.account;
    this.key = props.key;
    this.arn = snsTopicArn(props.region, props.account, props.topicName);
    this.document = new PolicyDocument([denyInsecurePublish(this.arn)]);

    this.topic = stableAddress(new SnsTopic(this, 'topic', {
      provider,
      name: props.topicName,
      displayName: 'Audit alarms',
      kmsMasterKeyId: props.key.arn,
    }), addresses.auditTopic());
    stableAddress(new SnsTopicPolicy(this, 'policy', {
      provider,
      arn: this.topic.arn,
      policy: Lazy.stringValue({ produce: () => this.document.toJson() }),
    }), addresses.auditTopic());
    this.subscriptions = [...new Set(props.emails ?? [])].sort().map(
      (email) =>
        stableAddress(new SnsTopicSubscription(this, `email-${idFor(email)}`, {
          provider,
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: email,
        }), addresses.auditSubscription(email)),
    );
  }

  /** The statements of the topic policy, in the order they render. */
  get statements(): readonly PolicyStatement[] {
    return this.document.all;
  }

  /**
   * Lets CloudWatch publish for alarms of this account whose ARNs match `alarmArnPattern`, and
   * adds the KMS half (the topic is encrypted) to the audit key.
   */
  grantAlarmPublishing(alarmArnPattern: string): PolicyStatement[] {
    const statement: PolicyStatement = {
      sid: ALARM_TOPIC_SIDS.alarmsPublish,
      principals: { Service: 'cloudwatch.amazonaws.com' },
      actions: ['sns:Publish'],
      resources: [this.arn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': this.account },
        ArnLike: { 'aws:SourceArn': alarmArnPattern },
      },
    };
    this.document.add(statement);
    return [statement, ...this.key.grantAlarmPublishing(alarmArnPattern)];
  }
}

/** A publish without TLS is denied, whoever makes it. */
function denyInsecurePublish(topicArn: string): PolicyStatement {
  return {
    sid: ALARM_TOPIC_SIDS.denyInsecureTransport,
    effect: 'Deny',
    principals: { AWS: '*' },
    actions: ['sns:Publish'],
    resources: [topicArn],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
