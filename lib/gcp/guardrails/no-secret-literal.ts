import { isSet } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** A secret version's value never comes from the configuration: only through the write-only argument. */
export const gcpNoSecretLiteral: Rule = {
  id: 'KIT-NO-SECRET-LITERAL',
  description: 'No secret version sets `secret_data`: values reach Secret Manager only through `secret_data_wo` or out of band.',
  why: '`secret_data` is stored in Terraform state and plan files in clear text; the write-only argument is never stored.',
  fix: 'Use `secret_data_wo` fed by an ephemeral value (the kit does for generated secrets), or write the value out of band.',
  check(resource) {
    if (resource.kind !== 'resource' || !['google_secret_manager_secret_version', 'google_secret_manager_regional_secret_version'].includes(resource.type)) return 'not-applicable';
    return verdict(isSet(resource.config.secret_data) ? ['sets `secret_data`, which Terraform keeps in state'] : []);
  },
};
