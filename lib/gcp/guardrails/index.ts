/** The GCP guardrails: the rules that judge every GCP stack, in the order findings are reported. */
import type { SpecPath } from '../../core/errors';
import type { EnvironmentModel } from '../../core/model';
import type { Rule, RuleSet } from '../../guardrails/rule';
import * as names from '../names';
import { gcpAuditConfig } from './audit-config';
import { gcpIamScopedResources } from './iam-scoped-resources';
import { gcpKeyRotation } from './key-rotation';
import { gcpNoSecretLiteral } from './no-secret-literal';
import { gcpParameterCmk } from './parameter-cmk';
import { gcpProtectedLifecycle } from './protected-lifecycle';
import { gcpPublicMember } from './public-member';
import { gcpSecretCmk } from './secret-cmk';
import { gcpSecretRotation } from './secret-rotation';

export const GCP_RULES: readonly Rule[] = [
  gcpSecretCmk,
  gcpParameterCmk,
  gcpSecretRotation,
  gcpKeyRotation,
  gcpIamScopedResources,
  gcpPublicMember,
  gcpNoSecretLiteral,
  gcpProtectedLifecycle,
  gcpAuditConfig,
];

export const gcpGuardrails: RuleSet = {
  cloud: 'gcp',
  rules: GCP_RULES,
  origins: {
    // Secrets carry their kit-built id in `secret_id`, parameters in `parameter_id`, service accounts in `account_id`.
    nameAttributes: ['secret_id', 'parameter_id', 'account_id', 'name'],
    ownerAttributes: {
      google_secret_manager_secret_version: 'secret',
      google_secret_manager_secret_iam_member: 'secret_id',
      google_parameter_manager_regional_parameter_version: 'parameter',
      google_kms_crypto_key: 'key_ring',
      google_kms_crypto_key_iam_member: 'crypto_key_id',
    },
    entryNames,
  },
};

/** Every GCP id the kit built for an environment's entries, mapped to the spec entry that caused it. */
function entryNames(env: EnvironmentModel): ReadonlyMap<string, SpecPath> {
  // `{project}-{env}`: the project is the stack name without the environment.
  const project = env.stackName.slice(0, env.stackName.length - env.name.length - 1);
  const found = new Map<string, SpecPath>();
  for (const s of env.secrets) found.set(names.secretId(project, env.name, s.path), ['secrets', s.path]);
  for (const p of env.parameters) {
    const id = p.secure ? names.secureParameterSecretId(project, env.name, p.path) : names.parameterId(project, env.name, p.path);
    found.set(id, ['parameters', p.path]);
  }
  for (const f of env.functions) found.set(names.serviceAccountId(f.identityName), ['functions', f.name]);
  for (const s of env.syncs) found.set(names.serviceAccountId(s.identityName), ['externalSync', s.name]);
  return found;
}
