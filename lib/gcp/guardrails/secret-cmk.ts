import { block, blocks, isSet } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/**
 * Every Secret Manager secret is replicated by the platform (user-managed replication) and every
 * replica is encrypted with a customer-managed key. Automatic replication places copies where
 * Google chooses, and a replica without `customer_managed_encryption` uses a Google-managed key.
 */
export const gcpSecretCmk: Rule = {
  id: 'KIT-SECRET-CMK',
  description: 'Every secret uses user-managed replication, each replica under a customer-managed Cloud KMS key.',
  why:
    'With the platform\'s own key in each location, the platform decides who can decrypt each copy, can revoke it ' +
    'by disabling the key, and every decrypt is audited; automatic replication chooses locations for you.',
  fix: 'Give the secret `replication.user_managed.replicas`, each with `customer_managed_encryption.kms_key_name` (the kit does).',
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'google_secret_manager_secret') return 'not-applicable';
    const replication = block(resource.config, 'replication');
    if (isSet(replication.auto) || isSet(replication.automatic)) return verdict(['uses automatic replication: the platform does not choose where copies live']);
    const replicas = blocks(block(replication, 'user_managed'), 'replicas');
    if (replicas.length === 0) return verdict(['has no user-managed replica']);
    return verdict(
      replicas
        .filter((r) => !isSet(block(r, 'customer_managed_encryption').kms_key_name))
        .map((r) => `replica ${String(r.location ?? '?')} has no customer_managed_encryption.kms_key_name`),
    );
  },
};
