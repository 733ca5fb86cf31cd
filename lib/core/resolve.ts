/**
 * Spec -> Model: per environment, with every default applied, globs expanded and names built
 * (through `names.ts`, nowhere else). Runs only on a spec that passed `validateSpec`.
 */
import { Problem, problem } from './errors';
import { expand, subtreeOf } from './glob';
import { everyToSchedule, intervalHours, rateHours } from './duration';
import * as names from './names';
import type {
  AccountModel,
  EnvironmentModel,
  ExternalSyncModel,
  FunctionModel,
  FunctionUsageModel,
  GenerateModel,
  ParameterModel,
  PlatformModel,
  RotationModel,
  SecretModel,
  SuppressionModel,
} from './model';
import type { GenerateSpec, PlatformSpec, RotationSpec, SuppressionSpec, UsageSpec } from './schema';
import { PROTECTED_WINDOW_DAYS, environmentsOf, isProtected, regionsOf } from './validate';

/** Tag keys the kit sets on everything; spec tags of the same key are overridden. */
export const KIT_TAGS = { managedBy: 'ManagedBy', project: 'Project', environment: 'Environment' } as const;
const MANAGED_BY = 'secrets-platform-kit';

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function resolve(spec: PlatformSpec): PlatformModel {
  const tags = { ...spec.tags, [KIT_TAGS.project]: spec.project, [KIT_TAGS.managedBy]: MANAGED_BY };
  const environments = Object.keys(spec.environments)
    .sort()
    .map((env) => resolveEnvironment(spec, env, tags));
  return {
    project: spec.project,
    cloud: spec.cloud,
    tags,
    backend: spec.backend,
    audit: spec.audit,
    environments,
    accounts: resolveAccounts(spec, environments),
    suppressions: suppressionsAt(['guardrails', 'suppress'], spec.guardrails?.suppress),
  };
}

function resolveAccounts(spec: PlatformSpec, environments: readonly EnvironmentModel[]): AccountModel[] {
  const accounts = [...new Set(environments.map((e) => e.account))].sort();
  return accounts.map((account) => {
    const envs = environments.filter((e) => e.account === account);
    return {
      account,
      stackName: names.auditStackName(spec.project, account),
      // validateSpec refuses an account whose environments disagree on either.
      homeRegion: envs[0].primaryRegion,
      environments: envs.map((e) => e.name),
      protect: envs.some((e) => e.protect),
      assumeRoleArn: envs[0].assumeRoleArn,
    };
  });
}

