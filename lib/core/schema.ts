/**
 * The platform spec: one zod schema from which the TypeScript types, the validator and the
 * published JSON Schema (`platform.schema.json`) are all derived.
 *
 * Shape checks live here; checks that need the whole spec (references between sections) live
 * in `validate.ts`; a cloud's own limits live with its backend.
 */
import { z } from 'zod';

/** `^[a-z][a-z0-9-]{1,30}[a-z0-9]$`: prefixes every name the kit creates. */
export const PROJECT_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
/** Environment and function names end up in resource names and Terraform addresses. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;
/** Logical paths of secrets and parameters: segments separated by `/`, no leading or trailing `/`. */
export const LOGICAL_PATH_PATTERN = /^[A-Za-z0-9_.+=@-]+(\/[A-Za-z0-9_.+=@-]+)*$/;
/** A reference to secrets or parameters from a function: a logical path, optionally with `*` globs. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9_.+=@*-]+(\/[A-Za-z0-9_.+=@*-]+)*$/;
export const ACCOUNT_PATTERN = /^\d{12}$/;
/** The form of a region name; the backend checks that the region actually exists. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** `30d`, `12h`: a rotation interval. */
export const DURATION_PATTERN = /^(\d{1,4})([hd])$/;
export const SCHEDULE_PATTERN = /^(rate|cron)\(.+\)$/;
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
export const POLICY_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@\/-]{1,512}$/;
export const LAMBDA_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
export const PRINCIPAL_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)$/;
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const msg = (text: string) => ({ error: text });

const suppression = z.strictObject({
  rule: z.string().regex(/^[A-Z]+(-[A-Z0-9]+)+$/, msg('expected a guardrail rule id such as `KIT-SECRET-ROTATION`')),
  reason: z.string().min(10, msg('a suppression needs a written reason of at least 10 characters')),
});
export type SuppressionSpec = z.infer<typeof suppression>;

const suppressions = z
  .array(suppression)
  .optional()
  .describe('Guardrail rules waived for this entry, each with the reason a reviewer will read.');

const environmentNames = z
  .array(z.string().regex(NAME_PATTERN, msg('expected an environment name')))
  .min(1, msg('list at least one environment, or leave the key out for all of them'))
  .optional();

const regionName = z.string().regex(REGION_PATTERN, msg('expected an AWS-style region name such as `eu-west-1`'));

const regions = z.strictObject({
  primary: regionName.describe('Where keys are created, secrets are written and rotation runs.'),
  replicas: z
    .array(regionName)
    .default([])
    .describe('Regions that receive read replicas of every replicated secret, each under its own replica key.'),
});

const environment = z.strictObject({
  account: z
    .string(msg('expected the 12-digit AWS account id as a quoted string'))
    .regex(ACCOUNT_PATTERN, msg('expected a 12-digit account id (quote it so YAML keeps leading zeros)')),
  regions: regions.optional().describe('Overrides the top-level regions for this environment.'),
  assumeRoleArn: z
    .string()
    .regex(ROLE_ARN_PATTERN, msg('expected an IAM role ARN such as `arn:aws:iam::123456789012:role/deployer`'))
    .optional()
    .describe('Role the provider assumes to deploy this environment.'),
  protect: z
    .boolean()
    .optional()
    .describe('prevent_destroy, longest windows, account pinning. @default true for prod/production, else false'),
  keyAdmins: z
    .array(z.string().regex(PRINCIPAL_ARN_PATTERN, msg('expected an IAM role or user ARN')))
    .default([])
    .describe('Principals that may administer (not use) the environment key, besides the account root.'),
  keyDeletionWindowDays: z
    .number()
    .int(msg('expected a whole number of days'))
    .optional()
    .describe('KMS key deletion window (7 to 30). @default 30 when protected, 7 otherwise'),
  secretRecoveryWindowDays: z
    .number()
    .int(msg('expected a whole number of days'))
    .optional()
    .describe('Secrets Manager recovery window (7 to 30, or 0 to delete at once on a non-protected environment). @default 30 when protected, 7 otherwise'),
  permissionsBoundaryArn: z
    .string()
    .regex(POLICY_ARN_PATTERN, msg('expected an IAM managed policy ARN'))
    .optional()
    .describe('Permissions boundary attached to every role the kit creates in this environment.'),
});
export type EnvironmentSpec = z.infer<typeof environment>;

const generate = z.strictObject({
  length: z.number().int().optional().describe('Password length (16 to 4096). @default 32'),
  excludeCharacters: z.string().optional().describe('Characters the value must never contain. @default none'),
  excludeNumbers: z.boolean().optional(),
  excludePunctuation: z.boolean().optional(),
  excludeUppercase: z.boolean().optional(),
  excludeLowercase: z.boolean().optional(),
  includeSpace: z.boolean().optional(),
  requireEachIncludedType: z.boolean().optional().describe('@default true'),
});
export type GenerateSpec = z.infer<typeof generate>;

