/**
 * IAM action lists the grants and policies of this folder share. Explicit lists, never service
 * wildcards, so a reviewer reads exactly what a principal may do and a new API never slips in.
 */

/** Reading one secret's value and the metadata the SDKs look up before it. */
export const SECRET_READ_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'] as const;

/** Writing a new value into an existing secret: nothing that creates, deletes or re-keys it. */
export const SECRET_WRITE_ACTIONS = ['secretsmanager:PutSecretValue'] as const;

/** Reading one parameter by name (single and batch calls). */
export const PARAMETER_READ_ACTIONS = ['ssm:GetParameter', 'ssm:GetParameters'] as const;

/** Writing a new value into an existing parameter. */
export const PARAMETER_WRITE_ACTIONS = ['ssm:PutParameter'] as const;

/** The KMS half of reading a value that Secrets Manager or SSM encrypted. */
export const KMS_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;

/**
 * The KMS half of writing a value: Secrets Manager asks for a data key for each new version;
 * SSM encrypts standard-tier SecureStrings directly and advanced-tier ones with a data key.
 */
export const KMS_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'] as const;

/**
 * What the key policy lets the account's principals do with the key, and only through Secrets
 * Manager or SSM: write and read values, and re-encrypt them when a secret changes keys.
 */
export const KMS_SERVICE_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
] as const;

/**
 * Administration of a key without using it: describe, tag, rotate, replicate, change its policy,
 * schedule or cancel deletion. `kms:PutKeyPolicy` is in it, so the account root can always
 * repair the key. `kms:CreateGrant` is left out: a grant is a way to use the key.
 */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReplicateKey',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'kms:UpdatePrimaryRegion',
] as const;

/** Every Secrets Manager action, for the deny in a secret's resource policy. */
export const SECRETS_MANAGER_ALL_ACTIONS = ['secretsmanager:*'] as const;
