/**
 * CloudWatch Logs filter patterns over CloudTrail records, and the event names they watch.
 * Pure functions of the model: unit-tested for what they match and for CloudWatch's limits.
 */
import type { EnvironmentModel, SecretModel } from '../model';
import { roleName, secretName } from '../names';

/** CloudWatch Logs rejects a filter pattern longer than this (PutMetricFilter `filterPattern`). */
export const FILTER_PATTERN_MAX_LENGTH = 1024;

/** CloudWatch Logs accepts metric filter names up to this long. */
export const FILTER_NAME_MAX_LENGTH = 512;

/** CloudWatch Logs allows this many metric filters on one log group. */
export const METRIC_FILTERS_PER_LOG_GROUP = 100;

/** Services whose denied calls raise the denied-access alarm. */
export const WATCHED_SOURCES = ['secretsmanager.amazonaws.com', 'ssm.amazonaws.com', 'kms.amazonaws.com'] as const;

/**
 * Deleting, restoring, un-replicating a secret, changing its resource policy or its tags (a
 * rotated secret's `RotationGenerateOptions` tag tells the rotation function how to generate).
 */
export const SECRET_CHANGE_EVENTS = [
  'DeleteSecret',
  'RestoreSecret',
  'RemoveRegionsFromReplication',
  'StopReplicationToReplica',
  'PutResourcePolicy',
  'DeleteResourcePolicy',
  'TagResource',
  'UntagResource',
] as const;

/** Disabling a key, scheduling its deletion or changing its policy. */
export const KEY_CHANGE_EVENTS = ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'] as const;

/** Stopping, deleting or reconfiguring a trail. */
export const TRAIL_CHANGE_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'] as const;

/** The fixed checks of every account: a name (alarm `{project}-audit-{check}`), a pattern, a description. */
export interface AuditCheck {
  readonly check: string;
  readonly pattern: string;
  readonly description: string;
}

const quote = (value: string) => JSON.stringify(value);
const eq = (field: string, value: string) => `($.${field}=${quote(value)})`;
const ne = (field: string, value: string) => `($.${field}!=${quote(value)})`;
const anyOf = (terms: readonly string[]) => (terms.length === 1 ? terms[0] : `(${terms.join('||')})`);
const allOf = (terms: readonly string[]) => (terms.length === 1 ? terms[0] : `(${terms.join('&&')})`);
/** A JSON filter pattern: the outer braces around one expression. */
const json = (expression: string) => `{${expression}}`;

const fromSource = (source: string) => eq('eventSource', source);
const named = (events: readonly string[]) => anyOf(events.map((e) => eq('eventName', e)));

export const FIXED_CHECKS: readonly AuditCheck[] = [
  {
    check: 'denied-access',
    // Secrets Manager reports `AccessDenied`, KMS and SSM `AccessDeniedException`; some APIs use `*UnauthorizedOperation`.
    pattern: json(
      allOf([
        anyOf(WATCHED_SOURCES.map(fromSource)),
        anyOf([eq('errorCode', 'AccessDenied*'), eq('errorCode', '*UnauthorizedOperation')]),
      ]),
    ),
    description: 'A call to Secrets Manager, SSM or KMS was denied',
  },
  {
    check: 'secret-changes',
    pattern: json(allOf([fromSource('secretsmanager.amazonaws.com'), named(SECRET_CHANGE_EVENTS)])),
    description: 'A secret was deleted, restored, removed from a replica region, or its resource policy or tags changed',
  },
  {
    check: 'key-changes',
    pattern: json(allOf([fromSource('kms.amazonaws.com'), named(KEY_CHANGE_EVENTS)])),
    description: 'A KMS key was disabled, scheduled for deletion, or its key policy changed',
  },
  {
    // Terraform cannot see a SecureString's key once an out-of-band writer owns the value (the
    // kit ignores `key_id`, see ssm-parameter.ts): a value re-written without `--key-id` silently
    // lands under the AWS managed `aws/ssm` key. This alarm makes that visible.
    check: 'parameter-default-key',
    pattern: json(
      allOf([
        fromSource('ssm.amazonaws.com'),
        eq('eventName', 'PutParameter'),
        eq('requestParameters.type', 'SecureString'),
        '($.errorCode NOT EXISTS)',
        anyOf(['($.requestParameters.keyId NOT EXISTS)', eq('requestParameters.keyId', 'alias/aws/ssm'), eq('requestParameters.keyId', '*:alias/aws/ssm')]),
      ]),
    ),
    description: 'A SecureString was written under the AWS managed aws/ssm key instead of its environment key (no --key-id)',
  },
  {
    check: 'trail-changes',
    pattern: json(allOf([fromSource('cloudtrail.amazonaws.com'), named(TRAIL_CHANGE_EVENTS)])),
    description: 'A trail was stopped, deleted or reconfigured',
  },
];

/** How precisely a secret's unexpected-reader filter names the expected callers. */
export type ReaderMatch =
  /** The secret by name and ARN, the exact role names of its readers and its rotation role. */
  | 'exact'
  /** The secret by name and ARN, any role named like a kit role of the environment. */
  | 'secret-role-prefix'
  /** Every secret of the environment, any role named like a kit role of the environment. */
  | 'environment-prefix';

