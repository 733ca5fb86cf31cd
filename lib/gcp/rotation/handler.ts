/**
 * The built-in rotator on GCP (bundled by `scripts/build-hooks/gcp-rotation.js` into
 * `index.js`, entry point `rotate`): a Cloud Run function subscribed to the environment's
 * rotation topic. Secret Manager publishes `SECRET_ROTATE` there when a secret's rotation time
 * comes; the rotator draws a new value with the options in the secret's `generate` annotation
 * (bounds enforced, whatever the annotation says), adds it as a new version, and destroys every
 * older enabled version but the one just before it, which in-flight readers may still hold.
 * Destruction waits for the secret's `version_destroy_ttl` (the version is disabled, and can be
 * restored, until then), and a destroyed version is no longer billed, unlike a disabled one.
 * Version 1, the one Terraform wrote and keeps in its state, is only disabled: Terraform ignores
 * its `enabled` flag, whereas a destroyed version it tracks could make a later plan replace it.
 *
 * Its service account may manage versions of exactly the secrets it rotates, so a message naming
 * any other secret fails on Secret Manager's side, never silently succeeds.
 */
import { decodeGenerateOptions, generateValue } from './generate';
import { SecretManagerApi, SecretManagerRestClient } from './secret-manager-api';

/** The part of a Pub/Sub CloudEvent the rotator reads. */
export interface RotationCloudEvent {
  readonly data?: { readonly message?: { readonly attributes?: Readonly<Record<string, string>> } };
}

export type RotationOutcome =
  | { readonly status: 'ignored'; readonly reason: string }
  | {
      readonly status: 'rotated';
      readonly secret: string;
      readonly version: string;
      readonly destroyed: readonly string[];
      readonly disabled: readonly string[];
    };

/** The version Terraform created with the secret's first value (see generated-secret-version.ts). */
export const TERRAFORM_VERSION_SUFFIX = '/versions/1';

/** Floor on the length of a rotated value, set on the function by the construct. */
export const MIN_LENGTH_ENV_VAR = 'ROTATION_MIN_LENGTH';

export interface RotatorOptions {
  readonly api: SecretManagerApi;
  /** @default 1 */
  readonly minLength?: number;
  /** @default crypto.randomInt */
  readonly draw?: (max: number) => number;
}

/** Handles one event; throws (so Pub/Sub retries) when a rotation fails. */
export async function handleRotationEvent(event: RotationCloudEvent, options: RotatorOptions): Promise<RotationOutcome> {
  const attributes = event.data?.message?.attributes ?? {};
  if (attributes.eventType !== 'SECRET_ROTATE') {
    return { status: 'ignored', reason: `event type ${JSON.stringify(attributes.eventType ?? null)} is not SECRET_ROTATE` };
  }
  const secret = attributes.secretId;
  if (!secret || !/^projects\/[^/]+\/secrets\/[A-Za-z0-9_-]+$/.test(secret)) {
    throw new Error(`SECRET_ROTATE without a valid secretId attribute: ${JSON.stringify(secret ?? null)}`);
  }
  const metadata = await options.api.getSecret(secret);
  const generate = decodeGenerateOptions(metadata.annotations.generate, options.minLength);
  const before = await options.api.listVersions(secret);
  const version = await options.api.addVersion(secret, generateValue(generate, options.draw));
  const enabled = before
    .filter((v) => v.state === 'ENABLED')
    .sort((a, b) => (a.createTime < b.createTime ? 1 : a.createTime > b.createTime ? -1 : 0));
  const retired = enabled.slice(1).map((v) => v.name);
  const disabled = retired.filter((name) => name.endsWith(TERRAFORM_VERSION_SUFFIX));
  const destroyed = retired.filter((name) => !disabled.includes(name));
  for (const name of destroyed) await options.api.destroyVersion(name);
  for (const name of disabled) await options.api.disableVersion(name);
  return { status: 'rotated', secret, version, destroyed, disabled };
}

/** The function's entry point: a CloudEvent from the rotation topic. */
export async function rotate(event: RotationCloudEvent): Promise<void> {
  const minLength = Number(process.env[MIN_LENGTH_ENV_VAR] ?? '1');
  const outcome = await handleRotationEvent(event, { api: new SecretManagerRestClient(), minLength });
  // One structured line per event: Cloud Logging parses JSON written to stdout. Never the value.
  console.log(JSON.stringify({ severity: 'INFO', message: 'rotation', ...outcome }));
}
