/**
 * AWS's own limits, checked on the resolved model before Terraform ever sees them. Each check
 * names the place in the spec that produced the value.
 */
import { Problem, describeValue, problem } from '../core/errors';
import type { PlatformModel as CoreModel } from '../core/model';
import { nameCollisions } from '../core/resolve';
import type { PlatformSpec } from '../core/schema';
import { subtreeOf } from '../core/glob';
import { environmentsOf, isProtected } from '../core/validate';
import { PROTECTED_WINDOW_DAYS, PlatformModel, awsModel } from './model';
import type { AwsPlatformSpec, S3BackendSpec } from './spec';
import { rateHours } from './schedule';
import { auditBucketName, parameterNameEnvVar, secretArnEnvVar, unexpectedReaderFilterName } from './names';
import { FILTER_NAME_MAX_LENGTH, FIXED_CHECKS, METRIC_FILTERS_PER_LOG_GROUP, fitsFilterPerSecret } from './audit/patterns';
import { customRotationProblems } from './environment-rotation';
import { GENERATED_VALUE_BOUNDS, ROTATION_OPTIONS_TAG, TAG_VALUE_MAX_LENGTH } from './rotation/config';
import { rotationTags } from './replicated-secret';

/** Regions of the `aws` partition (the kit builds `arn:aws:` ARNs; GovCloud and China are not supported). */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2',
  'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1',
  'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1',
  'us-west-2',
];

export const LIMITS = {
  secretNameLength: 512,
  /** Levels of a parameter name, the `/{project}/{env}` prefix included. */
  parameterDepth: 15,
  /** A parameter name including its full ARN. */
  parameterArnLength: 1011,
  standardValueBytes: 4096,
  advancedValueBytes: 8192,
  minRotationHours: 4,
  maxRotationHours: 1000 * 24,
  minWindowDays: 7,
  maxWindowDays: 30,
  roleNameLength: 64,
  lambdaNameLength: 64,
  passwordLength: { min: GENERATED_VALUE_BOUNDS.minLength, max: GENERATED_VALUE_BOUNDS.maxLength },
  tagsPerResource: 50,
} as const;

/** Characters SSM accepts in a parameter name (stricter than Secrets Manager's). */
const PARAMETER_NAME_CHARS = /^[A-Za-z0-9_.\-/]+$/;

/** Checks of AWS-only settings that need the whole spec (moved here from the neutral validator). */
function awsSpecProblems(spec: AwsPlatformSpec): Problem[] {
  const problems: Problem[] = [];
  for (const [name, env] of Object.entries(spec.environments)) {
    if (!isProtected(name, env.protect)) continue;
    for (const key of ['keyDeletionWindowDays', 'secretRecoveryWindowDays'] as const) {
      const days = env[key];
      if (days !== undefined && days !== PROTECTED_WINDOW_DAYS) {
        problems.push(
          problem(
            ['environments', name, key],
            `got ${days}; a protected environment keeps the longest window (${PROTECTED_WINDOW_DAYS} days): remove the key, or set \`protect: false\``,
          ),
        );
      }
    }
  }
  // The account's audit stack is deployed with one role: environments sharing the account agree on it.
  if (spec.audit.enabled) {
    const accounts = [...new Set(Object.values(spec.environments).map((e) => e.account))].sort();
    for (const account of accounts) {
      const envs = Object.keys(spec.environments).filter((n) => spec.environments[n].account === account);
      const roles = new Set(envs.map((n) => spec.environments[n].assumeRoleArn));
      if (roles.size > 1) {
        const listed = envs.map((n) => `${n}: ${spec.environments[n].assumeRoleArn ?? 'none'}`).join(', ');
        problems.push(
          problem(
            ['environments', envs[1]],
            `account ${account} is shared by environments with different \`assumeRoleArn\` (${listed}); its audit stack needs one: give each the same \`assumeRoleArn\` (or none)`,
          ),
        );
      }
    }
  }
  for (const [path, secret] of Object.entries(spec.secrets)) {
    const g = secret.generate;
    if (g?.excludeNumbers && g.excludePunctuation && g.excludeUppercase && g.excludeLowercase && !g.includeSpace) {
      problems.push(problem(['secrets', path, 'generate'], 'every character class is excluded: keep at least one of numbers, punctuation, uppercase or lowercase'));
    }
    const r = secret.rotation;
    if (r && (r.every === undefined) === (r.schedule === undefined)) {
      problems.push(problem(['secrets', path, 'rotation'], 'give exactly one of `every` (e.g. `30d`) or `schedule` (`rate(...)` or `cron(...)`)'));
    }
  }
  for (const [name, fn] of Object.entries(spec.functions)) {
    if (fn.readParametersByPath && !fn.parameters.some((ref) => subtreeOf(ref) !== undefined)) {
      problems.push(
        problem(['functions', name, 'readParametersByPath'], 'got true, but no entry of `parameters` is a subtree glob such as `db/*`: add one, or remove `readParametersByPath`'),
      );
    }
  }
  for (const [name, sync] of Object.entries(spec.externalSync)) {
    const envs = environmentsOf(spec as unknown as PlatformSpec, sync.environments);
    const thirdParty = sync.preset !== undefined || (sync.principal !== undefined && !envs.every((e) => sync.principal!.includes(`::${spec.environments[e].account}:`)));
    if (thirdParty && !sync.externalId) {
      problems.push(
        problem(['externalSync', name, 'externalId'], 'required for a principal outside the environment\'s account (it guards against the confused deputy): use the external ID the integration gives you'),
      );
    }
  }
  return problems;
}

