/**
 * The cloud-neutral model in GCP's terms: `planEnvironment` and `planAudit` turn it into the
 * plans the GCP constructs read, every id built by the names module and every GCP-only setting
 * read from the entry's `options` (validated by `spec.ts`). One place; nothing here re-reads
 * the spec.
 */
import type { AccountModel, EnvironmentModel, PlatformModel, SecretModel } from '../core/model';
import { labelsOf } from './labels';
import * as names from './names';
import type { GcpAuditPlan, GcpEnvironmentPlan, GcpRotatorPlan, GcpSecretPlan } from './plan';
import type { GcpEnvironmentOptions, GcpGenerateSpecOptions } from './spec';

/** The floor the built-in rotator keeps whatever a secret's annotation says. */
export const ROTATOR_MIN_LENGTH = 16;

const envOptions = (env: EnvironmentModel) => env.options as Partial<GcpEnvironmentOptions>;

/** `{id}@{project}.iam.gserviceaccount.com` of a service account the kit creates. */
export const serviceAccountEmail = (readableName: string, gcpProject: string) =>
  `${names.serviceAccountId(readableName)}@${gcpProject}.iam.gserviceaccount.com`;

function secretPlan(platform: PlatformModel, env: EnvironmentModel, s: SecretModel): GcpSecretPlan {
  const generate = s.generate
    ? {
        length: s.generate.length,
        excludeCharacters: s.generate.excludeCharacters,
        excludeNumbers: s.generate.excludeNumbers,
        excludePunctuation: s.generate.excludePunctuation,
        excludeUppercase: s.generate.excludeUppercase,
        excludeLowercase: s.generate.excludeLowercase,
        includeSpace: (s.generate.options as Partial<GcpGenerateSpecOptions>).includeSpace ?? false,
      }
    : undefined;
  const fn = s.rotation?.function;
  const rotator: GcpRotatorPlan | undefined = fn ? (fn.kind === 'builtin' ? { kind: 'builtin' } : { kind: 'custom', serviceAccountEmail: fn.ref }) : undefined;
  return {
    path: s.path,
    secretId: names.secretId(platform.project, env.name, s.path),
    logicalName: s.logicalName,
    description: s.description,
    locations: [env.primaryRegion, ...s.replicaRegions],
    generate,
    // `validateGcpLimits` refuses a rotation without `every` before any plan is made.
    rotation: s.rotation && rotator ? { periodHours: s.rotation.intervalHours ?? 0, rotator } : undefined,
  };
}

export function planEnvironment(platform: PlatformModel, env: EnvironmentModel): GcpEnvironmentPlan {
  const o = envOptions(env);
  const { project } = platform;
  const secrets = env.secrets.map((s) => secretPlan(platform, env, s));
  const builtin = secrets.some((s) => s.rotation?.rotator.kind === 'builtin');
  return {
    project,
    env: env.name,
    gcpProject: env.account,
    primaryLocation: env.primaryRegion,
    locations: env.regions,
    protect: env.protect,
    impersonateServiceAccount: o.impersonateServiceAccount,
    keyRingName: names.keyRingName(project, env.name),
    keyRotationDays: o.keyRotationDays ?? 90,
    keyDestroyScheduledDays: o.keyDeletionWindowDays,
    keyAdmins: [...(o.keyAdmins ?? [])].sort(),
    labels: labelsOf(env.tags),
    secrets,
    parameters: env.parameters.map((p) => ({
      path: p.path,
      logicalName: names.parameterLogicalName(project, env.name, p.path),
      description: p.description,
      secure: p.secure,
      id: p.secure ? names.secureParameterSecretId(project, env.name, p.path) : names.parameterId(project, env.name, p.path),
      value: p.secure ? undefined : p.value,
      locations: p.regions,
    })),
    functions: env.functions.map((f) => ({
      name: f.name,
      identityName: f.identityName,
      locations: f.regions,
      secrets: f.secrets,
      parameters: f.parameters,
    })),
    syncs: env.syncs.map((s) => ({
      name: s.name,
      identityName: s.identityName,
      // The core requires a principal or a preset, and GCP knows no preset's principal (capability `syncPresets: []`).
      principal: s.principal ?? '',
      secrets: s.secrets,
      parameters: s.parameters,
      read: s.read,
    })),
    rotation: secrets.some((s) => s.rotation)
      ? {
          name: names.rotationName(project, env.name),
          builtin: builtin ? { sourceBucketName: names.rotatorSourceBucketName(env.account, env.name), minLength: ROTATOR_MIN_LENGTH } : undefined,
        }
      : undefined,
  };
}

/** Who may read the environment's secret values: functions that declare one, and syncs that read back. */
function expectedReaders(plan: GcpEnvironmentPlan): string[] {
  const secureParameters = new Set(plan.parameters.filter((p) => p.secure).map((p) => p.path));
  const readers = [
    ...plan.functions.filter((f) => f.secrets.length > 0 || f.parameters.some((p) => secureParameters.has(p))).map((f) => f.identityName),
    ...plan.syncs.filter((s) => s.read).map((s) => s.identityName),
  ];
  return [...new Set(readers.map((r) => serviceAccountEmail(r, plan.gcpProject)))].sort();
}

export function planAudit(platform: PlatformModel, account: AccountModel): GcpAuditPlan {
  const envs = platform.environments.filter((e) => e.account === account.account);
  const plans = envs.map((e) => planEnvironment(platform, e));
  return {
    project: platform.project,
    gcpProject: account.account,
    location: account.homeRegion,
    protect: account.protect,
    impersonateServiceAccount: envs.map((e) => envOptions(e).impersonateServiceAccount).find((s) => s !== undefined),
    labels: labelsOf(platform.tags),
    retentionDays: Math.max(platform.audit.logRetentionDays, platform.audit.bucketRetentionDays),
    alarmEmails: platform.audit.alarmEmails,
    environments: plans.map((p) => ({ env: p.env, secretIdPrefix: names.secretIdPrefix(p.project, p.env), expectedReaders: expectedReaders(p) })),
  };
}
