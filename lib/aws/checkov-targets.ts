/**
 * The resources each written-down checkov skip covers, derived from the model (every external
 * secret, every account's trail bucket, ...) rather than pinned to one spec's addresses, so the
 * scanner rung passes on any valid spec. `scripts/checkov.js` reads these by name from
 * `checkov-skips.yaml` (`targets:`).
 */
import type { PlatformModel } from '../core/model';
import { addresses } from './addresses';

const only = (address: string) => (platform: PlatformModel) => (platform.audit.enabled ? [address] : []);

export const CHECKOV_TARGETS: Readonly<Record<string, (platform: PlatformModel) => string[]>> = {
  /** Secrets whose value (and rotation) belongs to an outside system. */
  'external-secrets': (platform) =>
    platform.environments.flatMap((env) => env.secrets.filter((s) => s.type === 'external').map((s) => `aws_secretsmanager_secret.${addresses.secret(s.id)}`)),
  /** Each account's trail bucket. */
  'audit-trail-bucket': only(`aws_s3_bucket.${addresses.auditBucket()}`),
  /** Each account's trail. */
  'audit-trail': only(`aws_cloudtrail.${addresses.audit()}`),
  /** Each environment's built-in rotation function. */
  'rotation-function': (platform) => (platform.environments.some((e) => e.rotation) ? [`aws_lambda_function.${addresses.rotation()}`] : []),
};

/** Every target's addresses in `platform`, deduplicated and sorted. */
export function checkovTargetAddresses(platform: PlatformModel): Record<string, string[]> {
  return Object.fromEntries(Object.entries(CHECKOV_TARGETS).map(([name, of]) => [name, [...new Set(of(platform))].sort()]));
}