/** IAM role names are unique per account; functions read each value from a variable named after its path. */
function awsNameCollisions(model: PlatformModel): Problem[] {
  const roles = model.environments.flatMap((env) => [
    ...env.functions.map((f) => ({ group: env.account, name: f.roleName, at: ['functions', f.name] })),
    ...env.syncs.map((s) => ({ group: env.account, name: s.roleName, at: ['externalSync', s.name] })),
    ...(env.rotation ? [{ group: env.account, name: env.rotation.functionName, at: ['environments', env.name] }] : []),
  ]);
  const variables = model.environments.flatMap((env) => [
    ...env.secrets.map((s) => ({ group: env.name, name: secretArnEnvVar(s.path), at: ['secrets', s.path] })),
    ...env.parameters.map((p) => ({ group: env.name, name: parameterNameEnvVar(p.path), at: ['parameters', p.path] })),
  ]);
  return [...nameCollisions('IAM role name', roles), ...nameCollisions('environment variable', variables)];
}

export function validateAwsLimits(neutral: CoreModel, neutralSpec: PlatformSpec): Problem[] {
  const spec = neutralSpec as unknown as AwsPlatformSpec;
  const specProblems = awsSpecProblems(spec);
  if (specProblems.length > 0) return specProblems;
  const model = awsModel(neutral);
  const collisions = awsNameCollisions(model);
  if (collisions.length > 0) return collisions;
  const problems: Problem[] = [];
  const checkRegion = (at: (string | number)[], region: string) => {
    if (!AWS_REGIONS.includes(region)) {
      problems.push(problem(at, `unknown AWS region ${describeValue(region)}; known regions: ${AWS_REGIONS.join(', ')}`));
    }
  };
  checkRegion(['regions', 'primary'], spec.regions.primary);
  spec.regions.replicas.forEach((r, i) => checkRegion(['regions', 'replicas', i], r));
  for (const [name, env] of Object.entries(spec.environments)) {
    if (env.regions) {
      checkRegion(['environments', name, 'regions', 'primary'], env.regions.primary);
      env.regions.replicas.forEach((r, i) => checkRegion(['environments', name, 'regions', 'replicas', i], r));
    }
    const windows = [
      ['keyDeletionWindowDays', env.keyDeletionWindowDays],
      ['secretRecoveryWindowDays', env.secretRecoveryWindowDays],
    ] as const;
    for (const [key, days] of windows) {
      // Secrets Manager also takes 0: delete at once, without recovery (never on a protected environment).
      const immediate = key === 'secretRecoveryWindowDays' && days === 0;
      if (days !== undefined && !immediate && (days < LIMITS.minWindowDays || days > LIMITS.maxWindowDays)) {
        const zero = key === 'secretRecoveryWindowDays' ? ', or 0 to delete at once without recovery (non-protected environments only)' : '';
        problems.push(problem(['environments', name, key], `got ${days}; AWS allows ${LIMITS.minWindowDays} to ${LIMITS.maxWindowDays} days${zero}`));
      }
    }
  }
  if (spec.backend !== 'local' && spec.backend.type === 's3') checkRegion(['backend', 'region'], (spec.backend as S3BackendSpec).region);

  if (/^(aws|ssm)/i.test(spec.project)) {
    problems.push(problem(['project'], 'SSM reserves parameter names starting with `aws` or `ssm`: choose a project name without that prefix'));
  }
  // The kit's own: `Environment` on everything, and the rotation options tag on rotated generated secrets.
  const rotationTag = model.environments.some((e) => e.secrets.some((x) => rotationTags(x) !== undefined)) ? 1 : 0;
  const tagCount = Object.keys(model.tags).length + 1 + rotationTag;
  if (tagCount > LIMITS.tagsPerResource) {
    problems.push(problem(['tags'], `${tagCount} tags with the kit's own; AWS allows ${LIMITS.tagsPerResource} per resource`));
  }
  for (const key of Object.keys(spec.tags)) {
    if (/^aws:/i.test(key)) problems.push(problem(['tags', key], 'the `aws:` prefix is reserved by AWS'));
  }

  const intervalByPath = new Map<string, number | undefined>();
  for (const e of model.environments) {
    for (const x of e.secrets) if (!intervalByPath.has(x.path)) intervalByPath.set(x.path, x.rotation?.intervalHours);
  }
  for (const [path, s] of Object.entries(spec.secrets)) {
    const g = s.generate;
    if (g?.length !== undefined && (g.length < LIMITS.passwordLength.min || g.length > LIMITS.passwordLength.max)) {
      problems.push(problem(['secrets', path, 'generate', 'length'], `got ${g.length}; the kit generates ${LIMITS.passwordLength.min} to ${LIMITS.passwordLength.max} characters (Secrets Manager's maximum; shorter values are guessable, and the built-in rotation refuses them)`));
    }
    if (s.rotation) {
      const r = s.rotation;
      const key = r.every !== undefined ? 'every' : 'schedule';
      const hours = intervalByPath.get(path);
      if (hours !== undefined && (hours < LIMITS.minRotationHours || hours > LIMITS.maxRotationHours)) {
        problems.push(problem(['secrets', path, 'rotation', key], `got ${describeValue(r[key])}; Secrets Manager rotates every 4 hours at the most and every 1000 days at the least`));
      }
      if (r.schedule && r.schedule.startsWith('rate(') && rateHours(r.schedule) === undefined) {
        problems.push(problem(['secrets', path, 'rotation', 'schedule'], `got ${describeValue(r.schedule)}; expected \`rate(N hours)\` or \`rate(N days)\``));
      }
      if (r.window) {
        const w = Number(r.window.slice(0, -1));
        if (w < 1 || w > 24) problems.push(problem(['secrets', path, 'rotation', 'window'], `got ${describeValue(r.window)}; a rotation window is 1h to 24h`));
        else if (hours !== undefined && w >= hours) {
          problems.push(problem(['secrets', path, 'rotation', 'window'], `the window (${r.window}) must be shorter than the interval between rotations`));
        }
      }
    }
  }

  for (const env of model.environments) {
    for (const s of env.secrets) {
      if (s.name.length > LIMITS.secretNameLength) {
        problems.push(problem(['secrets', s.path], `the secret name \`${s.name.slice(0, 40)}...\` is ${s.name.length} characters in environment \`${env.name}\`; Secrets Manager allows ${LIMITS.secretNameLength}`));
      }
    }
    for (const p of env.parameters) {
      const at = ['parameters', p.path];
      if (!PARAMETER_NAME_CHARS.test(p.path)) {
        problems.push(problem(at, `SSM parameter names allow only letters, digits and _.-/; ${describeValue(p.path)} has others`));
      }
      const depth = p.name.split('/').length - 1;
      if (depth > LIMITS.parameterDepth) {
        problems.push(problem(at, `\`${p.name}\` is ${depth} levels deep; SSM allows ${LIMITS.parameterDepth}, the /{project}/{env} prefix included`));
      }
      const arnLength = `arn:aws:ssm:${env.primaryRegion}:${env.account}:parameter${p.name}`.length;
      if (arnLength > LIMITS.parameterArnLength) {
        problems.push(problem(at, `the parameter ARN would be ${arnLength} characters; SSM allows ${LIMITS.parameterArnLength}`));
      }
      if (p.value !== undefined) {
        const bytes = Buffer.byteLength(p.value, 'utf8');
        const max = p.tier === 'Standard' ? LIMITS.standardValueBytes : LIMITS.advancedValueBytes;
        if (bytes > max) {
          const where = spec.parameters[p.path].values ? ['values', env.name] : ['value'];
          problems.push(
            problem(
              [...at, ...where],
              `the value is ${bytes} bytes; the ${p.tier} tier holds ${max}${p.tier === 'Standard' && bytes <= LIMITS.advancedValueBytes ? ' (set `tier: Advanced` for up to 8192)' : ''}`,
            ),
          );
        }
      }
    }
    const roles = [
      ...env.functions.map((f) => ({ at: ['functions', f.name], name: f.roleName })),
      ...env.syncs.map((s) => ({ at: ['externalSync', s.name], name: s.roleName })),
      ...(env.rotation ? [{ at: ['environments', env.name], name: env.rotation.functionName }] : []),
    ];
    for (const r of roles) {
      if (r.name.length > LIMITS.roleNameLength) {
        problems.push(problem(r.at, `the IAM role name \`${r.name}\` is ${r.name.length} characters; IAM allows ${LIMITS.roleNameLength}: shorten the project, environment or entry name`));
      }
    }
  }
  const rotation = model.environments.flatMap(customRotationProblems);
  return dedupe([...problems, ...rotation, ...rotationTagProblems(model), ...validateAuditLimits(model)]);
}