const rotation = z.strictObject({
  every: z
    .string(msg('expected an interval such as `30d` or `12h`'))
    .regex(DURATION_PATTERN, msg('expected an interval such as `30d` or `12h` (hours or days, 4h to 1000d)'))
    .optional(),
  schedule: z
    .string()
    .regex(SCHEDULE_PATTERN, msg('expected a `rate(...)` or `cron(...)` expression'))
    .optional(),
  window: z
    .string()
    .regex(/^\d{1,2}h$/, msg('expected a window such as `4h` (1h to 24h)'))
    .optional()
    .describe('How long each rotation may take. @default Secrets Manager decides (until the next window)'),
  rotateImmediately: z.boolean().optional().describe('Rotate as soon as rotation is configured. @default false'),
  function: z
    .string()
    .optional()
    .describe('`builtin` (the kit\'s rotation function) or the ARN of your own rotation Lambda. @default builtin'),
});
export type RotationSpec = z.infer<typeof rotation>;

const secret = z.strictObject({
  description: z.string().max(2048).optional(),
  type: z.enum(['generated', 'external']).default('generated').describe(
    '`generated`: produced at apply time, never in state. `external`: the value is written out of band. @default generated',
  ),
  generate: generate.optional(),
  rotation: rotation.optional(),
  replicate: z.boolean().default(true).describe('Replicate to every replica region of the environment. @default true'),
  environments: environmentNames.describe('Only these environments get the secret. @default all'),
  suppress: suppressions,
});
export type SecretSpec = z.infer<typeof secret>;

const parameter = z.strictObject({
  description: z.string().max(1024).optional(),
  value: z.string().optional().describe('The same value in every environment.'),
  values: z.record(z.string(), z.string()).optional().describe('One value per environment name.'),
  secure: z
    .boolean()
    .default(false)
    .describe('SecureString under the environment key; the value is set out of band, never from the spec.'),
  tier: z.enum(['Standard', 'Advanced', 'Intelligent-Tiering']).optional().describe('@default Standard'),
  environments: environmentNames.describe('Only these environments get the parameter. @default all'),
  suppress: suppressions,
});
export type ParameterSpec = z.infer<typeof parameter>;

const reference = z.string().regex(REFERENCE_PATTERN, msg('expected a logical path, optionally with `*` globs'));

/** A count that may differ per environment: one number for all, or one per environment name. */
const perEnvironmentCount = (min: number) =>
  z.union([
    z.number().int(msg('expected a whole number')).min(min, msg(`expected at least ${min}`)),
    z.record(z.string(), z.number().int(msg('expected a whole number')).min(min, msg(`expected at least ${min}`))),
  ]);

const usage = z
  .strictObject({
    invocationsPerMonth: perEnvironmentCount(0).describe(
      'Invocations per month in an environment (one number, or one per environment), spread evenly over the function\'s regions.',
    ),
    cacheTtlSeconds: z
      .number()
      .int()
      .min(0, msg('expected 0 (no cache) to 300 seconds'))
      .max(300, msg('the Parameters and Secrets Lambda Extension caches for at most 300 seconds'))
      .optional()
      .describe('How long each execution environment caches a value (0 turns caching off). @default 300'),
    concurrency: perEnvironmentCount(1)
      .optional()
      .describe('Average warm execution environments per region, each with its own cache. @default 1'),
  })
  .describe('Expected load, read only by the cost estimate of the review report; it changes no resource.');
export type UsageSpec = z.infer<typeof usage>;

const fn = z.strictObject({
  secrets: z.array(reference).default([]).describe('Secrets this function reads: paths or globs.'),
  parameters: z.array(reference).default([]).describe('Parameters this function reads: paths or globs (`db/*` is that subtree).'),
  regions: z.array(regionName).optional().describe('Regions the function runs in. @default the primary region'),
  environments: environmentNames.describe('Only these environments get the function. @default all'),
  readParametersByPath: z
    .boolean()
    .default(false)
    .describe(
      'Also lets the function read each subtree glob of `parameters` (`db/*`) with one GetParametersByPath call. Such a call returns every parameter under the path, including ones written later that the function never declared. @default false: exact GetParameter(s) grants on the matched parameters only',
    ),
  usage: usage.optional(),
  suppress: suppressions,
});
export type FunctionSpec = z.infer<typeof fn>;

