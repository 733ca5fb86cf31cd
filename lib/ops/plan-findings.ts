/**
 * What a Terraform plan would do that a reviewer must not miss, read from `terraform show -json`:
 * every key, secret, replica or secure parameter that is destroyed, replaced, or created again
 * after it disappeared outside Terraform (a new ARN, and for a generated secret a NEW value),
 * and every change to a role's policy. Each finding is blocking and says, in plain words,
 * which spec entry it concerns.
 *
 * Resources are recognized by their type and their values (names, tags, ARNs), never by their
 * Terraform address, so findings survive any change of the address scheme. The names come from
 * the model: a secret named `{project}/{env}/db/password` is reported as `db/password`.
 */
import type { AccountModel, EnvironmentModel } from '../core/model';
import { awsViewOf } from '../aws/model';

/** The subset of Terraform's JSON plan format (format_version 1.x) this module reads. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly ResourceChange[];
}

export interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
  };
}

export type FindingKind = 'destroy' | 'replace' | 'recreate' | 'replica-removed' | 'policy-change';

export interface PlanFinding {
  /** What a person names to accept it (`--accept <subject>`): the spec path, role or key alias. */
  readonly subject: string;
  readonly kind: FindingKind;
  /** One sentence for people: "secret db/password will get a NEW value: ...". */
  readonly message: string;
  /** The Terraform address, for the curious; never used to recognize anything. */
  readonly address: string;
  readonly blocking: true;
}

/** The names a stack's resources carry, from the model: how a plan is mapped back to the spec. */
export interface PlanNames {
  /** Secret name -> spec path, with whether the kit generates its value. */
  readonly secrets: ReadonlyMap<string, { path: string; generated: boolean }>;
  /** Parameter name -> spec path. */
  readonly parameters: ReadonlyMap<string, string>;
  /** Role name -> what the role is for, e.g. `function payments-api`. */
  readonly roles: ReadonlyMap<string, string>;
  /** The environment key's alias, when the stack is an environment. */
  readonly keyAlias?: string;
  /** The environment key's description (how a key without alias in the plan is recognized). */
  readonly keyDescription?: string;
}

/** The names of an environment stack's resources (the plan is of AWS resources, so the AWS names). */
export function environmentNames(model: EnvironmentModel): PlanNames {
  const env = awsViewOf(model);
  const roles = new Map<string, string>(env.functions.map((f) => [f.roleName, `function ${f.name}`]));
  for (const sync of env.syncs) roles.set(sync.roleName, `external sync ${sync.name}`);
  if (env.rotation) roles.set(env.rotation.functionName, 'the built-in rotation function');
  return {
    secrets: new Map(env.secrets.map((s) => [s.name, { path: s.path, generated: s.type === 'generated' }])),
    parameters: new Map(env.parameters.map((p) => [p.name, p.path])),
    roles,
    keyAlias: env.keyAlias,
    keyDescription: `Secrets and secure parameters of ${env.stackName}`,
  };
}

/** An account stack holds no secrets or parameters: only keys and roles are recognized. */
export function accountNames(_account: AccountModel): PlanNames {
  return { secrets: new Map(), parameters: new Map(), roles: new Map() };
}

type Values = Record<string, unknown>;
const obj = (v: unknown): Values => (typeof v === 'object' && v !== null ? (v as Values) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const isReplace = (a: readonly string[]) => a.includes('delete') && a.includes('create');
const isDestroy = (a: readonly string[]) => a.length === 1 && a[0] === 'delete';
const isCreate = (a: readonly string[]) => a.length === 1 && a[0] === 'create';
const isUpdate = (a: readonly string[]) => a.length === 1 && a[0] === 'update';

/** `arn:aws:secretsmanager:eu-west-1:1111:secret:acme/dev/db/password-AbCdEf` -> its name. */
function secretNameFromArn(arn: string | undefined): string | undefined {
  const m = arn ? /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn) : null;
  return m?.[1];
}

const regionOfArn = (arn: string | undefined) => (arn ? arn.split(':')[3] || undefined : undefined);

/**
 * Findings of one plan. `plan.resource_drift` tells which resources disappeared outside
 * Terraform: a `create` of such an address is a create-after-delete, not a new entry.
 */
