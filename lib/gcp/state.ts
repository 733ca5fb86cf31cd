/**
 * Remote state of a GCP stack: a Cloud Storage bucket (which you create, versioned), one object
 * per stack under `{prefix}{project}/{stateKey}/`. GCS locks state natively (Terraform writes a
 * lock object beside it), so nothing needs turning on, unlike S3's `use_lockfile`.
 */
import { GcsBackend, TerraformStack } from 'cdktf';

export interface GcsStateProps {
  readonly bucket: string;
  /** @default '' */
  readonly prefix?: string;
  /** The kit's project slug. */
  readonly project: string;
  /** The stack's name within the project: the environment, or `audit-{gcp project}`. */
  readonly stateKey: string;
  /** @default the caller's credentials */
  readonly impersonateServiceAccount?: string;
  /** Cloud KMS key that encrypts the state objects. @default Google-managed encryption */
  readonly kmsEncryptionKey?: string;
}

export function configureGcsState(stack: TerraformStack, props: GcsStateProps): GcsBackend {
  return new GcsBackend(stack, {
    bucket: props.bucket,
    prefix: `${props.prefix ?? ''}${props.project}/${props.stateKey}`,
    impersonateServiceAccount: props.impersonateServiceAccount,
    kmsEncryptionKey: props.kmsEncryptionKey,
  });
}