export interface ReaderFilter {
  readonly secretPath: string;
  readonly match: ReaderMatch;
  readonly pattern: string;
}

/**
 * The roles that may read a secret: its declared readers' execution roles, the built-in
 * rotation role when the secret rotates with it, and external syncs that may read back.
 */
export function expectedReaderRoles(project: string, env: EnvironmentModel, secret: SecretModel): string[] {
  const readers = secret.readers.map((fn) => env.functions.find((f) => f.name === fn)?.roleName ?? roleName(project, env.name, fn));
  const rotation = secret.rotation?.function.kind === 'builtin' && env.rotation ? [env.rotation.functionName] : [];
  const syncs = env.syncs.filter((s) => s.read && s.secrets.includes(secret.path)).map((s) => s.roleName);
  return [...new Set([...readers, ...rotation, ...syncs])].sort();
}

/** Successful GetSecretValue calls (BatchGetSecretValue records one GetSecretValue per secret). */
const SUCCESSFUL_READ = [fromSource('secretsmanager.amazonaws.com'), eq('eventName', 'GetSecretValue'), '($.errorCode NOT EXISTS)'];

/**
 * `secretId` is exactly this secret: its name, its partial ARN (`...:secret:{name}`) or its full
 * ARN (`...:secret:{name}-` and six characters). A pattern has no one-character wildcard, so
 * `{name}-*` would also match the full ARN of a secret named `{name}-old`: every other secret of
 * the environment whose name starts with `{name}-` is excluded by name.
 */
const secretIdIs = (name: string, others: readonly string[]) => {
  const longer = others.filter((o) => o.startsWith(`${name}-`));
  return anyOf([
    eq('requestParameters.secretId', name),
    eq('requestParameters.secretId', `*:secret:${name}`),
    allOf([eq('requestParameters.secretId', `*:secret:${name}-*`), ...longer.flatMap((o) => [ne('requestParameters.secretId', `*:secret:${o}`), ne('requestParameters.secretId', `*:secret:${o}-*`)])]),
  ]);
};

/** Any secret whose name starts with `prefix`, by name or ARN. */
const secretIdUnder = (prefix: string) =>
  anyOf([eq('requestParameters.secretId', `${prefix}*`), eq('requestParameters.secretId', `*:secret:${prefix}*`)]);

/**
 * Callers other than `roles` (names, or `*` patterns): anything that is not an assumed role
 * (users, root, federated sessions), or an assumed role whose issuing role is none of them.
 */
const callerNotIn = (roles: readonly string[]) =>
  anyOf([ne('userIdentity.type', 'AssumedRole'), allOf(roles.map((r) => ne('userIdentity.sessionContext.sessionIssuer.userName', r)))]);

/** `{project}-{env}-*`: every role the kit names for the environment (functions, syncs, rotation). */
const kitRolePrefix = (project: string, env: EnvironmentModel) => `${roleName(project, env.name, '')}*`;

/**
 * The unexpected-reader filter of one secret, as precise as CloudWatch's pattern length allows:
 * exact role names first; when too many readers overflow the pattern, any kit role of the
 * environment (IAM already denies undeclared kit roles, which raises the denied-access alarm);
 * when even the secret's name is too long, every secret of the environment.
 */
/**
 * One filter for every secret of the environment: a successful read by any caller that is not
 * a kit role of the environment. Used when the account has more secrets than CloudWatch's
 * filters per log group allow one each.
 */
export function environmentReaderFilter(project: string, env: EnvironmentModel): string {
  return json(allOf([...SUCCESSFUL_READ, secretIdUnder(secretName(project, env.name, '')), callerNotIn([kitRolePrefix(project, env)])]));
}

/** Whether an account's secrets fit one unexpected-reader filter each beside the fixed checks. */
export function fitsFilterPerSecret(environments: readonly EnvironmentModel[]): boolean {
  const secrets = environments.reduce((n, e) => n + e.secrets.length, 0);
  return FIXED_CHECKS.length + secrets <= METRIC_FILTERS_PER_LOG_GROUP;
}

export function readerFilter(project: string, env: EnvironmentModel, secret: SecretModel): ReaderFilter {
  const prefix = kitRolePrefix(project, env);
  const others = env.secrets.map((s) => s.name);
  const candidates: [ReaderMatch, string][] = [
    ['exact', json(allOf([...SUCCESSFUL_READ, secretIdIs(secret.name, others), callerNotIn(expectedReaderRoles(project, env, secret))]))],
    ['secret-role-prefix', json(allOf([...SUCCESSFUL_READ, secretIdIs(secret.name, others), callerNotIn([prefix])]))],
    ['environment-prefix', json(allOf([...SUCCESSFUL_READ, secretIdUnder(secretName(project, env.name, '')), callerNotIn([prefix])]))],
  ];
  const [match, pattern] = candidates.find(([, p]) => p.length <= FILTER_PATTERN_MAX_LENGTH) ?? candidates[candidates.length - 1];
  return { secretPath: secret.path, match, pattern };
}
