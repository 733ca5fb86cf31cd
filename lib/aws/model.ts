/**
 * The model as the AWS constructs read it: the neutral model of `core/model.ts` with the AWS
 * names (from `names.ts`) and the AWS-only settings (from `spec.ts`) resolved once. Built by
 * `awsModel()` from the neutral model; nothing here re-reads the spec.
 */
import type * as core from '../core/model';
import { intervalHours } from '../core/duration';
import { everyToSchedule, rateHours } from './schedule';
import * as names from './names';
import type {
  AwsEnvironmentOptions,
  AwsExternalSyncOptions,
  AwsFunctionOptions,
  AwsGenerateOptions,
  AwsParameterOptions,
  AwsRotationOptions,
} from './spec';

export type { CloudOptions, FunctionUsageModel as CoreFunctionUsageModel, SuppressionModel } from '../core/model';

/** Deletion and recovery windows of a protected environment: the longest AWS allows. */
export const PROTECTED_WINDOW_DAYS = 30;
const SHORT_WINDOW_DAYS = 7;
/** The Parameters and Secrets Lambda Extension's default cache TTL. */
export const EXTENSION_DEFAULT_TTL_SECONDS = 300;

/**
 * The IAM user Doppler's AWS Secrets Manager and Parameter Store integrations assume roles as,
 * as documented in Doppler's own Terraform provider (`doppler_integration_aws_secrets_manager`
 * and `doppler_integration_aws_parameter_store` examples), behind the workplace slug as external ID.
 */
export const DOPPLER_PRINCIPAL = 'arn:aws:iam::299900769157:user/doppler-integration-operator';

export interface PlatformModel extends core.PlatformModel {
  readonly environments: readonly EnvironmentModel[];
  readonly accounts: readonly AccountModel[];
}

export interface AccountModel extends core.AccountModel {
  /** The first environment's assume-role, used to deploy account-level resources. */
  readonly assumeRoleArn?: string;
}

export interface EnvironmentModel extends core.EnvironmentModel {
  readonly assumeRoleArn?: string;
  readonly keyAlias: string;
  readonly keyAdmins: readonly string[];
  readonly keyDeletionWindowDays: number;
  readonly secretRecoveryWindowDays: number;
  readonly permissionsBoundaryArn?: string;
  /** `/{project}/{env}` */
  readonly parameterPrefix: string;
  readonly secrets: readonly SecretModel[];
  readonly parameters: readonly ParameterModel[];
  readonly functions: readonly FunctionModel[];
  readonly syncs: readonly ExternalSyncModel[];
  readonly rotation?: BuiltinRotationModel;
}

export interface GenerateModel extends core.GenerateModel {
  readonly includeSpace: boolean;
  readonly requireEachIncludedType: boolean;
}

/** A custom function's `ref` is its Lambda ARN, also as `arn`. */
export type RotationFunctionModel = { readonly kind: 'builtin' } | { readonly kind: 'custom'; readonly ref: string; readonly arn: string };

export interface RotationModel extends core.RotationModel {
  /** `rate(30 days)` or `cron(...)`. */
  readonly scheduleExpression: string;
  /** Hours between rotations, when the schedule is a rate. */
  readonly intervalHours?: number;
  /** `4h`: how long a rotation may take. */
  readonly window?: string;
  readonly rotateImmediately: boolean;
  readonly function: RotationFunctionModel;
}

export interface SecretModel extends core.SecretModel {
  /** `{project}/{env}/{path}` */
  readonly name: string;
  readonly generate?: GenerateModel;
  readonly rotation?: RotationModel;
}

export interface ParameterModel extends core.ParameterModel {
  /** `/{project}/{env}/{path}` */
  readonly name: string;
  readonly tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
}

export interface FunctionUsageModel extends core.FunctionUsageModel {
  readonly cacheTtlSeconds: number;
}

export interface FunctionModel extends core.FunctionModel {
  /** `{project}-{env}-{function}` */
  readonly roleName: string;
  /** `/aws/lambda/{roleName}`: the function is expected to be named like its role. */
  readonly logGroupName: string;
  readonly usage?: FunctionUsageModel;
}

export interface ExternalSyncModel extends core.ExternalSyncModel {
  /** `{project}-{env}-sync-{name}` */
  readonly roleName: string;
  readonly preset?: 'doppler';
  /** Who may assume the role. */
  readonly principal: string;
  readonly externalId?: string;
}

export interface BuiltinRotationModel extends core.BuiltinRotationModel {
  readonly logGroupName: string;
  /** `{project}/{env}/`: Secrets Manager may invoke it for secrets whose names start with it. */
  readonly secretNamePrefix: string;
}

const views = new WeakMap<core.PlatformModel, PlatformModel>();
const environmentViews = new WeakMap<core.EnvironmentModel, EnvironmentModel>();

/** The AWS view of a neutral model (computed once per model). */
export function awsModel(platform: core.PlatformModel): PlatformModel {
  const known = views.get(platform);
  if (known) return known;
  if (platform.cloud !== 'aws') throw new Error(`the AWS backend got a model of cloud \`${platform.cloud}\``);
  const environments = platform.environments.map((e) => awsEnvironment(platform.project, e));
  const view: PlatformModel = {
    ...platform,
    environments,
    accounts: platform.accounts.map((a) => ({
      ...a,
      assumeRoleArn: environments.find((e) => e.account === a.account && e.assumeRoleArn)?.assumeRoleArn,
    })),
  };
  views.set(platform, view);
  // A view handed back in is its own view.
  views.set(view, view);
  platform.environments.forEach((e, i) => environmentViews.set(e, environments[i]));
  for (const e of environments) environmentViews.set(e, e);
  return view;
}

