/**
 * The setup every role of the kit shares (a function's execution role, an external sync's role,
 * the built-in rotation function's role): an IAM role and one inline policy of the same name,
 * rendered from the role's statements when the stack is synthesized, both at one stable address.
 */
import { Lazy } from 'cdktf';
import type { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { stableAddress } from './addresses';
import { RoleStatements } from './role-statements';

export interface InlineRoleProps {
  readonly provider: AwsProvider;
  /** The role's name, also its inline policy's. */
  readonly name: string;
  readonly description: string;
  /** Who may assume the role (`RoleStatements.trustPolicy`). */
  readonly assumeRolePolicy: string;
  /** @default no permissions boundary */
  readonly permissionsBoundary?: string;
  /** The stable Terraform address of the role and its policy (`addresses.*`). */
  readonly address: string;
}

export interface InlineRole {
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  /** What the policy grants; add to it until synthesis. */
  readonly statements: RoleStatements;
}

/** Adds `role` and `policy` to `scope`, which owns them (their construct ids are fixed). */
export function inlineRole(scope: Construct, props: InlineRoleProps): InlineRole {
  const statements = new RoleStatements(props.name);
  const role = stableAddress(
    new IamRole(scope, 'role', {
      provider: props.provider,
      name: props.name,
      description: props.description,
      assumeRolePolicy: props.assumeRolePolicy,
      permissionsBoundary: props.permissionsBoundary,
    }),
    props.address,
  );
  const policy = stableAddress(
    new IamRolePolicy(scope, 'policy', {
      provider: props.provider,
      name: props.name,
      role: role.name,
      policy: Lazy.stringValue({ produce: () => statements.toJson() }),
    }),
    props.address,
  );
  return { role, policy, statements };
}

/**
 * A declared secret or parameter among those the environment provisions; a miss is a bug of
 * the kit (the loader checked every reference), reported with who asked.
 * @param asker e.g. `function api reads the secret`
 */
export function provisioned<T>(map: ReadonlyMap<string, T>, path: string, asker: string): T {
  const found = map.get(path);
  if (!found) throw new Error(`${asker} ${path}, but the environment provisions only: ${[...map.keys()].join(', ') || 'none'}`);
  return found;
}
