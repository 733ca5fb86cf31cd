/**
 * The Terraform address of every resource the AWS backend creates, in one table
 * (docs/addresses.md shows it). Addresses derive from the model's names (a secret's logical
 * path, a function's name, a region), never from construct paths or list positions, so moving
 * code around or adding entries never renames, and so never replaces, anything.
 *
 * Before this scheme, CDKTF derived each address from the construct path plus a hash
 * (`aws_secretsmanager_secret.aws_secret-db_password_secret_6E7CC7AE`). `stableAddress` writes
 * a `moved` block from that old address to the new one, so a stack deployed by an earlier
 * version of the kit upgrades by moving state, never by destroying and re-creating.
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { auditAlarmPrefix, idFor } from './names';

/** The address-naming rules: `{what}_{stable name}`; the resource type already says the kind. */
export const addresses = {
  /** The environment key (`aws_kms_key`), its replicas (`aws_kms_replica_key`, by region) and aliases (`aws_kms_alias`, by region). */
  environmentKey: () => 'environment_key',
  environmentKeyIn: (region: string) => `environment_key_${region}`,
  /** Everything that belongs to one secret: the secret, its policy, its first value, its rotation schedule, a bring-your-own rotator's invoke permission. */
  secret: (id: string) => `secret_${id}`,
  /** A secret's ARN in a replica region (a local). */
  secretArnIn: (id: string, region: string) => `secret_${id}_arn_${region}`,
  /** One parameter in one region. */
  parameter: (id: string, region: string) => `parameter_${id}_${region}`,
  /** A function's execution role and its inline policy. */
  functionRole: (id: string) => `function_${id}`,
  /** An external sync's role and its inline policy. */
  syncRole: (id: string) => `sync_${id}`,
  /** The built-in rotation function and everything of its own: role, policy, key, alias, log group, invoke permission. */
  rotation: () => 'rotation',
  /** The account's audit key and alias, and the trail. */
  audit: () => 'audit',
  /** The trail's bucket and each of its settings. */
  auditBucket: () => 'audit_trail_logs',
  /** The log group the trail delivers to, and its delivery role and policy. */
  auditLogGroup: () => 'audit_trail',
  auditDeliveryRole: () => 'audit_trail_delivery',
  /** The alarm topic, its policy, and one subscription per email. */
  auditTopic: () => 'audit_alarms',
  auditSubscription: (email: string) => `audit_alarms_${idFor(email)}`,
  /** An audit alarm or metric filter, by its name without the `{project}-audit-` prefix. */
  auditCheck: (project: string, name: string) => `audit_${idFor(name.slice(auditAlarmPrefix(project).length))}`,
} as const;

/**
 * Context key that switches stable addresses off: the stack then synthesizes at the construct-path
 * addresses of earlier versions, without `moved` blocks. Only the upgrade test uses it, to build
 * state as an earlier version would have.
 */
export const LEGACY_ADDRESSES_CONTEXT = 'secrets-platform-kit:legacy-addresses';

/** Addresses already given out in each stack: a second one would silently replace the first. */
const taken = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Gives `resource` its stable address and moves it there from its construct-path address.
 * Call right after creating the resource, before anything reads one of its attributes.
 * Returns the resource.
 */
export function stableAddress<R extends TerraformResource>(resource: R, address: string): R {
  const stack = TerraformStack.of(resource);
  if (legacyAddresses(resource)) return resource;
  const full = `${resource.terraformResourceType}.${address}`;
  const inStack = taken.get(stack) ?? new Map<string, string>();
  const other = inStack.get(full);
  if (other !== undefined) {
    throw new Error(`${full} would be the address of both ${other} and ${resource.node.path} in stack ${stack.node.id}: two names map to one address`);
  }
  inStack.set(full, resource.node.path);
  taken.set(stack, inStack);
  // The hash-based id CDKTF gives a resource at this construct path (what earlier versions used).
  const legacy = stack.getLogicalId(resource);
  resource.overrideLogicalId(address);
  if (legacy !== address) resource.moveFromId(`${resource.terraformResourceType}.${legacy}`);
  return resource;
}

/** Gives a non-resource element (a local) its stable name; it holds nothing in state, so nothing moves. */
export function stableName<E extends { overrideLogicalId(id: string): void }>(element: E & IConstruct, name: string): E {
  if (!legacyAddresses(element)) element.overrideLogicalId(name);
  return element;
}

function legacyAddresses(scope: IConstruct): boolean {
  return scope.node.tryGetContext(LEGACY_ADDRESSES_CONTEXT) === true;
}