/**
 * The AWS view of one environment of a model whose view was built (the backend builds it at
 * load, when it checks the model's limits).
 */
export function awsViewOf(env: core.EnvironmentModel): EnvironmentModel {
  const view = environmentViews.get(env);
  if (!view) throw new Error(`environment \`${env.name}\` belongs to no model the AWS backend has seen: load the spec with the AWS backend first`);
  return view;
}

/** One environment of the AWS view, by name. */
export function awsEnvironmentOf(platform: core.PlatformModel, env: string): EnvironmentModel {
  const found = awsModel(platform).environments.find((e) => e.name === env);
  if (!found) throw new Error(`no environment \`${env}\` in the model`);
  return found;
}

/** One account of the AWS view, by account id. */
export function awsAccountOf(platform: core.PlatformModel, account: string): AccountModel {
  const found = awsModel(platform).accounts.find((a) => a.account === account);
  if (!found) throw new Error(`no account \`${account}\` in the model`);
  return found;
}

function awsEnvironment(project: string, e: core.EnvironmentModel): EnvironmentModel {
  const o = e.options as AwsEnvironmentOptions;
  const window = e.protect ? PROTECTED_WINDOW_DAYS : SHORT_WINDOW_DAYS;
  return {
    name: e.name,
    stackName: e.stackName,
    account: e.account,
    primaryRegion: e.primaryRegion,
    replicaRegions: e.replicaRegions,
    regions: e.regions,
    assumeRoleArn: o.assumeRoleArn,
    protect: e.protect,
    keyAlias: names.keyAlias(project, e.name),
    keyAdmins: [...(o.keyAdmins ?? [])].sort(),
    keyDeletionWindowDays: o.keyDeletionWindowDays ?? window,
    secretRecoveryWindowDays: o.secretRecoveryWindowDays ?? window,
    permissionsBoundaryArn: o.permissionsBoundaryArn,
    parameterPrefix: names.parameterPrefix(project, e.name),
    tags: e.tags,
    secrets: e.secrets.map((s) => ({
      path: s.path,
      logicalName: s.logicalName,
      name: names.secretName(project, e.name, s.path),
      id: s.id,
      description: s.description,
      type: s.type,
      generate: s.generate ? awsGenerate(s.generate) : undefined,
      rotation: s.rotation ? awsRotation(s.rotation) : undefined,
      replicaRegions: s.replicaRegions,
      readers: s.readers,
      suppressions: s.suppressions,
      options: s.options,
    })),
    parameters: e.parameters.map((p) => ({
      ...p,
      name: names.parameterName(project, e.name, p.path),
      tier: (p.options as AwsParameterOptions).tier ?? 'Standard',
    })),
    functions: e.functions.map((f) => ({
      ...f,
      // By-path reading returns whatever lies under the path, declared or not: only on request.
      parameterSubtrees: (f.options as AwsFunctionOptions).readParametersByPath ? f.parameterSubtrees : [],
      roleName: names.roleName(project, e.name, f.name),
      logGroupName: names.lambdaLogGroupName(names.roleName(project, e.name, f.name)),
      usage: f.usage ? { ...f.usage, cacheTtlSeconds: f.usage.cacheTtlSeconds ?? EXTENSION_DEFAULT_TTL_SECONDS } : undefined,
    })),
    syncs: e.syncs.map((s) => ({
      ...s,
      roleName: names.syncRoleName(project, e.name, s.name),
      preset: s.preset as 'doppler' | undefined,
      principal: s.principal ?? presetPrincipal(s.preset),
      externalId: (s.options as AwsExternalSyncOptions).externalId,
    })),
    rotation: e.rotation
      ? {
          ...e.rotation,
          logGroupName: names.lambdaLogGroupName(e.rotation.functionName),
          secretNamePrefix: names.secretNamePrefix(project, e.name),
        }
      : undefined,
    auditStackName: e.auditStackName,
    options: e.options,
  };
}

function presetPrincipal(preset: string | undefined): string {
  if (preset === 'doppler') return DOPPLER_PRINCIPAL;
  throw new Error(`unreachable: the AWS spec allows a principal or the \`doppler\` preset, got ${String(preset)}`);
}

function awsGenerate(g: core.GenerateModel): GenerateModel {
  const o = g.options as AwsGenerateOptions;
  return {
    length: g.length,
    excludeCharacters: g.excludeCharacters,
    excludeNumbers: g.excludeNumbers,
    excludePunctuation: g.excludePunctuation,
    excludeUppercase: g.excludeUppercase,
    excludeLowercase: g.excludeLowercase,
    includeSpace: o.includeSpace ?? false,
    requireEachIncludedType: o.requireEachIncludedType ?? true,
    options: g.options,
  };
}

function awsRotation(r: core.RotationModel): RotationModel {
  const o = r.options as AwsRotationOptions;
  const scheduleExpression = r.every ? everyToSchedule(r.every) : o.schedule!;
  return {
    every: r.every,
    options: r.options,
    scheduleExpression,
    intervalHours: r.every ? intervalHours(r.every) : rateHours(scheduleExpression),
    window: o.window,
    rotateImmediately: o.rotateImmediately ?? false,
    function: r.function.kind === 'builtin' ? { kind: 'builtin' } : { kind: 'custom', ref: r.function.ref, arn: r.function.ref },
  };
}