function resolveEnvironment(spec: PlatformSpec, env: string, platformTags: Record<string, string>): EnvironmentModel {
  const e = spec.environments[env];
  const { project } = spec;
  const { primary, replicas } = regionsOf(spec, env);
  const protect = isProtected(env, e.protect);
  const longWindow = PROTECTED_WINDOW_DAYS;
  const shortWindow = 7;

  const inEnv = (subset: readonly string[] | undefined) => environmentsOf(spec, subset).includes(env);
  const secretPaths = Object.keys(spec.secrets).filter((p) => inEnv(spec.secrets[p].environments)).sort();
  const parameterPaths = Object.keys(spec.parameters).filter((p) => inEnv(spec.parameters[p].environments)).sort();

  const functions: FunctionModel[] = Object.entries(spec.functions)
    .filter(([, fn]) => inEnv(fn.environments))
    .map(([name, fn]) => {
      const regions = fn.regions ?? [primary];
      const roleName = names.roleName(project, env, name);
      return {
        name,
        roleName,
        id: names.idFor(name),
        regions: [primary, ...replicas].filter((r) => regions.includes(r)),
        secrets: unique(fn.secrets.flatMap((ref) => expand(ref, secretPaths))),
        parameters: unique(fn.parameters.flatMap((ref) => expand(ref, parameterPaths))),
        // By-path reading returns whatever lies under the path, declared or not: only on request.
        parameterSubtrees: fn.readParametersByPath ? unique(fn.parameters.map(subtreeOf).filter((s): s is string => s !== undefined)) : [],
        logGroupName: names.lambdaLogGroupName(roleName),
        usage: fn.usage ? resolveUsage(fn.usage, env) : undefined,
        suppressions: suppressionsAt(['functions', name, 'suppress'], fn.suppress),
      };
    })
    .sort(byName);

  const readers = { secrets: new Map<string, string[]>(), parameters: new Map<string, string[]>() };
  for (const f of functions) {
    for (const kind of ['secrets', 'parameters'] as const) {
      for (const path of f[kind]) readers[kind].set(path, [...(readers[kind].get(path) ?? []), f.name]);
    }
  }
  const readersOf = (kind: 'secrets' | 'parameters', path: string) => readers[kind].get(path) ?? [];

  // Every region of the environment, whoever reads them: a parameter never disappears (with a
  // SecureString's out-of-band value) because a function stopped running somewhere.
  const parameterRegions = [primary, ...replicas];

  const secrets: SecretModel[] = secretPaths.map((path) => {
    const s = spec.secrets[path];
    return {
      path,
      name: names.secretName(project, env, path),
      id: names.idFor(path),
      description: s.description,
      type: s.type,
      generate: s.type === 'generated' ? resolveGenerate(s.generate) : undefined,
      rotation: s.rotation ? resolveRotation(s.rotation) : undefined,
      replicaRegions: s.replicate ? replicas : [],
      readers: readersOf('secrets', path),
      suppressions: suppressionsAt(['secrets', path, 'suppress'], s.suppress),
    };
  });

  const parameters: ParameterModel[] = parameterPaths.map((path) => {
    const p = spec.parameters[path];
    return {
      path,
      name: names.parameterName(project, env, path),
      id: names.idFor(path),
      description: p.description,
      secure: p.secure,
      value: p.secure ? undefined : (p.values?.[env] ?? p.value),
      tier: p.tier ?? 'Standard',
      regions: parameterRegions,
      readers: readersOf('parameters', path),
      suppressions: suppressionsAt(['parameters', path, 'suppress'], p.suppress),
    };
  });

  const syncs: ExternalSyncModel[] = Object.entries(spec.externalSync)
    .filter(([, s]) => inEnv(s.environments))
    .map(([name, s]) => ({
      name,
      roleName: names.syncRoleName(project, env, name),
      id: names.idFor(name),
      preset: s.preset,
      principal: s.principal ?? presetPrincipal(s.preset),
      externalId: s.externalId,
      secrets: unique(s.secrets.flatMap((ref) => expand(ref, secretPaths))),
      parameters: unique(s.parameters.flatMap((ref) => expand(ref, parameterPaths))),
      read: s.read,
    }))
    .sort(byName);

  const builtinRotated = secrets.filter((s) => s.rotation?.function.kind === 'builtin').map((s) => s.path);
  const rotationName = names.rotationFunctionName(project, env);

  return {
    name: env,
    stackName: names.stackName(project, env),
    account: e.account,
    primaryRegion: primary,
    replicaRegions: replicas,
    regions: [primary, ...replicas],
    assumeRoleArn: e.assumeRoleArn,
    protect,
    keyAlias: names.keyAlias(project, env),
    keyAdmins: [...e.keyAdmins].sort(),
    keyDeletionWindowDays: e.keyDeletionWindowDays ?? (protect ? longWindow : shortWindow),
    secretRecoveryWindowDays: e.secretRecoveryWindowDays ?? (protect ? longWindow : shortWindow),
    permissionsBoundaryArn: e.permissionsBoundaryArn,
    parameterPrefix: names.parameterPrefix(project, env),
    tags: { ...platformTags, [KIT_TAGS.environment]: env },
    secrets,
    parameters,
    functions,
    syncs,
    rotation:
      builtinRotated.length > 0
        ? {
            functionName: rotationName,
            logGroupName: names.lambdaLogGroupName(rotationName),
            secretNamePrefix: names.secretNamePrefix(project, env),
            secrets: builtinRotated,
          }
        : undefined,
    auditStackName: names.auditStackName(project, e.account),
  };
}

/**
 * The IAM user Doppler's AWS Secrets Manager and Parameter Store integrations assume roles as,
 * as documented in Doppler's own Terraform provider (`doppler_integration_aws_secrets_manager`
 * and `doppler_integration_aws_parameter_store` examples), behind the workplace slug as external ID.
 */
export const DOPPLER_PRINCIPAL = 'arn:aws:iam::299900769157:user/doppler-integration-operator';

