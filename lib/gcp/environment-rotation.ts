/**
 * Rotation of one environment on GCP. Every rotated secret names the environment's rotation
 * topic (`{project}-{env}-rotation`, encrypted with the primary location's key); Secret Manager
 * publishes `SECRET_ROTATE` there at each rotation time, so its service agent may publish to
 * that topic and nothing else.
 *
 * - Built-in: a Cloud Run function (the bundled `lib/gcp/rotation` handler) triggered by the
 *   topic, running as its own service account, which may manage versions of exactly the secrets
 *   it rotates, and invoke nothing but itself.
 * - Bring your own: the spec names your subscriber's service account; the kit creates a
 *   subscription on the topic for it and lets it manage versions of exactly its secrets.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { Construct } from 'constructs';
import { AssetType, ITerraformDependable, TerraformAsset } from 'cdktf';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { PubsubSubscription } from '@cdktf/provider-google/lib/pubsub-subscription';
import { PubsubSubscriptionIamMember } from '@cdktf/provider-google/lib/pubsub-subscription-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GcpGrant, GcpGrantee, ROLES } from './iam';
import { address, serviceAccountId } from './names';
import type { ReplicatedSecret } from './replicated-secret';
import { MIN_LENGTH_ENV_VAR } from './rotation/handler';
import { gcpRotatorBundlePath } from './rotator-bundle';
import { ServiceAccount } from './service-account';

/** How long the topic keeps a notification nobody has acknowledged. */
const TOPIC_RETENTION = `${7 * 86400}s`;

export interface RotationTopicProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** `{project}-{env}-rotation` */
  readonly name: string;
  /** The primary location's key. */
  readonly kmsKeyId: string;
  /** Secret Manager's service agent: the only publisher. */
  readonly publisher: GcpGrantee;
  readonly labels: Readonly<Record<string, string>>;
  /** Pub/Sub's agent's grant on the key. */
  readonly dependsOn?: ITerraformDependable[];
}

/** The topic Secret Manager notifies, and its one publisher. */
export class RotationTopic extends Construct {
  readonly topic: PubsubTopic;
  /** Secrets naming the topic must wait for this grant, or Secret Manager refuses them. */
  readonly publisherGrant: PubsubTopicIamMember;
  readonly grants: GcpGrant[];

  constructor(scope: Construct, id: string, props: RotationTopicProps) {
    super(scope, id);
    this.topic = new PubsubTopic(this, 'topic', {
      provider: props.provider,
      project: props.project,
      name: props.name,
      kmsKeyName: props.kmsKeyId,
      messageRetentionDuration: TOPIC_RETENTION,
      labels: { ...props.labels },
      dependsOn: props.dependsOn,
    });
    this.topic.overrideLogicalId(address('rotation_topic', props.name));
    this.publisherGrant = new PubsubTopicIamMember(this, 'publisher', {
      provider: props.provider,
      project: props.project,
      topic: this.topic.name,
      role: ROLES.pubsubPublisher,
      member: props.publisher.member,
    });
    this.publisherGrant.overrideLogicalId(address('rotation_publisher', props.name));
    this.grants = [{ role: ROLES.pubsubPublisher, member: props.publisher.member, on: `topic ${props.name}` }];
  }

  /** `projects/{project}/topics/{name}`, for a secret's `topics`. */
  get id(): string {
    return this.topic.id;
  }
}

