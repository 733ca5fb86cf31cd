/**
 * Where the audit entries are kept: a Cloud Logging bucket encrypted with its own Cloud KMS key
 * (`{project}-audit` key ring, `logs` key, rotating at most every 90 days), with a retention
 * period and locked, so nobody (the project owner included) can shorten the retention or
 * delete the bucket before its entries expire. A sink copies every audit entry of the audited
 * services into it. The project's Cloud Logging service account (read from the project's CMEK
 * settings) is the only one granted the key.
 */
import { Construct } from 'constructs';
import { DataGoogleLoggingProjectCmekSettings } from '@cdktf/provider-google/lib/data-google-logging-project-cmek-settings';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GcpGrant, ROLES } from '../iam';
import { AUDIT_KEY_NAME, address } from '../names';
import { SINK_FILTER } from './checks';

/** Cloud Logging's bounds on a bucket's retention. */
export const LOG_RETENTION_DAYS = { min: 1, max: 3650 } as const;

export interface LockedLogBucketProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** `{project}-audit`: the key ring, the bucket and the sink. */
  readonly name: string;
  readonly location: string;
  readonly retentionDays: number;
  /** `prevent_destroy` on the key ring, key and bucket. */
  readonly protect: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

export class LockedLogBucket extends Construct {
  readonly key: KmsCryptoKey;
  readonly bucket: LoggingProjectBucketConfig;
  readonly sink: LoggingProjectSink;
  readonly grants: readonly GcpGrant[];

  constructor(scope: Construct, id: string, props: LockedLogBucketProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < LOG_RETENTION_DAYS.min || props.retentionDays > LOG_RETENTION_DAYS.max) {
      throw new Error(`LockedLogBucket: \`retentionDays\` must be a whole number from ${LOG_RETENTION_DAYS.min} to ${LOG_RETENTION_DAYS.max}; got ${props.retentionDays}`);
    }
    const { provider, project } = props;
    const ring = new KmsKeyRing(this, 'ring', { provider, project, name: props.name, location: props.location, lifecycle: { preventDestroy: props.protect } });
    ring.overrideLogicalId(address('audit_key_ring', project));
    this.key = new KmsCryptoKey(this, 'key', {
      provider,
      keyRing: ring.id,
      name: AUDIT_KEY_NAME,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${90 * 86400}s`,
      destroyScheduledDuration: `${(props.protect ? 30 : 7) * 86400}s`,
      labels: { ...props.labels },
      lifecycle: { preventDestroy: props.protect },
    });
    this.key.overrideLogicalId(address('audit_key', project));

    const cmek = new DataGoogleLoggingProjectCmekSettings(this, 'logging-identity', { provider, project });
    cmek.overrideLogicalId(address('logging_cmek_settings', project));
    const loggingMember = `serviceAccount:${cmek.serviceAccountId}`;
    const keyUser = new KmsCryptoKeyIamMember(this, 'key-user', {
      provider,
      cryptoKeyId: this.key.id,
      role: ROLES.keyEncrypterDecrypter,
      member: loggingMember,
    });
    keyUser.overrideLogicalId(address('audit_key_user', project));

    this.bucket = new LoggingProjectBucketConfig(this, 'bucket', {
      provider,
      project,
      bucketId: props.name,
      location: props.location,
      retentionDays: props.retentionDays,
      locked: true,
      description: 'Audit entries of the secrets platform: locked, encrypted with the platform\'s own key.',
      cmekSettings: { kmsKeyName: this.key.id },
      dependsOn: [keyUser],
      lifecycle: { preventDestroy: props.protect },
    });
    this.bucket.overrideLogicalId(address('audit_bucket', project));

    this.sink = new LoggingProjectSink(this, 'sink', {
      provider,
      project,
      name: props.name,
      destination: `logging.googleapis.com/${this.bucket.id}`,
      filter: SINK_FILTER,
      uniqueWriterIdentity: true,
      description: 'Copies the audit entries of Secret Manager, Cloud KMS, Parameter Manager and IAM into the locked bucket.',
    });
    this.sink.overrideLogicalId(address('audit_sink', project));
    this.grants = [{ role: ROLES.keyEncrypterDecrypter, member: loggingMember, on: `key ${props.name}/${AUDIT_KEY_NAME}` }];
  }
}