function presetPrincipal(preset: 'doppler' | undefined): string {
  if (preset === 'doppler') return DOPPLER_PRINCIPAL;
  throw new Error('unreachable: validateSpec requires a principal or a preset');
}

function resolveGenerate(g: GenerateSpec | undefined): GenerateModel {
  return {
    length: g?.length ?? 32,
    excludeCharacters: g?.excludeCharacters,
    excludeNumbers: g?.excludeNumbers ?? false,
    excludePunctuation: g?.excludePunctuation ?? false,
    excludeUppercase: g?.excludeUppercase ?? false,
    excludeLowercase: g?.excludeLowercase ?? false,
    includeSpace: g?.includeSpace ?? false,
    requireEachIncludedType: g?.requireEachIncludedType ?? true,
  };
}

function resolveRotation(r: RotationSpec): RotationModel {
  const scheduleExpression = r.every ? everyToSchedule(r.every) : r.schedule!;
  const fn = r.function ?? 'builtin';
  return {
    scheduleExpression,
    intervalHours: r.every ? intervalHours(r.every) : rateHours(scheduleExpression),
    window: r.window,
    rotateImmediately: r.rotateImmediately ?? false,
    function: fn === 'builtin' ? { kind: 'builtin' } : { kind: 'custom', arn: fn },
  };
}

/** The Parameters and Secrets Lambda Extension's default cache TTL. */
const EXTENSION_DEFAULT_TTL_SECONDS = 300;

function resolveUsage(u: UsageSpec, env: string): FunctionUsageModel {
  const inEnv = (count: number | Record<string, number> | undefined, fallback: number) =>
    count === undefined ? fallback : typeof count === 'number' ? count : (count[env] ?? fallback);
  return {
    invocationsPerMonth: inEnv(u.invocationsPerMonth, 0),
    cacheTtlSeconds: u.cacheTtlSeconds ?? EXTENSION_DEFAULT_TTL_SECONDS,
    concurrency: inEnv(u.concurrency, 1),
  };
}

function suppressionsAt(path: (string | number)[], list: readonly SuppressionSpec[] | undefined): SuppressionModel[] {
  return (list ?? []).map((s, i) => ({ ...s, specPath: [...path, i] }));
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}

/**
 * Distinct entries that would produce the same resource name or Terraform address. Checked on
 * the model because names depend on project, environment and entry together.
 */
export function findCollisions(model: PlatformModel): Problem[] {
  const problems: Problem[] = [];
  const seen = (kind: string, key: string, where: (string | number)[], owners: Map<string, string>) => {
    const first = owners.get(key);
    if (first !== undefined && first !== where.join('\u0000')) {
      problems.push(
        problem(where, `produces the ${kind} \`${key}\`, as does \`${first.split('\u0000').join('.')}\`; rename one of them`),
      );
    } else owners.set(key, where.join('\u0000'));
  };
  const roleOwners = new Map<string, string>();
  for (const env of model.environments) {
    const secretIds = new Map<string, string>();
    const parameterIds = new Map<string, string>();
    for (const s of env.secrets) seen('resource address', s.id, ['secrets', s.path], secretIds);
    for (const p of env.parameters) seen('resource address', p.id, ['parameters', p.path], parameterIds);
    // Functions receive each secret and parameter in an environment variable named after its path.
    const envVars = new Map<string, string>();
    for (const s of env.secrets) seen('environment variable', names.secretArnEnvVar(s.path), ['secrets', s.path], envVars);
    for (const p of env.parameters) seen('environment variable', names.parameterNameEnvVar(p.path), ['parameters', p.path], envVars);
    for (const f of env.functions) seen('IAM role name', `${env.account}:${f.roleName}`, ['functions', f.name], roleOwners);
    for (const s of env.syncs) seen('IAM role name', `${env.account}:${s.roleName}`, ['externalSync', s.name], roleOwners);
    if (env.rotation) seen('IAM role name', `${env.account}:${env.rotation.functionName}`, ['environments', env.name], roleOwners);
  }
  // Report each pair once, whichever environment found it first.
  const unique = new Map(problems.map((p) => [`${p.path.join('.')}|${p.message}`, p]));
  return [...unique.values()].map((p) => ({ ...p, message: p.message.replace(/`\d{12}:/, '`') }));
}
