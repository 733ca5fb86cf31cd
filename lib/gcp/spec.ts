/**
 * What exists on Google Cloud only: the keys a spec may use when `cloud: gcp`, and the forms GCP
 * gives the neutral ones (project ids, location names, IAM members, service account emails).
 * Merged into the neutral spec by `platformSchemaFor`; on another cloud these keys are refused
 * by name, and AWS-only keys are refused here the same way.
 */
import { z } from 'zod';
import { CloudSpecFragment, platformSchemaFor } from '../core/schema';

/** `europe-west1`, `us-central1`, `northamerica-northeast1`: the form; `limits.ts` checks the location exists. */
export const LOCATION_PATTERN = /^[a-z]+-[a-z]+[0-9]{1,2}$/;
/** A GCP project id: 6 to 30 lowercase letters, digits and `-`, starting with a letter, not ending with `-`. */
export const PROJECT_ID_PATTERN = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A service account's email (user-managed or a Google-managed agent's). */
export const SERVICE_ACCOUNT_EMAIL_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}@[a-z0-9.-]+\.(iam\.)?gserviceaccount\.com$/;
/** An IAM member: `user:`, `group:`, `serviceAccount:`, `domain:`, or a workload/workforce identity `principal://` / `principalSet://`. */
export const IAM_MEMBER_PATTERN = /^((user|group|serviceAccount|domain):[^\s]+|principal(Set)?:\/\/[^\s]+)$/;

const msg = (text: string) => ({ error: text });

const location = z.string().regex(LOCATION_PATTERN, msg('expected a Google Cloud location such as `europe-west1`'));
const member = z.string().regex(IAM_MEMBER_PATTERN, msg('expected an IAM member such as `group:security@example.com` or `serviceAccount:x@p.iam.gserviceaccount.com`'));

const environment = {
  account: z
    .string(msg('expected the Google Cloud project id of the environment'))
    .regex(PROJECT_ID_PATTERN, msg('expected a Google Cloud project id: 6 to 30 lowercase letters, digits and `-`, starting with a letter')),
  impersonateServiceAccount: z
    .string()
    .regex(SERVICE_ACCOUNT_EMAIL_PATTERN, msg('expected a service account email such as `deployer@my-project.iam.gserviceaccount.com`'))
    .optional()
    .describe('Service account the providers impersonate to deploy this environment (the GCP twin of assumeRoleArn).'),
  keyAdmins: z.array(member).default([]).describe('IAM members that administer (not use) the environment keys: roles/cloudkms.admin on each key ring.'),
  keyRotationDays: z
    .number()
    .int(msg('expected a whole number of days'))
    .min(1, msg('expected 1 to 90 days'))
    .max(90, msg('expected 1 to 90 days: the kit rotates keys at least every 90 days'))
    .optional()
    .describe('Rotation period of the environment keys. @default 90'),
  keyDeletionWindowDays: z
    .number()
    .int(msg('expected a whole number of days'))
    .min(1, msg('Cloud KMS waits 1 to 120 days before destroying a key version'))
    .max(120, msg('Cloud KMS waits 1 to 120 days before destroying a key version'))
    .optional()
    .describe('How long Cloud KMS waits before a destroyed key version is gone (destroy_scheduled_duration). @default 30 when protected, 7 otherwise'),
};

const generate = {
  includeSpace: z.boolean().optional().describe('Add a space to the punctuation the value may hold. @default false'),
};

const rotation = {
  function: z
    .string()
    .refine((fn) => fn === 'builtin' || SERVICE_ACCOUNT_EMAIL_PATTERN.test(fn), msg('expected `builtin` or the service account email of your own rotation subscriber'))
    .optional()
    .describe('`builtin` (the kit\'s rotator) or the service account email of your own subscriber to the rotation topic. @default builtin'),
};

const externalSync = {
  principal: member.optional().describe('The IAM member that may impersonate the sync\'s service account (e.g. Doppler\'s service account for your workplace).'),
};

const gcsBackend = z.strictObject({
  type: z.literal('gcs'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, msg('expected a Cloud Storage bucket name')),
  prefix: z.string().regex(/^[A-Za-z0-9_.\/-]*$/).default('').describe('State objects are `{prefix}{project}/{env}/default.tfstate`.'),
  impersonateServiceAccount: z.string().regex(SERVICE_ACCOUNT_EMAIL_PATTERN, msg('expected a service account email')).optional(),
  kmsEncryptionKey: z
    .string()
    .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, msg('expected `projects/P/locations/L/keyRings/R/cryptoKeys/K`'))
    .optional(),
});
export type GcsBackendSpec = z.infer<typeof gcsBackend>;

export const gcpSpecFragment = {
  cloud: 'gcp',
  region: location,
  account: environment.account,
  keys: { environment, generate, rotation, externalSync },
  stateBackends: [gcsBackend],
} as const satisfies CloudSpecFragment;

/** The whole spec of a GCP platform. */
export const gcpPlatformSchema = platformSchemaFor(gcpSpecFragment);

type Out<S extends Record<string, z.ZodType>> = z.infer<z.ZodObject<S>>;

/* The GCP-only settings of each place, as the core hands them over in `options`. */
export type GcpEnvironmentOptions = Out<typeof environment>;
export type GcpGenerateSpecOptions = Out<typeof generate>;
export type GcpRotationOptions = Out<typeof rotation>;
export type GcpExternalSyncOptions = Out<typeof externalSync>;
