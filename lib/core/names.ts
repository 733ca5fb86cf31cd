/**
 * Every name the kit creates, built in one place. Terraform addresses derive from these names,
 * never from list positions, so adding or reordering entries never renames anything.
 */

/** `{project}-{env}`: the stack users deploy with `cdktf deploy`. */
export const stackName = (project: string, env: string) => `${project}-${env}`;

/** `{project}-audit-{account}`: the account-level audit stack, shared by environments of one account. */
export const auditStackName = (project: string, account: string) => `${project}-audit-${account}`;

/** `{project}/{env}/{path}`: a Secrets Manager secret. */
export const secretName = (project: string, env: string, path: string) => `${project}/${env}/${path}`;

/** `/{project}/{env}`: the root of an environment's parameter hierarchy. */
export const parameterPrefix = (project: string, env: string) => `/${project}/${env}`;

/** `/{project}/{env}/{path}`: an SSM parameter. */
export const parameterName = (project: string, env: string, path: string) => `${parameterPrefix(project, env)}/${path}`;

/** `{project}-{env}-{function}`: a function's execution role. */
export const roleName = (project: string, env: string, fn: string) => `${project}-${env}-${fn}`;

/** `{project}-{env}-sync-{name}`: the role an external sync assumes. */
export const syncRoleName = (project: string, env: string, sync: string) => `${project}-${env}-sync-${sync}`;

/** `alias/{project}-{env}`: the environment key's alias, the same in every region. */
export const keyAlias = (project: string, env: string) => `alias/${project}-${env}`;

/** `{project}-{env}-rotation`: the built-in rotation function and its role. */
export const rotationFunctionName = (project: string, env: string) => `${project}-${env}-rotation`;

/** `/aws/lambda/{function}`: where Lambda writes a function's logs. */
export const lambdaLogGroupName = (fn: string) => `/aws/lambda/${fn}`;

/** `{project}-audit-{account}`: trail, bucket prefix and topic of an account's audit. */
export const auditName = (project: string, account: string) => `${project}-audit-${account}`;

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