export function planFindings(plan: PlanJson, names: PlanNames): PlanFinding[] {
  const vanished = new Map<string, ResourceChange>();
  for (const d of plan.resource_drift ?? []) if (d.change.actions.includes('delete')) vanished.set(d.address, d);
  // Roles this plan creates: their first policies are part of a new entry, not a change.
  const newRoles = new Set(
    (plan.resource_changes ?? [])
      .filter((rc) => rc.type === 'aws_iam_role' && isCreate(rc.change.actions) && !vanished.has(rc.address))
      .map((rc) => str(obj(rc.change.after).name))
      .filter((n): n is string => n !== undefined),
  );
  const findings: PlanFinding[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode && rc.mode !== 'managed') continue;
    const actions = rc.change.actions;
    const before = obj(rc.change.before);
    const after = obj(rc.change.after);
    const drifted = vanished.get(rc.address);
    const previous = Object.keys(before).length > 0 ? before : obj(drifted?.change.before);
    const kind: FindingKind | undefined = isReplace(actions)
      ? 'replace'
      : isDestroy(actions)
        ? 'destroy'
        : isCreate(actions) && drifted
          ? 'recreate'
          : undefined;
    const values = { ...after, ...previous };
    const add = (subject: string, k: FindingKind, message: string) =>
      findings.push({ subject, kind: k, message, address: rc.address, blocking: true });

    switch (rc.type) {
      case 'aws_secretsmanager_secret': {
        const name = str(values.name) ?? secretNameFromArn(str(values.arn));
        const known = name ? names.secrets.get(name) : undefined;
        const subject = known?.path ?? name ?? rc.address;
        if (kind) add(subject, kind, secretMessage(subject, kind, known?.generated ?? false));
        if (isUpdate(actions)) {
          const regions = (v: Values) => new Set((Array.isArray(v.replica) ? v.replica : []).map((r) => str(obj(r).region)).filter(Boolean) as string[]);
          const kept = regions(after);
          const removed = [...regions(before)].filter((r) => !kept.has(r)).sort();
          if (removed.length > 0) {
            add(subject, 'replica-removed', `secret ${subject}: its replica in ${removed.join(', ')} will be DELETED; anything reading it there fails`);
          }
        }
        break;
      }
      case 'aws_secretsmanager_secret_version': {
        if (!kind) break;
        const name = secretNameFromArn(str(values.arn) ?? str(values.secret_id)) ?? str(values.secret_id);
        const known = name ? names.secrets.get(name) : undefined;
        const subject = known?.path ?? name ?? rc.address;
        if (kind === 'destroy') break; // the secret's own finding says it; a version alone is rotation's business
        add(subject, kind, `secret ${subject} will get a NEW value: the value it holds now is replaced; anything holding the old one (a database password, a signing key) must be updated`);
        break;
      }
      case 'aws_ssm_parameter': {
        if (!kind || str(values.type) !== 'SecureString') break;
        const name = str(values.name);
        const subject = (name && names.parameters.get(name)) ?? name ?? rc.address;
        add(subject, kind, parameterMessage(subject, kind));
        break;
      }
      case 'aws_kms_key':
      case 'aws_kms_replica_key': {
        if (!kind) break;
        const region = regionOfArn(str(values.arn));
        const isEnvKey = names.keyDescription !== undefined && str(values.description) === names.keyDescription;
        const what = isEnvKey && names.keyAlias ? `${names.keyAlias}` : `"${str(values.description) ?? rc.address}"`;
        const subject = isEnvKey && names.keyAlias ? `${names.keyAlias}${region ? `@${region}` : ''}` : str(values.description) ?? rc.address;
        add(subject, kind, keyMessage(`KMS key ${what}${region ? ` in ${region}` : ''}`, kind));
        break;
      }
      case 'aws_iam_role_policy': {
        if (actions.every((a) => a === 'no-op' || a === 'read')) break;
        const role = str(values.role);
        // A role's name is known at plan time unless the role itself is being created (or
        // replaced, which is its own finding): then this is its first policy, not a change.
        if ((role && newRoles.has(role)) || (!role && isCreate(actions))) break;
        const subject = role ?? rc.address;
        const owner = role ? names.roles.get(role) : undefined;
        const change = describePolicyChange(before.policy, after.policy, actions);
        add(subject, 'policy-change', `role ${subject}${owner ? ` (${owner})` : ''}: its policy ${str(values.name) ?? ''} ${change}`.replace(/  +/g, ' '));
        break;
      }
      case 'aws_iam_role': {
        if (!isUpdate(actions) && !kind) break;
        const role = str(values.name) ?? rc.address;
        const owner = names.roles.get(role);
        const trustChanged = JSON.stringify(before.assume_role_policy) !== JSON.stringify(after.assume_role_policy);
        if (kind) add(role, kind, `role ${role}${owner ? ` (${owner})` : ''} will be ${kind === 'destroy' ? 'DESTROYED' : 'REPLACED'}; whatever runs under it loses its access meanwhile`);
        else if (trustChanged) add(role, 'policy-change', `role ${role}${owner ? ` (${owner})` : ''}: who may assume it changes`);
        break;
      }
      case 'aws_iam_role_policy_attachment': {
        if (!isCreate(actions) && !kind) break;
        if (!str(values.role) && isCreate(actions)) break;
        const role = str(values.role) ?? rc.address;
        if (newRoles.has(role)) break;
        const owner = names.roles.get(role);
        const arn = str(values.policy_arn) ?? 'a managed policy';
        add(role, 'policy-change', `role ${role}${owner ? ` (${owner})` : ''}: ${isCreate(actions) && !drifted ? 'gains' : 'loses'} ${arn}`);
        break;
      }
      default:
        break;
    }
  }
  return findings;
}

