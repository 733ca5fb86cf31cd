import { blocks, isLiteralString, isSet, referencedAddress } from '../../guardrails/config';
import { Rule, RuleContext, verdict } from '../../guardrails/rule';

/** `alias/aws/secretsmanager`, `alias/aws/ssm`: keys AWS owns and whose policy nobody can narrow. */
export const AWS_MANAGED_ALIAS = /(^|[:/])alias\/aws\//;

/**
 * Why a key reference is not a customer key, or undefined when it is one. A reference to a
 * `data.aws_kms_key`/`data.aws_kms_alias` is followed to see which key it looks up.
 */
export function notCustomerKey(value: unknown, context: RuleContext, defaultKey: string): string | undefined {
  if (!isSet(value)) return `no key is set, so AWS encrypts with its managed key \`${defaultKey}\``;
  if (isLiteralString(value) && AWS_MANAGED_ALIAS.test(value)) return `\`${value}\` is an AWS managed key`;
  const address = referencedAddress(value);
  if (address?.startsWith('data.aws_kms_')) {
    const lookedUp = context.stack.resolveReference(value)?.config;
    const key = lookedUp?.key_id ?? lookedUp?.name;
    if (isLiteralString(key) && AWS_MANAGED_ALIAS.test(key)) return `\`${address}\` looks up the AWS managed key \`${key}\``;
  }
  return undefined;
}

export const secretCmk: Rule = {
  id: 'KIT-SECRET-CMK',
  description: 'Every Secrets Manager secret, and each of its replicas, is encrypted with a customer managed KMS key.',
  why:
    'With the AWS managed key, anyone in the account allowed to read the secret can decrypt it: the key policy ' +
    'cannot be narrowed, key use cannot be audited per platform, and a replica silently falls back to it.',
  fix: 'Set `kms_key_id` on the secret and on every `replica` block to the environment key of that region.',
  checkov: ['CKV_AWS_149'],
  check(resource, context) {
    if (resource.kind !== 'resource' || resource.type !== 'aws_secretsmanager_secret') return 'not-applicable';
    const problems: string[] = [];
    const primary = notCustomerKey(resource.config.kms_key_id, context, 'aws/secretsmanager');
    if (primary) problems.push(primary);
    for (const replica of blocks(resource.config, 'replica')) {
      const why = notCustomerKey(replica.kms_key_id, context, 'aws/secretsmanager');
      if (why) problems.push(`replica in ${String(replica.region ?? '(no region)')}: ${why}`);
    }
    return verdict(problems);
  },
};
