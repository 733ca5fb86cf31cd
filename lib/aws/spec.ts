/**
 * What exists on AWS only: the keys a spec may use when `cloud: aws`, and the forms AWS gives
 * the neutral ones (12-digit account ids, region names, ARNs). Merged into the neutral spec by
 * `platformSchemaFor`; on another cloud these keys are refused by name.
 */
import { z } from 'zod';
import { CloudSpecFragment, PlatformSpec, PlatformSpecInput as NeutralSpecInput, platformSchemaFor } from '../core/schema';

export const ACCOUNT_PATTERN = /^\d{12}$/;
/** The form of a region name; `limits.ts` checks that the region actually exists. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const SCHEDULE_PATTERN = /^(rate|cron)\(.+\)$/;
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
export const POLICY_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\w+=,.@\/-]{1,512}$/;
export const LAMBDA_ARN_PATTERN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
export const PRINCIPAL_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)$/;

const msg = (text: string) => ({ error: text });

const regionName = z.string().regex(REGION_PATTERN, msg('expected an AWS-style region name such as `eu-west-1`'));

const environment = {
  account: z
    .string(msg('expected the 12-digit AWS account id as a quoted string'))
    .regex(ACCOUNT_PATTERN, msg('expected a 12-digit account id (quote it so YAML keeps leading zeros)')),
  assumeRoleArn: z
    .string()
    .regex(ROLE_ARN_PATTERN, msg('expected an IAM role ARN such as `arn:aws:iam::123456789012:role/deployer`'))
    .optional()
    .describe('Role the provider assumes to deploy this environment.'),
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
};

const generate = {
  length: z.number().int().optional().describe('Password length (16 to 4096). @default 32'),
  includeSpace: z.boolean().optional(),
  requireEachIncludedType: z.boolean().optional().describe('@default true'),
};

const rotation = {
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
    .refine((fn) => fn === 'builtin' || LAMBDA_ARN_PATTERN.test(fn), msg('expected `builtin` or a Lambda function ARN'))
    .optional()
    .describe('`builtin` (the kit\'s rotation function) or the ARN of your own rotation Lambda. @default builtin'),
};

const parameter = {
  secure: z
    .boolean()
    .default(false)
    .describe('SecureString under the environment key; the value is set out of band, never from the spec.'),
  tier: z.enum(['Standard', 'Advanced', 'Intelligent-Tiering']).optional().describe('@default Standard'),
};

const usage = {
  cacheTtlSeconds: z
    .number()
    .int()
    .min(0, msg('expected 0 (no cache) to 300 seconds'))
    .max(300, msg('the Parameters and Secrets Lambda Extension caches for at most 300 seconds'))
    .optional()
    .describe('How long each execution environment caches a value (0 turns caching off). @default 300'),
};

const fn = {
  readParametersByPath: z
    .boolean()
    .default(false)
    .describe(
      'Also lets the function read each subtree glob of `parameters` (`db/*`) with one GetParametersByPath call. Such a call returns every parameter under the path, including ones written later that the function never declared. @default false: exact GetParameter(s) grants on the matched parameters only',
    ),
};

const externalSync = {
  preset: z.enum(['doppler']).optional().describe('A known integration whose principal and needs the kit knows.'),
  principal: z
    .string()
    .regex(PRINCIPAL_ARN_PATTERN, msg('expected an IAM principal ARN (account root, role or user)'))
    .optional()
    .describe('Who assumes the sync role. @default the preset\'s principal'),
  externalId: z.string().min(2).max(1224).regex(/^[\w+=,.@:\/-]+$/, msg('expected an external ID of letters, digits and +=,.@:/-')).optional(),
};

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, msg('expected an S3 bucket name')),
  region: regionName,
  keyPrefix: z.string().regex(/^[A-Za-z0-9_.\/-]*$/).default('').describe('State keys are `{keyPrefix}{project}/{env}.tfstate`.'),
  kmsKeyId: z.string().optional(),
  roleArn: z.string().regex(ROLE_ARN_PATTERN, msg('expected an IAM role ARN')).optional(),
});
export type S3BackendSpec = z.infer<typeof s3Backend>;

export const awsSpecFragment = {
  cloud: 'aws',
  region: regionName,
  account: environment.account,
  keys: { environment, generate, rotation, parameter, function: fn, usage, externalSync },
  stateBackends: [s3Backend],
} as const satisfies CloudSpecFragment;

/** The whole spec of an AWS platform; `cloud:` may be left out (AWS is the default). */
export const awsPlatformSchema = platformSchemaFor(awsSpecFragment, { isDefault: true });

