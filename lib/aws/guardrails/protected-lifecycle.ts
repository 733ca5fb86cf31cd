import { block, isTrue, numberOf } from '../../guardrails/config';
import { Rule, verdict } from '../../guardrails/rule';

/** The longest windows AWS allows, and their defaults when the attribute is left out. */
export const LONGEST_KEY_DELETION_WINDOW_DAYS = 30;
export const LONGEST_SECRET_RECOVERY_WINDOW_DAYS = 30;

interface Window {
  readonly attribute: string;
  readonly longest: number;
}

/** Resource type -> the window it must keep at the longest value (SSM deletes at once: none). */
const GUARDED: Readonly<Record<string, Window | null>> = {
  aws_kms_key: { attribute: 'deletion_window_in_days', longest: LONGEST_KEY_DELETION_WINDOW_DAYS },
  aws_kms_replica_key: { attribute: 'deletion_window_in_days', longest: LONGEST_KEY_DELETION_WINDOW_DAYS },
  aws_secretsmanager_secret: { attribute: 'recovery_window_in_days', longest: LONGEST_SECRET_RECOVERY_WINDOW_DAYS },
  aws_ssm_parameter: null,
};

export const protectedLifecycle: Rule = {
  id: 'KIT-PROTECTED-LIFECYCLE',
  description:
    'In a protected environment, keys, secrets and SecureString parameters carry `prevent_destroy`, and keys and ' +
    'secrets keep the longest deletion and recovery windows (30 days).',
  why:
    'Deleting a key makes every secret and parameter under it unreadable for good, and a deleted secret breaks ' +
    'every workload that reads it; prevent_destroy stops a careless plan, the long window leaves time to undo one.',
  fix:
    'Set `lifecycle.prevent_destroy = true` and leave the windows at 30 days (the kit\'s constructs do both for a ' +
    'protected environment); to accept less on purpose, suppress the rule platform-wide with the reason.',
  check(resource, context) {
    if (resource.kind !== 'resource' || !(resource.type in GUARDED) || !context.protect) return 'not-applicable';
    if (resource.type === 'aws_ssm_parameter' && resource.config.type !== 'SecureString') return 'not-applicable';
    const problems: string[] = [];
    if (!isTrue(block(resource.config, 'lifecycle').prevent_destroy)) problems.push('`lifecycle.prevent_destroy` is not true');
    const window = GUARDED[resource.type];
    if (window) {
      const raw = resource.config[window.attribute];
      const days = raw === undefined ? window.longest : numberOf(raw);
      if (days !== window.longest) problems.push(`\`${window.attribute}\` is ${days ?? JSON.stringify(raw)}, not ${window.longest}`);
    }
    return verdict(problems);
  },
};
