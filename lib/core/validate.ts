/**
 * Checks that need the whole spec: references between sections, exclusive options, coverage
 * of per-environment values. Shape checks are in the schema; a cloud's own limits are checked
 * by its backend against the resolved model.
 */
import { Problem, SpecPath, describeValue, problem } from './errors';
import { expand, isGlob } from './glob';
import { auditStackName, stackName } from './names';
import { LOGICAL_PATH_PATTERN, PlatformSpec } from './schema';

const PROTECTED_BY_DEFAULT = new Set(['prod', 'production']);

/** Whether an environment is protected: explicit `protect`, else true for prod/production. */
export function isProtected(name: string, protect: boolean | undefined): boolean {
  return protect ?? PROTECTED_BY_DEFAULT.has(name);
}

/** The environments an entry applies to: its `environments` subset, or all of them. */
export function environmentsOf(spec: PlatformSpec, subset: readonly string[] | undefined): string[] {
  const all = Object.keys(spec.environments).sort();
  return subset ? all.filter((e) => subset.includes(e)) : all;
}

/** The same, as a set, computed once per entry: large specs ask this for every reference. */
const envSets = new WeakMap<object, ReadonlySet<string>>();
function environmentSetOf(spec: PlatformSpec, entry: { environments?: readonly string[] }): ReadonlySet<string> {
  let set = envSets.get(entry);
  if (!set) {
    set = new Set(environmentsOf(spec, entry.environments));
    envSets.set(entry, set);
  }
  return set;
}

