/** The AWS guardrails: the rules that judge every AWS stack, in the order findings are reported. */
import type { SpecPath } from '../../core/errors';
import type { EnvironmentModel } from '../../core/model';
import type { Rule, RuleSet } from '../../guardrails/rule';
import { awsViewOf } from '../model';
import { iamScopedResources } from './iam-scoped-resources';
import { keyRotation } from './key-rotation';
import { logGroupCmk } from './log-group-cmk';
import { logGroupRetention } from './log-group-retention';
import { noSecretLiteral } from './no-secret-literal';
import { parameterCmk } from './parameter-cmk';
import { policyPublicPrincipal } from './policy-public-principal';
import { protectedLifecycle } from './protected-lifecycle';
import { secretCmk } from './secret-cmk';
import { secretRotation } from './secret-rotation';
import { trailMultiRegion } from './trail-multi-region';

export const AWS_RULES: readonly Rule[] = [
  secretCmk,
  parameterCmk,
  secretRotation,
  keyRotation,
  iamScopedResources,
  policyPublicPrincipal,
  noSecretLiteral,
  protectedLifecycle,
  trailMultiRegion,
  logGroupCmk,
  logGroupRetention,
];

export const awsGuardrails: RuleSet = {
  cloud: 'aws',
  rules: AWS_RULES,
  origins: {
    // Secrets, parameters, roles and log groups carry their kit-built name here.
    nameAttributes: ['name', 'function_name'],
    ownerAttributes: {
      aws_secretsmanager_secret_version: 'secret_id',
      aws_secretsmanager_secret_rotation: 'secret_id',
      aws_secretsmanager_secret_policy: 'secret_arn',
      aws_iam_role_policy: 'role',
      aws_iam_role_policy_attachment: 'role',
      aws_lambda_permission: 'function_name',
      aws_lambda_function: 'role',
    },
    entryNames,
  },
};

/** Every AWS name the kit built for an environment's entries, mapped to the spec entry that caused it. */
function entryNames(core: EnvironmentModel): ReadonlyMap<string, SpecPath> {
  const env = awsViewOf(core);
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
