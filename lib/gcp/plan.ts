/**
 * What one GCP stack builds, in GCP's own terms: every id computed by the names module, every
 * cloud-neutral setting translated. The constructs read only this (through narrow props), so
 * they can be read and tested alone; `planEnvironment` / `planAudit` derive it from the
 * cloud-neutral model, in one place.
 */
import type { GcpGenerateOptions } from './rotation/generate';

export type GcpRotatorPlan = { readonly kind: 'builtin' } | { readonly kind: 'custom'; readonly serviceAccountEmail: string };

export interface GcpSecretPlan {
  readonly path: string;
  readonly secretId: string;
  /** `{project}/{env}/{path}` */
  readonly logicalName: string;
  readonly description?: string;
  /** Replica locations, primary first. */
  readonly locations: readonly string[];
  /** Present for generated secrets. */
  readonly generate?: GcpGenerateOptions;
  readonly rotation?: { readonly periodHours: number; readonly rotator: GcpRotatorPlan };
}

export interface GcpParameterPlan {
  readonly path: string;
  /** `/{project}/{env}/{path}` */
  readonly logicalName: string;
  readonly description?: string;
  /** A secure parameter is a Secret Manager secret (see docs/gcp.md); a plain one a Parameter Manager parameter. */
  readonly secure: boolean;
  /** The secret id (secure) or parameter id (plain). */
  readonly id: string;
  /** The spec's value (plain parameters only). */
  readonly value?: string;
  /** Every location where a function of the environment runs, plus the primary; primary first. */
  readonly locations: readonly string[];
}

export interface GcpFunctionPlan {
  readonly name: string;
  /** `{project}-{env}-{function}`: the service account's display name; its id is derived. */
  readonly identityName: string;
  readonly locations: readonly string[];
  readonly secrets: readonly string[];
  readonly parameters: readonly string[];
}

export interface GcpSyncPlan {
  readonly name: string;
  readonly identityName: string;
  /** The IAM member that may impersonate the sync's service account. */
  readonly principal: string;
  readonly secrets: readonly string[];
  /** Secure parameters only (a sync never writes a plain parameter). */
  readonly parameters: readonly string[];
  readonly read: boolean;
}

export interface GcpEnvironmentPlan {
  /** The kit's project slug (`acme-payments`). */
  readonly project: string;
  readonly env: string;
  /** The GCP project id the environment lives in. */
  readonly gcpProject: string;
  readonly primaryLocation: string;
  /** Primary first, then replicas. */
  readonly locations: readonly string[];
  readonly protect: boolean;
  /** @default the caller's credentials */
  readonly impersonateServiceAccount?: string;
  readonly keyRingName: string;
  readonly keyRotationDays: number;
  /** How long Cloud KMS waits before a destroyed key version is gone. @default 30 when protected, else 7 */
  readonly keyDestroyScheduledDays?: number;
  /** IAM members administering the keys. */
  readonly keyAdmins: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly secrets: readonly GcpSecretPlan[];
  readonly parameters: readonly GcpParameterPlan[];
  readonly functions: readonly GcpFunctionPlan[];
  readonly syncs: readonly GcpSyncPlan[];
  /** The rotation topic and, when any secret uses it, the built-in rotator. */
  readonly rotation?: {
    readonly name: string;
    readonly builtin?: { readonly sourceBucketName: string; readonly minLength: number };
  };
}

/** One GCP project's audit: Data Access logs, a locked log bucket, metrics, alerts. */
export interface GcpAuditPlan {
  readonly project: string;
  readonly gcpProject: string;
  /** Where the log bucket and its key live: the platform's primary location. */
  readonly location: string;
  readonly protect: boolean;
  readonly impersonateServiceAccount?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly retentionDays: number;
  readonly alarmEmails: readonly string[];
  /** Per environment in the project: the ids its secrets start with, and who may read them. */
  readonly environments: readonly {
    readonly env: string;
    readonly secretIdPrefix: string;
    /** Service account emails expected to read secret values. */
    readonly expectedReaders: readonly string[];
  }[];
}