/** A list for a message: the first few, then how many more. */
function shortList(items: readonly string[], max = 8): string {
  if (items.length === 0) return 'none';
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} (and ${items.length - max} more)`;
}

/** The regions of an environment: its override or the platform's, primary first. */
export function regionsOf(spec: PlatformSpec, env: string): { primary: string; replicas: string[] } {
  const r = spec.environments[env]?.regions ?? spec.regions;
  return { primary: r.primary, replicas: [...r.replicas] };
}

export function validateSpec(spec: PlatformSpec): Problem[] {
  const problems: Problem[] = [];
  const envNames = Object.keys(spec.environments);

  checkRegions(['regions'], spec.regions, problems);
  const accounts = new Set(Object.values(spec.environments).map((e) => e.account));
  for (const [name, env] of Object.entries(spec.environments)) {
    if (env.regions) checkRegions(['environments', name, 'regions'], env.regions, problems);
    // `{project}-{env}` must not be the stack name of an account's audit stack.
    const stack = stackName(spec.project, name);
    const auditAccount = [...accounts].find((a) => auditStackName(spec.project, a) === stack);
    if (spec.audit.enabled && auditAccount !== undefined) {
      problems.push(
        problem(
          ['environments', name],
          `produces the stack name \`${stack}\`, which is the audit stack of account ${auditAccount}: rename the environment`,
        ),
      );
    }
  }

  // One audit stack per account, in the account's home region: the environments sharing an
  // account must agree on it (a backend checks what else they must share, e.g. a deploy role).
  if (spec.audit.enabled) {
    for (const account of [...accounts].sort()) {
      const envs = envNames.filter((n) => spec.environments[n].account === account);
      const disagree = (what: string, valueOf: (n: string) => string | undefined, fix: string) => {
        const values = new Set(envs.map(valueOf));
        if (values.size <= 1) return;
        const listed = envs.map((n) => `${n}: ${valueOf(n) ?? 'none'}`).join(', ');
        problems.push(problem(['environments', envs[1]], `account ${account} is shared by environments with different ${what} (${listed}); its audit stack needs one: ${fix}`));
      };
      disagree('primary regions', (n) => regionsOf(spec, n).primary, 'give them the same primary region, or put them in separate accounts');
    }
  }

  if (spec.promotion) {
    spec.promotion.forEach((e, i) => {
      if (!envNames.includes(e)) problems.push(problem(['promotion', i], `unknown environment ${describeValue(e)}; declared: ${envNames.join(', ')}`));
      else if (spec.promotion!.indexOf(e) !== i) problems.push(problem(['promotion', i], `${describeValue(e)} is listed twice; list every environment once`));
    });
    const missing = envNames.filter((e) => !spec.promotion!.includes(e));
    if (missing.length > 0) problems.push(problem(['promotion'], `missing ${missing.join(', ')}; list every environment once, in the order changes reach them`));
  }

  const checkSubset = (path: SpecPath, subset: readonly string[] | undefined) => {
    subset?.forEach((e, i) => {
      if (!envNames.includes(e)) {
        problems.push(problem([...path, i], `unknown environment ${describeValue(e)}; declared: ${envNames.join(', ')}`));
      }
    });
    checkDistinct(path, subset, problems);
  };

  for (const [path, secret] of Object.entries(spec.secrets)) {
    const at = ['secrets', path];
    checkLogicalPath(at, path, problems);
    checkSubset([...at, 'environments'], secret.environments);
    if (secret.type === 'external' && secret.generate) {
      problems.push(problem([...at, 'generate'], 'an external secret has no generator: remove `generate` or use `type: generated`'));
    }
    if (secret.rotation) {
      const r = secret.rotation;
      const rp = [...at, 'rotation'];
      const fn = r.function ?? 'builtin';
      if (fn === 'builtin' && secret.type === 'external') {
        problems.push(
          problem(
            [...rp, 'function'],
            'the built-in rotation generates a random value, but this secret is `external`: give your own rotation function that talks to the value\'s owner, or remove `rotation`',
          ),
        );
      }
    }
  }

  for (const [path, param] of Object.entries(spec.parameters)) {
    const at = ['parameters', path];
    checkLogicalPath(at, path, problems);
    checkSubset([...at, 'environments'], param.environments);
    const hasValue = param.value !== undefined;
    const hasValues = param.values !== undefined;
    if (param.secure) {
      if (hasValue || hasValues) {
        problems.push(
          problem(
            [...at, hasValue ? 'value' : 'values'],
            'a secure parameter never takes its value from the spec (the spec lives in git): remove it and set the value out of band',
          ),
        );
      }
    } else if (hasValue === hasValues) {
      problems.push(problem(at, hasValue ? 'give `value` or `values`, not both' : 'give a `value`, per-environment `values`, or mark it `secure: true`'));
    }
    if (param.values) {
      const wanted = environmentsOf(spec, param.environments);
      for (const env of Object.keys(param.values)) {
        if (!wanted.includes(env)) {
          problems.push(
            problem([...at, 'values', env], `no environment ${describeValue(env)} gets this parameter; expected one of: ${wanted.join(', ')}`),
          );
        }
      }
      for (const env of wanted) {
        if (!(env in param.values)) problems.push(problem([...at, 'values'], `missing a value for environment \`${env}\``));
      }
    }
  }

  const parameterPaths = Object.keys(spec.parameters);

  for (const [name, fn] of Object.entries(spec.functions)) {
    const at = ['functions', name];
    checkSubset([...at, 'environments'], fn.environments);
    const envs = environmentsOf(spec, fn.environments);
    checkReferences(spec, [...at, 'secrets'], `function \`${name}\``, fn.secrets, 'secrets', envs, problems);
    checkReferences(spec, [...at, 'parameters'], `function \`${name}\``, fn.parameters, 'parameters', envs, problems);
    checkDistinct([...at, 'regions'], fn.regions, problems);
    fn.regions?.forEach((region, i) => {
      for (const env of envs) {
        const r = regionsOf(spec, env);
        if (region !== r.primary && !r.replicas.includes(region)) {
          problems.push(
            problem(
              [...at, 'regions', i],
              `environment \`${env}\` does not run in ${describeValue(region)}; its regions are ${[r.primary, ...r.replicas].join(', ')}`,
            ),
          );
        }
      }
    });
    checkPerEnvironment([...at, 'usage', 'invocationsPerMonth'], fn.usage?.invocationsPerMonth, envs, problems);
    checkPerEnvironment([...at, 'usage', 'concurrency'], fn.usage?.concurrency, envs, problems);
  }

  for (const [name, sync] of Object.entries(spec.externalSync)) {
    const at = ['externalSync', name];
    checkSubset([...at, 'environments'], sync.environments);
    const envs = environmentsOf(spec, sync.environments);
    if (!sync.preset && !sync.principal) {
      problems.push(problem(at, 'give `principal` (who writes the values) or a `preset` such as `doppler`'));
    }
    if (sync.secrets.length === 0 && sync.parameters.length === 0) {
      problems.push(problem(at, 'a sync must write at least one secret or parameter: list them under `secrets` or `parameters`'));
    }
    checkReferences(spec, [...at, 'secrets'], `sync \`${name}\``, sync.secrets, 'secrets', envs, problems);
    checkReferences(spec, [...at, 'parameters'], `sync \`${name}\``, sync.parameters, 'parameters', envs, problems);
    sync.secrets.forEach((ref, i) => {
      for (const p of expand(ref, Object.keys(spec.secrets))) {
        if ((spec.secrets[p].type ?? 'generated') === 'generated') {
          problems.push(
            problem(
              [...at, 'secrets', i],
              `\`${p}\` is generated by the kit and rotated by its rotation function; a sync may only write \`type: external\` secrets (a written value would be overwritten, or would overwrite a rotated one)`,
            ),
          );
        }
      }
    });
    sync.parameters.forEach((ref, i) => {
      for (const p of expand(ref, parameterPaths)) {
        if (!spec.parameters[p].secure) {
          problems.push(problem([...at, 'parameters', i], `\`${p}\` takes its value from the spec; a sync may only write secure parameters`));
        }
      }
    });
  }

  return problems;
}