/** A rotated generated secret carries its generator options as a tag, which AWS caps at 256 characters. */
function rotationTagProblems(model: PlatformModel): Problem[] {
  const problems: Problem[] = [];
  for (const env of model.environments) {
    for (const s of env.secrets) {
      const value = rotationTags(s)?.[ROTATION_OPTIONS_TAG];
      if (value === undefined || value.length <= TAG_VALUE_MAX_LENGTH) continue;
      const at = ['secrets', s.path, 'generate', ...(s.generate?.excludeCharacters ? ['excludeCharacters'] : [])];
      problems.push(
        problem(
          at,
          `the generator options encode to ${value.length} characters in the secret's ${ROTATION_OPTIONS_TAG} tag, where rotation reads them; AWS allows ${TAG_VALUE_MAX_LENGTH}: exclude fewer characters one by one (e.g. \`excludePunctuation: true\` instead of listing them)`,
        ),
      );
    }
  }
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Map<string, Problem>();
  for (const p of problems) seen.set(`${p.path.join('\u0000')}|${p.message}`, p);
  return [...seen.values()];
}

/* ---------------------------------------------------------------------------------------------
 * Audit (one stack per account): retention values AWS accepts, the trail bucket's global name,
 * and CloudWatch's metric-filter quota on the trail's log group. Skipped when audit is off.
 * ------------------------------------------------------------------------------------------- */

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`). */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const AUDIT_LIMITS = {
  bucketNameLength: { min: 3, max: 63 },
  /** S3 reserves these prefixes of bucket names. */
  reservedBucketPrefixes: ['xn--', 'sthree-', 'amzn-s3-demo-'],
  metricFiltersPerLogGroup: METRIC_FILTERS_PER_LOG_GROUP,
} as const;

export function validateAuditLimits(model: PlatformModel): Problem[] {
  const { audit, project } = model;
  if (!audit.enabled) return [];
  const problems: Problem[] = [];
  if (!LOG_RETENTION_DAYS.includes(audit.logRetentionDays)) {
    problems.push(problem(['audit', 'logRetentionDays'], `got ${audit.logRetentionDays}; CloudWatch Logs keeps events for one of ${LOG_RETENTION_DAYS.join(', ')} days`));
  }
  if (audit.bucketRetentionDays < 1) {
    problems.push(problem(['audit', 'bucketRetentionDays'], `got ${audit.bucketRetentionDays}; an S3 lifecycle expires objects after 1 day at the earliest`));
  }
  for (const account of model.accounts) {
    const bucket = auditBucketName(project, account.account);
    const { min, max } = AUDIT_LIMITS.bucketNameLength;
    if (bucket.length < min || bucket.length > max) {
      problems.push(problem(['project'], `the trail bucket name \`${bucket}\` is ${bucket.length} characters; S3 allows ${min} to ${max}: shorten the project name`));
    }
    const reserved = AUDIT_LIMITS.reservedBucketPrefixes.find((prefix) => bucket.startsWith(prefix));
    if (reserved) problems.push(problem(['project'], `S3 reserves bucket names starting with \`${reserved}\`, and the trail bucket is \`${bucket}\`: choose another project name`));
    const environments = model.environments.filter((e) => e.account === account.account);
    for (const env of fitsFilterPerSecret(environments) ? environments : []) {
      for (const secret of env.secrets) {
        const filter = unexpectedReaderFilterName(project, env.name, secret.path);
        if (filter.length > FILTER_NAME_MAX_LENGTH) {
          problems.push(problem(['secrets', secret.path], `its audit metric filter \`${filter.slice(0, 40)}...\` in environment \`${env.name}\` would be ${filter.length} characters; CloudWatch Logs allows ${FILTER_NAME_MAX_LENGTH}: shorten the path`));
        }
      }
    }
    const filters = FIXED_CHECKS.length + (fitsFilterPerSecret(environments) ? environments.reduce((n, e) => n + e.secrets.length, 0) : environments.length);
    if (filters > AUDIT_LIMITS.metricFiltersPerLogGroup) {
      problems.push(
        problem(
          ['environments', account.environments[0]],
          `account ${account.account} (${account.environments.join(', ')}) would need ${filters} metric filters on its trail's log group; CloudWatch Logs allows ${AUDIT_LIMITS.metricFiltersPerLogGroup}: spread the environments over more accounts`,
        ),
      );
    }
  }
  return problems;
}