function secretMessage(subject: string, kind: FindingKind, generated: boolean): string {
  const value = generated ? `${subject} will get a NEW value` : 'it will be EMPTY until its value is written again';
  switch (kind) {
    case 'recreate':
      return `secret ${subject} was deleted outside Terraform and will be created again with a new ARN; ${value}`;
    case 'replace':
      return `secret ${subject} will be REPLACED (destroyed, then created with a new ARN); ${value}`;
    default:
      return `secret ${subject} will be DESTROYED (scheduled for deletion after its recovery window); anything reading it fails`;
  }
}

function parameterMessage(subject: string, kind: FindingKind): string {
  switch (kind) {
    case 'recreate':
      return `secure parameter ${subject} was deleted outside Terraform and will be created again holding the placeholder: write its value again`;
    case 'replace':
      return `secure parameter ${subject} will be REPLACED and hold the placeholder: write its value again`;
    default:
      return `secure parameter ${subject} will be DESTROYED; its value is lost`;
  }
}

function keyMessage(what: string, kind: FindingKind): string {
  switch (kind) {
    case 'recreate':
      return `${what} was deleted outside Terraform and will be created again: what was encrypted under the old key cannot be read with the new one`;
    case 'replace':
      return `${what} will be REPLACED: the old key is scheduled for deletion, and what it encrypted becomes unreadable when it is gone`;
    default:
      return `${what} will be scheduled for DELETION: what it encrypted becomes unreadable when it is gone`;
  }
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

/** `Allow secretsmanager:GetSecretValue on arn:...` for every action x resource of a policy document. */
function grants(policy: unknown): Set<string> {
  const out = new Set<string>();
  let doc: { Statement?: Statement | Statement[] };
  try {
    doc = typeof policy === 'string' ? JSON.parse(policy) : {};
  } catch {
    return out;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const list = (v: string | string[] | undefined) => (v === undefined ? ['*'] : Array.isArray(v) ? v : [v]);
  for (const s of statements) for (const a of list(s.Action)) for (const r of list(s.Resource)) out.add(`${s.Effect ?? 'Allow'} ${a} on ${r}`);
  return out;
}

function describePolicyChange(before: unknown, after: unknown, actions: readonly string[]): string {
  if (isDestroy(actions)) return 'will be DELETED';
  if (typeof after !== 'string') return 'will change (the new document is known only after apply)';
  const was = grants(before);
  const now = grants(after);
  const added = [...now].filter((g) => !was.has(g)).sort();
  const removed = [...was].filter((g) => !now.has(g)).sort();
  const parts: string[] = [];
  if (added.length) parts.push(`grants ${added.slice(0, 5).join('; ')}${added.length > 5 ? ` and ${added.length - 5} more` : ''}`);
  if (removed.length) parts.push(`no longer grants ${removed.slice(0, 5).join('; ')}${removed.length > 5 ? ` and ${removed.length - 5} more` : ''}`);
  return parts.length ? `changes: ${parts.join('; and ')}` : 'changes (conditions or statement layout only)';
}

/** Findings not named by `accepted` (subjects), which therefore block an apply. */
export function unaccepted(findings: readonly PlanFinding[], accepted: readonly string[]): PlanFinding[] {
  return findings.filter((f) => f.blocking && !accepted.includes(f.subject));
}

/** Markdown lines for the review comment (empty when there is nothing to flag). */
export function findingsMarkdown(findings: readonly PlanFinding[]): string[] {
  if (findings.length === 0) return [];
  return [
    `**${findings.length} blocking finding${findings.length === 1 ? '' : 's'}** (an apply refuses ${findings.length === 1 ? 'it' : 'them'} unless accepted by name):`,
    '',
    ...findings.map((f) => `- :warning: ${f.message} (accept with \`--accept ${f.subject}\`)`),
    '',
  ];
}