const externalSync = z.strictObject({
  preset: z.enum(['doppler']).optional().describe('A known integration whose principal and needs the kit knows.'),
  principal: z
    .string()
    .regex(PRINCIPAL_ARN_PATTERN, msg('expected an IAM principal ARN (account root, role or user)'))
    .optional()
    .describe('Who assumes the sync role. @default the preset\'s principal'),
  externalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:\/-]+$/, msg('expected an external ID of letters, digits and +=,.@:/-')).optional(),
  secrets: z.array(reference).default([]),
  parameters: z.array(reference).default([]),
  read: z.boolean().default(false).describe('Also allow reading back what it writes. @default false'),
  environments: environmentNames,
});
export type ExternalSyncSpec = z.infer<typeof externalSync>;

const audit = z.strictObject({
  enabled: z.boolean().default(true).describe('One CloudTrail trail per account with alarms. @default true'),
  logRetentionDays: z.number().int().default(365).describe('CloudWatch Logs retention of the trail. @default 365'),
  bucketRetentionDays: z.number().int().default(400).describe('How long trail files stay in S3. @default 400'),
  alarmEmails: z.array(z.string().regex(EMAIL_PATTERN, msg('expected an email address'))).default([]),
});
export type AuditSpec = z.infer<typeof audit>;

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, msg('expected an S3 bucket name')),
  region: regionName,
  keyPrefix: z.string().regex(/^[A-Za-z0-9_.\/-]*$/).default('').describe('State keys are `{keyPrefix}{project}/{env}.tfstate`.'),
  kmsKeyId: z.string().optional(),
  roleArn: z.string().regex(ROLE_ARN_PATTERN, msg('expected an IAM role ARN')).optional(),
});

/** HCP Terraform / Terraform Enterprise: one workspace `{workspacePrefix}{stack}` per stack. */
const remoteBackend = z.strictObject({
  type: z.literal('remote'),
  organization: z.string().regex(/^[A-Za-z0-9_-]+$/, msg('expected an HCP Terraform organization name')),
  workspacePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, msg('workspace names are letters, digits, `_` and `-`'))
    .default('')
    .describe('Workspaces are `{workspacePrefix}{stack}`, one per stack. @default none'),
  hostname: z.string().optional().describe('Terraform Enterprise host. @default app.terraform.io'),
});

const backend = z
  .union([z.literal('local'), z.strictObject({ type: z.literal('local') }), s3Backend, remoteBackend], {
    error: 'expected `local` or `{ type: s3, bucket, region }`, or `{ type: remote, organization, workspacePrefix }`',
  })
  .default('local');
export type BackendSpec = z.infer<typeof backend>;

const tags = z.record(
  z.string().regex(TAG_KEY_PATTERN, msg('tag keys are 1 to 128 letters, digits, spaces and _.:/=+-@')),
  z.string().regex(TAG_VALUE_PATTERN, msg('tag values are up to 256 letters, digits, spaces and _.:/=+-@')),
);

const keyed = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

export const platformSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    project: z
      .string(msg('required: a slug such as `acme-payments`'))
      .regex(PROJECT_PATTERN, msg('expected 3 to 32 characters: lowercase letters, digits and `-`, starting with a letter')),
    cloud: z.enum(['aws']).default('aws').describe('The backend that provisions the platform. @default aws'),
    regions: regions,
    environments: z
      .record(z.string().regex(NAME_PATTERN, msg('environment names are lowercase letters, digits and `-`')), environment)
      .refine((envs) => Object.keys(envs).length > 0, msg('declare at least one environment')),
    promotion: z
      .array(z.string().regex(NAME_PATTERN, msg('expected an environment name')))
      .optional()
      .describe('The order changes are deployed in, e.g. [dev, staging, prod]: every environment once. @default the order of `environments`'),
    secrets: keyed(secret).default({}),
    parameters: keyed(parameter).default({}),
    functions: z
      .record(z.string().regex(NAME_PATTERN, msg('function names are lowercase letters, digits and `-`')), fn)
      .default({}),
    externalSync: z
      .record(z.string().regex(NAME_PATTERN, msg('sync names are lowercase letters, digits and `-`')), externalSync)
      .default({}),
    audit: audit.default({ enabled: true, logRetentionDays: 365, bucketRetentionDays: 400, alarmEmails: [] }),
    backend,
    tags: tags.default({}),
    guardrails: z
      .strictObject({ suppress: suppressions })
      .optional()
      .describe('Platform-wide guardrail suppressions, each with its reason.'),
  })
  .describe('A secrets platform: secrets, parameters and the functions that read them, per environment.');

/** The spec after defaults are applied. */
export type PlatformSpec = z.infer<typeof platformSchema>;
/** The spec as a person writes it. */
export type PlatformSpecInput = z.input<typeof platformSchema>;

/** The JSON Schema published for editors, derived from the same schema as the validator. */
export function platformJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(platformSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
}
