/**
 * Spec -> Model: per environment, with every default applied, globs expanded and names built
 * (through `names.ts`, nowhere else). Runs only on a spec that passed `validateSpec`.
 */
import { Problem, problem } from './errors';
import { expand, subtreeOf } from './glob';
import { intervalHours } from './duration';
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
import type { CloudOptions } from './model';
import { GenerateSpec, NEUTRAL_KEYS, PlatformSpec, RotationSpec, SpecPlace, SuppressionSpec, UsageSpec } from './schema';
import { environmentsOf, isProtected, regionsOf } from './validate';

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
    };
  });
}

function resolveEnvironment(spec: PlatformSpec, env: string, platformTags: Record<string, string>): EnvironmentModel {
  const e = spec.environments[env];
  const { project } = spec;
  const { primary, replicas } = regionsOf(spec, env);
  const protect = isProtected(env, e.protect);

  const inEnv = (subset: readonly string[] | undefined) => environmentsOf(spec, subset).includes(env);
  const secretPaths = Object.keys(spec.secrets).filter((p) => inEnv(spec.secrets[p].environments)).sort();
  const parameterPaths = Object.keys(spec.parameters).filter((p) => inEnv(spec.parameters[p].environments)).sort();

  const functions: FunctionModel[] = Object.entries(spec.functions)
    .filter(([, fn]) => inEnv(fn.environments))
    .map(([name, fn]) => {
      const regions = fn.regions ?? [primary];
      return {
        name,
        identityName: names.identityName(project, env, name),
        id: names.idFor(name),
        regions: [primary, ...replicas].filter((r) => regions.includes(r)),
        secrets: unique(fn.secrets.flatMap((ref) => expand(ref, secretPaths))),
        parameters: unique(fn.parameters.flatMap((ref) => expand(ref, parameterPaths))),
        parameterSubtrees: unique(fn.parameters.map(subtreeOf).filter((s): s is string => s !== undefined)),
        usage: fn.usage ? resolveUsage(fn.usage, env) : undefined,
        suppressions: suppressionsAt(['functions', name, 'suppress'], fn.suppress),
        options: cloudOptions('function', fn),
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
  // secure parameter's out-of-band value) because a function stopped running somewhere.
  const parameterRegions = [primary, ...replicas];

  const secrets: SecretModel[] = secretPaths.map((path) => {
    const s = spec.secrets[path];
    return {
      path,
      logicalName: names.logicalName(project, env, path),
      id: names.idFor(path),
      description: s.description,
      type: s.type,
      generate: s.type === 'generated' ? resolveGenerate(s.generate) : undefined,
      rotation: s.rotation ? resolveRotation(s.rotation) : undefined,
      replicaRegions: s.replicate ? replicas : [],
      readers: readersOf('secrets', path),
      suppressions: suppressionsAt(['secrets', path, 'suppress'], s.suppress),
      options: cloudOptions('secret', s),
    };
  });

  const parameters: ParameterModel[] = parameterPaths.map((path) => {
    const p = spec.parameters[path];
    return {
      path,
      logicalName: names.logicalName(project, env, path),
      id: names.idFor(path),
      description: p.description,
      secure: p.secure,
      value: p.secure ? undefined : (p.values?.[env] ?? p.value),
      regions: parameterRegions,
      readers: readersOf('parameters', path),
      suppressions: suppressionsAt(['parameters', path, 'suppress'], p.suppress),
      options: cloudOptions('parameter', p),
    };
  });

  const syncs: ExternalSyncModel[] = Object.entries(spec.externalSync)
    .filter(([, s]) => inEnv(s.environments))
    .map(([name, s]) => ({
      name,
      identityName: names.syncIdentityName(project, env, name),
      id: names.idFor(name),
      preset: s.preset,
      principal: s.principal,
      secrets: unique(s.secrets.flatMap((ref) => expand(ref, secretPaths))),
      parameters: unique(s.parameters.flatMap((ref) => expand(ref, parameterPaths))),
      read: s.read,
      options: cloudOptions('externalSync', s),
    }))
    .sort(byName);

  const builtinRotated = secrets.filter((s) => s.rotation?.function.kind === 'builtin').map((s) => s.path);

  return {
    name: env,
    stackName: names.stackName(project, env),
    account: e.account,
    primaryRegion: primary,
    replicaRegions: replicas,
    regions: [primary, ...replicas],
    protect,
    tags: { ...platformTags, [KIT_TAGS.environment]: env },
    secrets,
    parameters,
    functions,
    syncs,
    rotation:
      builtinRotated.length > 0
        ? { functionName: names.rotationFunctionName(project, env), secrets: builtinRotated }
        : undefined,
    auditStackName: names.auditStackName(project, e.account),
    options: cloudOptions('environment', e),
  };
}

/** The keys of a spec entry that are not neutral: its cloud's own settings, for the backend. */
function cloudOptions(place: SpecPlace, entry: object): CloudOptions {
  const neutral = NEUTRAL_KEYS[place];
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !neutral.includes(key)));
}

function resolveGenerate(g: GenerateSpec | undefined): GenerateModel {
  return {
    length: g?.length ?? 32,
    excludeCharacters: g?.excludeCharacters,
    excludeNumbers: g?.excludeNumbers ?? false,
    excludePunctuation: g?.excludePunctuation ?? false,
    excludeUppercase: g?.excludeUppercase ?? false,
    excludeLowercase: g?.excludeLowercase ?? false,
    options: cloudOptions('generate', g ?? {}),
  };
}

function resolveRotation(r: RotationSpec): RotationModel {
  const fn = r.function ?? 'builtin';
  return {
    every: r.every,
    intervalHours: r.every ? intervalHours(r.every) : undefined,
    function: fn === 'builtin' ? { kind: 'builtin' } : { kind: 'custom', ref: fn },
    options: cloudOptions('rotation', r),
  };
}

function resolveUsage(u: UsageSpec, env: string): FunctionUsageModel {
  const inEnv = (count: number | Record<string, number> | undefined, fallback: number) =>
    count === undefined ? fallback : typeof count === 'number' ? count : (count[env] ?? fallback);
  return {
    invocationsPerMonth: inEnv(u.invocationsPerMonth, 0),
    cacheTtlSeconds: u.cacheTtlSeconds,
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
 * Distinct entries that would produce the same Terraform address. Checked on the model because
 * ids depend on the entries of one environment together; each backend checks its own names.
 */
export function findCollisions(model: PlatformModel): Problem[] {
  const problems: Problem[] = [];
  for (const env of model.environments) {
    const secretIds = new Map<string, string>();
    const parameterIds = new Map<string, string>();
    const seen = (owners: Map<string, string>, id: string, where: (string | number)[]) => {
      const first = owners.get(id);
      if (first !== undefined && first !== where.join('\u0000')) {
        problems.push(problem(where, `produces the resource address \`${id}\`, as does \`${first.split('\u0000').join('.')}\`; rename one of them`));
      } else owners.set(id, where.join('\u0000'));
    };
    for (const s of env.secrets) seen(secretIds, s.id, ['secrets', s.path]);
    for (const p of env.parameters) seen(parameterIds, p.id, ['parameters', p.path]);
  }
  // Report each pair once, whichever environment found it first.
  const unique = new Map(problems.map((p) => [`${p.path.join('.')}|${p.message}`, p]));
  return [...unique.values()];
}

/** Distinct entries whose names are the same within one group (an account, a project): for a backend's own names. */
export function nameCollisions(
  kind: string,
  entries: ReadonlyArray<{ readonly group: string; readonly name: string; readonly at: (string | number)[] }>,
): Problem[] {
  const owners = new Map<string, string>();
  const problems = new Map<string, Problem>();
  for (const e of entries) {
    const key = `${e.group}\u0000${e.name}`;
    const where = e.at.join('\u0000');
    const first = owners.get(key);
    if (first !== undefined && first !== where) {
      const p = problem(e.at, `produces the ${kind} \`${e.name}\`, as does \`${first.split('\u0000').join('.')}\`; rename one of them`);
      problems.set(`${where}|${p.message}`, p);
    } else owners.set(key, where);
  }
  return [...problems.values()];
}
