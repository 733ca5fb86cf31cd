/**
 * References the kit writes many thousands of times on a large platform (a secret's ARN in
 * every policy, output and rotation that names it), as the plain strings CDKTF would render for
 * the attribute's token. A token costs a registration when read and a lookup, a parse and a
 * stack check when the stack is resolved; the string renders the same bytes for nothing. Only
 * for readers in the resource's own stack (the kit's stacks refuse references between them),
 * and only after `stableAddress` fixed the resource's address.
 */
import type { TerraformLocal, TerraformResource } from 'cdktf';

/** `${aws_secretsmanager_secret.x.arn}`: what `resource.arn` renders to in its own stack. */
export function attributeReference(resource: TerraformResource, attribute: string): string {
  return `\${${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}}`;
}

/** `aws_lambda_permission.x`: what a `depends_on` entry for `resource` renders to. */
export function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** `${local.x}`: what `local.asString` renders to in its own stack. */
export function localReference(local: TerraformLocal): string {
  return `\${local.${local.friendlyUniqueId}}`;
}

/**
 * The expression `replace(resource.attribute, from, to)` as `Fn.replace` renders it for a
 * plain `from` and `to`, for a local's value.
 */
export function replaceExpression(resource: TerraformResource, attribute: string, from: string, to: string): string {
  return `\${replace(${resource.terraformResourceType}.${resource.friendlyUniqueId}.${attribute}, ${JSON.stringify(from)}, ${JSON.stringify(to)})}`;
}
