/**
 * Drift in the words of the review report: what changed in the cloud outside Terraform
 * (`resource_drift` of a plan) and what the next deploy would do about it, each resource named
 * as the report names it (`secret db/password`, `role acme-dev-api (function api)`).
 */
import type { PlanNames, PlanJson, ResourceChange } from './plan-findings';
import { planFindings } from './plan-findings';

type Values = Record<string, unknown>;
const obj = (v: unknown): Values => (typeof v === 'object' && v !== null ? (v as Values) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const secretName = (arn: string | undefined) => (arn ? /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn)?.[1] : undefined);

/** A resource as a person reading the review report knows it. */
export function describeResource(rc: ResourceChange, names: PlanNames): string {
  const v = { ...obj(rc.change.after), ...obj(rc.change.before) };
  const secret = (name: string | undefined) => (name && names.secrets.get(name)?.path) ?? name ?? rc.address;
  const role = (name: string | undefined) => {
    const owner = name ? names.roles.get(name) : undefined;
    return `role ${name ?? rc.address}${owner ? ` (${owner})` : ''}`;
  };
  switch (rc.type) {
    case 'aws_secretsmanager_secret':
      return `secret ${secret(str(v.name))}`;
    case 'aws_secretsmanager_secret_version':
      return `value of secret ${secret(secretName(str(v.arn) ?? str(v.secret_id)))}`;
    case 'aws_secretsmanager_secret_policy':
      return `resource policy of secret ${secret(secretName(str(v.secret_arn)))}`;
    case 'aws_secretsmanager_secret_rotation':
      return `rotation of secret ${secret(secretName(str(v.secret_id)))}`;
    case 'aws_ssm_parameter': {
      const name = str(v.name);
      const path = (name && names.parameters.get(name)) ?? name ?? rc.address;
      return `${str(v.type) === 'SecureString' ? 'secure parameter' : 'parameter'} ${path}`;
    }
    case 'aws_kms_key':
    case 'aws_kms_replica_key': {
      const region = str(v.arn)?.split(':')[3];
      const own = names.keyDescription !== undefined && str(v.description) === names.keyDescription;
      return `KMS key ${own && names.keyAlias ? names.keyAlias : `"${str(v.description) ?? rc.address}"`}${region ? ` in ${region}` : ''}`;
    }
    case 'aws_kms_alias':
      return `key alias ${str(v.name) ?? rc.address}`;
    case 'aws_iam_role':
      return role(str(v.name));
    case 'aws_iam_role_policy':
      return `policy of ${role(str(v.role))}`;
    case 'aws_lambda_function':
      return `function ${str(v.function_name) ?? rc.address}`;
    default:
      return `${rc.type} ${rc.address}`;
  }
}

/** Top-level attributes whose values differ, `tags_all` folded into `tags`. */
function changedAttributes(rc: ResourceChange): string[] {
  const before = obj(rc.change.before);
  const after = obj(rc.change.after);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).map((k) => (k === 'tags_all' ? 'tags' : k));
  return [...new Set(changed)].sort();
}

function actionWords(actions: readonly string[]): string {
  if (actions.includes('delete') && actions.includes('create')) return 'be replaced';
  if (actions.includes('create')) return 'be created';
  if (actions.includes('delete')) return 'be destroyed';
  return 'be updated';
}

export interface StackDrift {
  readonly stack: string;
  /** Changed outside Terraform: `secret db/password: description changed`. */
  readonly outside: string[];
  /** What the next deploy would do: `secret db/password would be updated (description)`. */
  readonly planned: string[];
  readonly findings: string[];
}

export function stackDrift(stack: string, plan: PlanJson, names: PlanNames): StackDrift {
  const outside = (plan.resource_drift ?? []).map((d) => {
    const what = describeResource(d, names);
    if (d.change.actions.includes('delete')) return `${what}: deleted outside Terraform`;
    const attrs = changedAttributes(d);
    return `${what}: ${attrs.length ? `${attrs.join(', ')} changed` : 'changed'} outside Terraform`;
  });
  const planned = (plan.resource_changes ?? [])
    .filter((rc) => !rc.change.actions.every((a) => a === 'no-op' || a === 'read'))
    .map((rc) => {
      const attrs = rc.change.actions.includes('update') ? changedAttributes(rc) : [];
      return `${describeResource(rc, names)} would ${actionWords(rc.change.actions)}${attrs.length ? ` (${attrs.join(', ')})` : ''}`;
    });
  return { stack, outside, planned, findings: planFindings(plan, names).map((f) => f.message) };
}

export const DRIFT_MARKER = '<!-- secrets-platform-drift -->';

/** The issue body; `undefined` when nothing drifted (no issue, no noise). */
export function driftIssue(drifts: readonly StackDrift[], runUrl?: string): string | undefined {
  const drifted = drifts.filter((d) => d.outside.length > 0 || d.planned.length > 0);
  if (drifted.length === 0) return undefined;
  const lines = [
    DRIFT_MARKER,
    `The cloud no longer matches what was deployed in ${drifted.length} stack${drifted.length === 1 ? '' : 's'}: ${drifted.map((d) => d.stack).join(', ')}.`,
    runUrl ? `Found by ${runUrl}; this issue is updated by every check that still finds drift.` : 'This issue is updated by every check that still finds drift.',
    '',
  ];
  for (const d of drifted) {
    lines.push(`### ${d.stack}`, '');
    if (d.outside.length) lines.push('Changed outside Terraform:', '', ...d.outside.map((l) => `- ${l}`), '');
    if (d.planned.length) lines.push('What the next deploy would do:', '', ...d.planned.map((l) => `- ${l}`), '');
    if (d.findings.length) lines.push('Blocking findings (an apply refuses them unless accepted by name):', '', ...d.findings.map((l) => `- :warning: ${l}`), '');
  }
  lines.push('To bring a stack back to the spec: `npm run plan -- <stack>`, review, `npm run apply -- <stack>` (or re-run the deploy workflow). To keep a change made outside Terraform, put it in the spec. See docs/deploying.md.');
  return lines.join('\n');
}
