import { block, isTrue } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** What a protected GCP environment or audit project must never lose to a careless plan. */
const GUARDED = ['google_kms_key_ring', 'google_kms_crypto_key', 'google_secret_manager_secret', 'google_logging_project_bucket_config'];

export const gcpProtectedLifecycle: Rule = {
  id: 'KIT-PROTECTED-LIFECYCLE',
  description: 'In a protected environment, key rings, keys, secrets and the audit bucket carry `prevent_destroy`; secrets also GCP\'s `deletion_protection`.',
  why:
    'Destroying a key makes every secret under it unreadable for good; a deleted secret is gone at once on GCP (no recovery window), ' +
    'breaking every workload that reads it.',
  fix: 'Set `lifecycle.prevent_destroy = true` (and `deletion_protection = true` on secrets); the kit does for a protected environment.',
  checkov: ['CKV_GCP_82'],
  check(resource, context) {
    if (resource.kind !== 'resource' || !GUARDED.includes(resource.type) || !context.protect) return 'not-applicable';
    const problems: string[] = [];
    if (!isTrue(block(resource.config, 'lifecycle').prevent_destroy)) problems.push('`lifecycle.prevent_destroy` is not true');
    if (resource.type === 'google_secret_manager_secret' && !isTrue(resource.config.deletion_protection)) problems.push('`deletion_protection` is not true');
    return verdict(problems);
  },
};
