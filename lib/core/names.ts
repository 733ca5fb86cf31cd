/**
 * The neutral names the kit builds, in one place: stacks, logical names and ids. Each backend
 * builds its cloud's resource names from these in its own names module.
 * Terraform addresses derive from names, never from list positions, so adding or reordering
 * entries never renames anything.
 */

/** `{project}-{env}`: the stack users deploy with `cdktf deploy`. */
export const stackName = (project: string, env: string) => `${project}-${env}`;

/** `{project}-audit-{account}`: the account-level audit stack, shared by environments of one account. */
export const auditStackName = (project: string, account: string) => `${project}-audit-${account}`;

/** `{project}/{env}/`: the start of every logical name of an environment. */
export const logicalNamePrefix = (project: string, env: string) => `${project}/${env}/`;

/** `{project}/{env}/{path}`: the logical name of a secret or parameter, the same on every cloud. */
export const logicalName = (project: string, env: string, path: string) => `${logicalNamePrefix(project, env)}${path}`;

/** `{project}-{env}-{function}`: the logical name of a function's identity. */
export const identityName = (project: string, env: string, fn: string) => `${project}-${env}-${fn}`;

/** `{project}-{env}-sync-{name}`: the identity an external sync writes through. */
export const syncIdentityName = (project: string, env: string, sync: string) => `${project}-${env}-sync-${sync}`;

/** `{project}-{env}-rotation`: the built-in rotation function and its identity. */
export const rotationFunctionName = (project: string, env: string) => `${project}-${env}-rotation`;

/** `{project}-{env}.tfstate`: local state file of a stack, relative to the project root. */
export const localStateFile = (stack: string) => `terraform.${stack}.tfstate`;

/**
 * A Terraform-safe construct id derived from a name: letters, digits, `_` and `-`.
 * Distinct names may map to the same id (`a/b` and `a_b`); the resolver rejects such pairs.
 */
export function idFor(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}