type Out<S extends Record<string, z.ZodType>> = z.infer<z.ZodObject<S>>;
type In<S extends Record<string, z.ZodType>> = z.input<z.ZodObject<S>>;

/* The AWS-only settings of each place, as the core hands them over in `options`. */
export type AwsEnvironmentOptions = Out<typeof environment>;
export type AwsGenerateOptions = Out<typeof generate>;
export type AwsRotationOptions = Out<typeof rotation>;
export type AwsParameterOptions = Out<typeof parameter>;
export type AwsUsageOptions = Out<typeof usage>;
export type AwsFunctionOptions = Out<typeof fn>;
export type AwsExternalSyncOptions = Out<typeof externalSync>;

type N = NeutralSpecInput;
type Entry<T> = NonNullable<T> extends Record<string, infer V> ? V : never;
type SecretIn = Omit<Entry<N['secrets']>, 'generate' | 'rotation'> & {
  generate?: NonNullable<Entry<N['secrets']>['generate']> & In<typeof generate>;
  rotation?: Omit<NonNullable<Entry<N['secrets']>['rotation']>, 'function'> & In<typeof rotation>;
};
type FunctionIn = Omit<Entry<N['functions']>, 'usage'> & In<typeof fn> & { usage?: NonNullable<Entry<N['functions']>['usage']> & In<typeof usage> };

/** An AWS spec as a person writes it (tests build these inline). */
export type PlatformSpecInput = Omit<N, 'cloud' | 'environments' | 'secrets' | 'parameters' | 'functions' | 'externalSync' | 'backend'> & {
  cloud?: 'aws';
  environments: Record<string, Omit<Entry<N['environments']>, 'account'> & In<typeof environment>>;
  secrets?: Record<string, SecretIn>;
  parameters?: Record<string, Omit<Entry<N['parameters']>, 'secure'> & In<typeof parameter>>;
  functions?: Record<string, FunctionIn>;
  externalSync?: Record<string, Omit<Entry<N['externalSync']>, 'preset' | 'principal'> & In<typeof externalSync>>;
  backend?: 'local' | { type: 'local' } | z.input<typeof s3Backend>;
};

type SpecEntry<K extends 'environments' | 'secrets' | 'parameters' | 'functions' | 'externalSync'> = PlatformSpec[K][string];

/** An AWS spec after defaults, as `awsPlatformSchema` parses it. */
export type AwsPlatformSpec = Omit<PlatformSpec, 'environments' | 'secrets' | 'parameters' | 'functions' | 'externalSync'> & {
  readonly functions: Record<string, SpecEntry<'functions'> & AwsFunctionOptions>;
  readonly environments: Record<string, SpecEntry<'environments'> & AwsEnvironmentOptions>;
  readonly secrets: Record<
    string,
    Omit<SpecEntry<'secrets'>, 'generate' | 'rotation'> & {
      readonly generate?: NonNullable<SpecEntry<'secrets'>['generate']> & AwsGenerateOptions;
      readonly rotation?: NonNullable<SpecEntry<'secrets'>['rotation']> & AwsRotationOptions;
    }
  >;
  readonly parameters: Record<string, SpecEntry<'parameters'> & AwsParameterOptions>;
  readonly externalSync: Record<string, SpecEntry<'externalSync'> & AwsExternalSyncOptions>;
};
