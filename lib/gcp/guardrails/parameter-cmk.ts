import { isSet } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** Every Parameter Manager parameter is encrypted with a customer-managed key of its location. */
export const gcpParameterCmk: Rule = {
  id: 'KIT-PARAMETER-CMK',
  description: 'Every Parameter Manager parameter is encrypted with a customer-managed Cloud KMS key.',
  why: 'Parameters hold configuration a workload trusts; the platform\'s own key lets it revoke and audit every read of their payload.',
  fix: 'Set `kms_key` on the parameter to the key of its location (the kit does).',
  check(resource) {
    if (resource.kind !== 'resource' || !['google_parameter_manager_regional_parameter', 'google_parameter_manager_parameter'].includes(resource.type)) return 'not-applicable';
    return verdict(isSet(resource.config.kms_key) ? [] : ['has no `kms_key`: its versions are encrypted with a Google-managed key']);
  },
};
