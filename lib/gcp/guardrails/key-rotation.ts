import { isLiteralString, isSet } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** The longest rotation period accepted for a Cloud KMS key. */
export const MAX_KEY_ROTATION_DAYS = 90;

/** `7776000s` -> 7776000; undefined for anything else. */
export function durationSeconds(value: unknown): number | undefined {
  if (!isLiteralString(value)) return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

export const gcpKeyRotation: Rule = {
  id: 'KIT-KEY-ROTATION',
  description: `Every symmetric Cloud KMS key rotates automatically, at least every ${MAX_KEY_ROTATION_DAYS} days.`,
  why: 'Rotation limits how much data one key version protects; most audit frameworks ask for 90 days at most.',
  fix: `Set \`rotation_period\` on the key to at most ${MAX_KEY_ROTATION_DAYS * 86400}s (the kit's default is 90 days).`,
  checkov: ['CKV_GCP_43'],
  check(resource) {
    if (resource.kind !== 'resource' || resource.type !== 'google_kms_crypto_key') return 'not-applicable';
    const purpose = resource.config.purpose;
    if (isLiteralString(purpose) && purpose !== 'ENCRYPT_DECRYPT') return 'not-applicable';
    if (!isSet(resource.config.rotation_period)) return verdict(['has no `rotation_period`: it never rotates']);
    const seconds = durationSeconds(resource.config.rotation_period);
    if (seconds === undefined) return 'compliant';
    return verdict(seconds <= MAX_KEY_ROTATION_DAYS * 86400 ? [] : [`rotates every ${seconds / 86400} days, more than ${MAX_KEY_ROTATION_DAYS}`]);
  },
};