export interface BuiltinRotatorProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** `{project}-{env}-rotation`: the function and its service account. */
  readonly name: string;
  /** Where the function runs: the primary location. */
  readonly location: string;
  readonly topic: RotationTopic;
  /** The secrets it rotates. */
  readonly secrets: readonly ReplicatedSecret[];
  /** Globally unique bucket for the function's source. */
  readonly sourceBucketName: string;
  /** Floor on a rotated value's length, whatever a secret's annotation says. */
  readonly minLength: number;
  readonly protect: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export class BuiltinRotator extends Construct {
  readonly account: ServiceAccount;
  readonly function: Cloudfunctions2Function;
  readonly grants: readonly GcpGrant[];

  constructor(scope: Construct, id: string, props: BuiltinRotatorProps) {
    super(scope, id);
    const { provider, project } = props;
    this.account = new ServiceAccount(this, 'identity', {
      provider,
      project,
      name: props.name,
      description: 'Built-in rotator: manages versions of exactly the secrets it rotates.',
    });
    const grants: GcpGrant[] = props.secrets.map((s) => s.grantManageVersions(this.account));

    const bucket = new StorageBucket(this, 'source', {
      provider,
      project,
      name: props.sourceBucketName,
      location: props.location.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: { enabled: true },
      labels: { ...props.labels },
      forceDestroy: !props.protect,
      lifecycle: { preventDestroy: props.protect },
    });
    bucket.overrideLogicalId(address('rotator_source', props.name));
    const zip = gcpRotatorBundlePath();
    const hash = crypto.createHash('sha256').update(fs.readFileSync(zip)).digest('hex');
    const asset = new TerraformAsset(this, 'bundle', { path: zip, type: AssetType.FILE });
    const object = new StorageBucketObject(this, 'object', {
      provider,
      bucket: bucket.name,
      // Named by content: a new handler is a new object, and the function rebuilds from it.
      name: `rotator-${hash.slice(0, 16)}.zip`,
      source: asset.path,
    });
    object.overrideLogicalId(address('rotator_source_object', props.name));

    this.function = new Cloudfunctions2Function(this, 'function', {
      provider,
      project,
      name: props.name,
      location: props.location,
      description: 'Rotates generated secrets when Secret Manager publishes SECRET_ROTATE.',
      labels: { ...props.labels },
      buildConfig: {
        runtime: 'nodejs22',
        entryPoint: 'rotate',
        source: { storageSource: { bucket: bucket.name, object: object.name } },
      },
      serviceConfig: {
        serviceAccountEmail: this.account.email,
        ingressSettings: 'ALLOW_INTERNAL_ONLY',
        maxInstanceCount: 1,
        availableMemory: '256M',
        timeoutSeconds: 60,
        environmentVariables: { [MIN_LENGTH_ENV_VAR]: String(props.minLength) },
      },
      eventTrigger: {
        triggerRegion: props.location,
        eventType: 'google.cloud.pubsub.topic.v1.messagePublished',
        pubsubTopic: props.topic.id,
        retryPolicy: 'RETRY_POLICY_RETRY',
        serviceAccountEmail: this.account.email,
      },
    });
    this.function.overrideLogicalId(address('rotator', props.name));

    // The trigger delivers as the rotator's own identity, which may invoke this function only.
    new CloudRunV2ServiceIamMember(this, 'invoker', {
      provider,
      project,
      location: props.location,
      name: this.function.serviceConfig.service,
      role: ROLES.runInvoker,
      member: this.account.member,
    }).overrideLogicalId(address('rotator_invoker', props.name));
    grants.push({ role: ROLES.runInvoker, member: this.account.member, on: `function ${props.name}` });
    this.grants = grants;
  }
}

export interface CustomRotatorProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Your subscriber's service account email. */
  readonly serviceAccountEmail: string;
  /** `{project}-{env}-rotation`: the subscription is named `{this}-{account id}`. */
  readonly namePrefix: string;
  readonly topic: RotationTopic;
  readonly secrets: readonly ReplicatedSecret[];
  readonly labels: Readonly<Record<string, string>>;
}

/** Your own rotator: a subscription on the topic it may consume, and version management of exactly its secrets. */
export class CustomRotator extends Construct implements GcpGrantee {
  readonly subscription: PubsubSubscription;
  readonly grants: readonly GcpGrant[];
  readonly member: string;
  readonly granteeName: string;

  constructor(scope: Construct, id: string, props: CustomRotatorProps) {
    super(scope, id);
    this.member = `serviceAccount:${props.serviceAccountEmail}`;
    this.granteeName = props.serviceAccountEmail;
    const accountPart = props.serviceAccountEmail.split('@')[0];
    const name = `${props.namePrefix}-${serviceAccountId(accountPart)}`;
    this.subscription = new PubsubSubscription(this, 'subscription', {
      provider: props.provider,
      project: props.project,
      name,
      topic: props.topic.id,
      filter: 'attributes.eventType = "SECRET_ROTATE"',
      ackDeadlineSeconds: 60,
      labels: { ...props.labels },
    });
    this.subscription.overrideLogicalId(address('rotation_subscription', props.serviceAccountEmail));
    new PubsubSubscriptionIamMember(this, 'subscriber', {
      provider: props.provider,
      project: props.project,
      subscription: this.subscription.name,
      role: ROLES.pubsubSubscriber,
      member: this.member,
    }).overrideLogicalId(address('rotation_subscriber', props.serviceAccountEmail));
    this.grants = [
      { role: ROLES.pubsubSubscriber, member: this.member, on: `subscription ${name}` },
      ...props.secrets.map((s) => s.grantManageVersions(this)),
    ];
  }
}