function checkRegions(at: SpecPath, r: { primary: string; replicas: readonly string[] }, problems: Problem[]): void {
  r.replicas.forEach((region, i) => {
    if (region === r.primary) problems.push(problem([...at, 'replicas', i], `${describeValue(region)} is the primary region; replicas must differ from it`));
  });
  checkDistinct([...at, 'replicas'], r.replicas, problems);
}

/** A per-environment map names exactly the environments the entry lives in. */
function checkPerEnvironment(at: SpecPath, value: number | Record<string, number> | undefined, envs: readonly string[], problems: Problem[]): void {
  if (value === undefined || typeof value === 'number') return;
  for (const env of Object.keys(value)) {
    if (!envs.includes(env)) problems.push(problem([...at, env], `no environment ${describeValue(env)} runs this function; expected one of: ${envs.join(', ')}`));
  }
  for (const env of envs) {
    if (!(env in value)) problems.push(problem(at, `missing a value for environment \`${env}\` (or give one number for all)`));
  }
}

function checkDistinct(at: SpecPath, list: readonly string[] | undefined, problems: Problem[]): void {
  list?.forEach((item, i) => {
    if (list.indexOf(item) !== i) problems.push(problem([...at, i], `${describeValue(item)} is listed twice`));
  });
}

function checkLogicalPath(at: SpecPath, path: string, problems: Problem[]): void {
  if (!LOGICAL_PATH_PATTERN.test(path)) {
    problems.push(
      problem(at, `${describeValue(path)} is not a logical path: use segments of letters, digits and _.+=@- separated by single \`/\`, with no leading or trailing \`/\``),
    );
  }
}

/** Every reference selects something, in every environment the referrer is in. */
function checkReferences(
  spec: PlatformSpec,
  at: SpecPath,
  who: string,
  refs: readonly string[],
  kind: 'secrets' | 'parameters',
  envs: readonly string[],
  problems: Problem[],
): void {
  const entries = spec[kind];
  const all = Object.keys(entries);
  const singular = kind === 'secrets' ? 'secret' : 'parameter';
  checkDistinct(at, refs, problems);
  refs.forEach((ref, i) => {
    const matched = expand(ref, all);
    if (matched.length === 0) {
      problems.push(
        problem(
          [...at, i],
          isGlob(ref)
            ? `${who}: the glob ${describeValue(ref)} matches no ${singular}; declared ${kind}: ${shortList(all)}`
            : `${who}: no ${singular} ${describeValue(ref)} is declared; add it under \`${kind}\` or fix the path`,
        ),
      );
      return;
    }
    for (const env of envs) {
      const inEnv = matched.filter((p) => environmentSetOf(spec, entries[p]).has(env));
      if (inEnv.length === 0) {
        problems.push(
          problem(
            [...at, i],
            `${who}: ${describeValue(ref)} selects no ${singular} in environment \`${env}\`; add \`${env}\` to the ${singular}'s \`environments\`, or limit the ${who.split(' ')[0]}'s \`environments\``,
          ),
        );
      } else if (!isGlob(ref) && inEnv.length !== matched.length) {
        problems.push(problem([...at, i], `${who}: ${describeValue(ref)} is not provisioned in environment \`${env}\``));
      }
    }
  });
}
