/**
 * Which spec entry a resource was built from, so findings name a place in `platform.yaml` and
 * the spec's suppressions reach the right resources.
 *
 * A construct may say it outright (`markOrigin(this, ['secrets', secret.path])`; the mark
 * covers everything beneath it). Otherwise the origin is inferred from the names the kit
 * gives resources (every name comes from `names.ts`, so a secret called
 * `{project}/{env}/{path}` came from `secrets.{path}`), then by following the attribute that
 * ties a dependent resource to its owner (a secret version's `secret_id`, a role policy's
 * `role`). Whatever remains belongs to its environment, or to `audit` in an account stack.
 */
import type { IConstruct } from 'constructs';
import type { SpecPath } from '../core/errors';
import type { AccountModel, EnvironmentModel } from '../aws/model';
import { referencedAddress } from './config';

const marks = new WeakMap<IConstruct, SpecPath>();

/** Declares that `construct` and everything beneath it come from the spec entry at `specPath`. */
export function markOrigin(construct: IConstruct, specPath: SpecPath): void {
  marks.set(construct, [...specPath]);
}

/** The nearest mark on the construct or one of its ancestors. */
export function markedOrigin(construct: IConstruct | undefined): SpecPath | undefined {
  for (let c = construct; c; c = c.node.scope) {
    const mark = marks.get(c);
    if (mark) return mark;
  }
  return undefined;
}

/** Resource type -> the attribute that points at the resource it belongs to. */
const OWNER_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_secretsmanager_secret_version: 'secret_id',
  aws_secretsmanager_secret_rotation: 'secret_id',
  aws_secretsmanager_secret_policy: 'secret_arn',
  aws_iam_role_policy: 'role',
  aws_iam_role_policy_attachment: 'role',
  aws_lambda_permission: 'function_name',
  aws_lambda_function: 'role',
};

/** Attributes that carry a kit-built name. */
const NAME_ATTRIBUTES = ['name', 'function_name'] as const;

export interface OriginSubject {
  readonly type: string;
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly marked?: SpecPath;
}

/** Origins of every element of one stack. */
export function inferOrigins(
  elements: readonly OriginSubject[],
  scope: { readonly environment?: EnvironmentModel; readonly account?: AccountModel },
): Map<string, SpecPath | undefined> {
  const byName = scope.environment ? namesOf(scope.environment) : new Map<string, SpecPath>();
  const byAddress = new Map(elements.map((e) => [e.address, e]));
  const fallback: SpecPath | undefined = scope.environment
    ? ['environments', scope.environment.name]
    : scope.account
      ? ['audit']
      : undefined;

  const direct = (e: OriginSubject): SpecPath | undefined => {
    if (e.marked) return e.marked;
    for (const attribute of NAME_ATTRIBUTES) {
      const value = e.config[attribute];
      if (typeof value === 'string' && byName.has(value)) return byName.get(value);
    }
    return undefined;
  };
  const viaOwner = (e: OriginSubject, depth: number): SpecPath | undefined => {
    const found = direct(e);
    if (found || depth === 0) return found;
    const attribute = OWNER_ATTRIBUTE[e.type];
    const owner = attribute ? byAddress.get(referencedAddress(e.config[attribute]) ?? '') : undefined;
    return owner ? viaOwner(owner, depth - 1) : undefined;
  };
  return new Map(elements.map((e) => [e.address, viaOwner(e, 3) ?? fallback]));
}

/** Every kit-built name of an environment, mapped to the spec entry that caused it. */
function namesOf(env: EnvironmentModel): Map<string, SpecPath> {
  const names = new Map<string, SpecPath>();
  for (const s of env.secrets) names.set(s.name, ['secrets', s.path]);
  for (const p of env.parameters) names.set(p.name, ['parameters', p.path]);
  for (const f of env.functions) {
    names.set(f.roleName, ['functions', f.name]);
    names.set(f.logGroupName, ['functions', f.name]);
  }
  for (const s of env.syncs) names.set(s.roleName, ['externalSync', s.name]);
  return names;
}
