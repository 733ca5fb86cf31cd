/**
 * Every name the GCP backend creates, built in one place, within Google Cloud's character and
 * length limits. Terraform addresses derive from these names (see `address`), never from list
 * positions, so adding or reordering entries never renames anything.
 *
 * Where a readable name does not fit a limit, it is shortened to a stable id: a prefix of the
 * readable name plus six hex digits of the SHA-256 of the whole name, so it never changes while
 * the name does not. Two entries that would still produce the same id are refused by
 * `gcpNameCollisions`, with the places in the spec that produced them.
 */
import { createHash } from 'crypto';

/** Google Cloud's limits on the names the kit builds. */
export const GCP_NAME_LIMITS = {
  /** Secret Manager secret ids: letters, digits, `_` and `-`. */
  secretId: { max: 255, chars: /^[A-Za-z0-9_-]+$/ },
  /** Parameter Manager parameter ids (same alphabet as secrets, shorter). */
  parameterId: { max: 63, chars: /^[A-Za-z0-9_-]+$/ },
  /** Service account ids: 6 to 30 lowercase letters, digits and `-`, starting with a letter, not ending with `-`. */
  serviceAccountId: { min: 6, max: 30, pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/ },
  /** Service account display names. */
  displayName: { max: 100 },
  /** Cloud KMS key ring and key names. */
  kmsName: { max: 63, chars: /^[A-Za-z0-9_-]+$/ },
  /** Pub/Sub topic ids: start with a letter, 3 to 255 characters. */
  topicId: { min: 3, max: 255 },
  /** Cloud Logging bucket ids. */
  logBucketId: { max: 100 },
  /** Cloud Logging sink and log-based metric names. */
  loggingName: { max: 100 },
} as const;

/** Six hex digits of the SHA-256 of `text`: the stable suffix of a shortened id. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/**
 * `name` when it is at most `max` characters, else its first characters (trailing `-` and `_`
 * trimmed) followed by `-` and six hex digits of its hash: stable, distinct for distinct names
 * (up to a 1-in-16-million clash, which `gcpNameCollisions` refuses).
 */
export function fitTo(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = shortHash(name);
  const head = name.slice(0, max - hash.length - 1).replace(/[-_]+$/, '');
  return `${head}-${hash}`;
}

/**
 * A logical path as part of a GCP id: `/` becomes `__`, and `.`, `+`, `=` and `@` (allowed in
 * logical paths, not in GCP ids) become `_`. `db/password` -> `db__password`. Distinct paths
 * can meet (`a.b` and `a_b`); such pairs are refused by `gcpNameCollisions`.
 */
export function encodePath(path: string): string {
  return path.replace(/\//g, '__').replace(/[.+=@]/g, '_');
}

/** `{project}_{env}_`: every secret id of an environment starts with it (project and env have no `_`). */
export const secretIdPrefix = (project: string, env: string) => `${project}_${env}_`;

/** `{project}_{env}_{path}`: a Secret Manager secret id, e.g. `acme-payments_dev_db__password`. */
export const secretId = (project: string, env: string, path: string) =>
  fitTo(`${secretIdPrefix(project, env)}${encodePath(path)}`, GCP_NAME_LIMITS.secretId.max);

/** `{project}_{env}_param_{path}`: the secret that holds a secure parameter. */
export const secureParameterSecretId = (project: string, env: string, path: string) =>
  fitTo(`${secretIdPrefix(project, env)}param_${encodePath(path)}`, GCP_NAME_LIMITS.secretId.max);

/** `{project}_{env}_{path}`: a Parameter Manager parameter id (the same id in every location). */
export const parameterId = (project: string, env: string, path: string) =>
  fitTo(`${secretIdPrefix(project, env)}${encodePath(path)}`, GCP_NAME_LIMITS.parameterId.max);

/** `{project}/{env}/{path}`: the logical name a secret records in its `logical-name` annotation. */
export const secretLogicalName = (project: string, env: string, path: string) => `${project}/${env}/${path}`;

/** `/{project}/{env}/{path}`: the logical name of a parameter (its name on AWS). */
export const parameterLogicalName = (project: string, env: string, path: string) => `/${project}/${env}/${path}`;

/**
 * A service account id from a readable name: the name itself when it fits 30 characters, else a
 * stable shortened id. Names shorter than 6 characters are padded with `-sa`.
 */
export function serviceAccountId(readable: string): string {
  const { min, max } = GCP_NAME_LIMITS.serviceAccountId;
  const padded = readable.length < min ? `${readable}-sa` : readable;
  return fitTo(padded, max);
}

/** `{project}-{env}-{function}`: the readable name of a function's service account (its display name). */
export const functionIdentityName = (project: string, env: string, fn: string) => `${project}-${env}-${fn}`;

/** `{project}-{env}-sync-{name}`: the readable name of an external sync's service account. */
export const syncIdentityName = (project: string, env: string, sync: string) => `${project}-${env}-sync-${sync}`;

/** `{project}-{env}-rotation`: the built-in rotator (function, service account, topic). */
export const rotationName = (project: string, env: string) => `${project}-${env}-rotation`;

/** `{project}-{env}`: the key ring of an environment, the same name in every location. */
export const keyRingName = (project: string, env: string) => fitTo(`${project}-${env}`, GCP_NAME_LIMITS.kmsName.max);

/** The crypto key in each environment key ring. */
export const SECRETS_KEY_NAME = 'secrets';

/* Audit, per GCP project. */

/** `{project}-audit`: the audit key ring, log bucket and sink of the platform in one GCP project. */
export const auditName = (project: string) => `${project}-audit`;

/** The crypto key that encrypts the audit log bucket. */
export const AUDIT_KEY_NAME = 'logs';

/** `{project}-audit-{check}`: a log-based metric and the alert policy on it. */
export const auditCheckName = (project: string, check: string) => fitTo(`${auditName(project)}-${check}`, GCP_NAME_LIMITS.loggingName.max);

/** `{project}-audit-unexpected-reader-{env}`: reads of an environment's secrets by undeclared identities. */
export const unexpectedReaderCheckName = (project: string, env: string) => auditCheckName(project, `unexpected-reader-${env}`);

/**
 * `{gcpProject}-{env}-rotator`: the Cloud Storage bucket holding the rotator's source. Bucket
 * names are global, so the GCP project id (globally unique) leads.
 */
export const rotatorSourceBucketName = (gcpProject: string, env: string) => fitTo(`${gcpProject}-${env}-rotator`, 63);

/**
 * A Terraform resource name from a kind and a name: `secret_acme-payments_dev_db__password`.
 * Readable, stable, and unique per kind in a stack when the names are.
 */
export function address(kind: string, ...parts: string[]): string {
  const raw = [kind, ...parts].join('_');
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}
