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
/** `30d`, `12h`: a rotation interval. */
export const DURATION_PATTERN = /^(\d{1,4})([hd])$/;
/** A preset or other short identifier: lowercase letters, digits and `-`. */
const SLUG_PATTERN = /^[a-z][a-z0-9-]*$/;
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

/** A shape of extra keys, merged into one object of the neutral spec. */
type Shape = Record<string, z.ZodType>;

/**
 * What one cloud adds to the neutral spec. Every key outside this file's neutral vocabulary
 * comes from a fragment, so it is accepted only when the spec names that cloud, and a key a
 * fragment repeats narrows the neutral one (a stricter pattern, a smaller bound).
 */
export interface CloudSpecFragment {
  /** The `cloud:` value. */
  readonly cloud: string;
  /** A region (location) name in this cloud's own spelling; the backend checks it exists. */
  readonly region: z.ZodType<string>;
  /** `environments.NAME.account`: the cloud's isolation boundary. */
  readonly account: z.ZodType<string>;
  /** Keys of this cloud only, by the place in the spec they belong to. */
  readonly keys?: {
    readonly environment?: Shape;
    readonly secret?: Shape;
    readonly generate?: Shape;
    readonly rotation?: Shape;
    readonly parameter?: Shape;
    readonly function?: Shape;
    readonly usage?: Shape;
    readonly externalSync?: Shape;
    readonly audit?: Shape;
  };
  /** Remote state backends of this cloud, each a strict object discriminated by `type`. */
  readonly stateBackends?: readonly z.ZodObject[];
}

/** The places where a fragment may add keys. */
export type SpecPlace = keyof NonNullable<CloudSpecFragment['keys']>;

const neutralShapes = (region: z.ZodType<string>, account: z.ZodType<string>) => {
  const regions = z.strictObject({
    primary: region.describe('Where keys are created, secrets are written and rotation runs.'),
    replicas: z
      .array(region)
      .default([])
      .describe('Regions that receive read replicas of every replicated secret, each under its own replica key.'),
  });
  return {
    regions,
    environment: {
      account: account,
      regions: regions.optional().describe('Overrides the top-level regions for this environment.'),
      protect: z
        .boolean()
        .optional()
        .describe('prevent_destroy, longest windows, provider pinned to the account. @default true for prod/production, else false'),
    },
    generate: {
      length: z.number().int().optional().describe('Length of the generated value. @default 32'),
      excludeCharacters: z.string().optional().describe('Characters the value must never contain. @default none'),
      excludeNumbers: z.boolean().optional(),
      excludePunctuation: z.boolean().optional(),
      excludeUppercase: z.boolean().optional(),
      excludeLowercase: z.boolean().optional(),
    },
    rotation: {
      every: z
        .string(msg('expected an interval such as `30d` or `12h`'))
        .regex(DURATION_PATTERN, msg('expected an interval such as `30d` or `12h` (hours or days)'))
        .optional(),
      function: z
        .string()
        .optional()
        .describe('`builtin` (the kit\'s rotation function) or your own rotation function. @default builtin'),
    },
    secret: {
      description: z.string().max(2048).optional(),
      type: z.enum(['generated', 'external']).default('generated').describe(
        '`generated`: produced at apply time, never in state. `external`: the value is written out of band. @default generated',
      ),
      replicate: z.boolean().default(true).describe('Replicate to every replica region of the environment. @default true'),
      environments: environmentNames.describe('Only these environments get the secret. @default all'),
      suppress: suppressions,
    },
    parameter: {
      description: z.string().max(1024).optional(),
      value: z.string().optional().describe('The same value in every environment.'),
      values: z.record(z.string(), z.string()).optional().describe('One value per environment name.'),
      secure: z
        .boolean()
        .default(false)
        .describe('Encrypted under the environment key; the value is set out of band, never from the spec.'),
      environments: environmentNames.describe('Only these environments get the parameter. @default all'),
      suppress: suppressions,
    },
    usage: {
      invocationsPerMonth: perEnvironmentCount(0).describe(
        'Invocations per month in an environment (one number, or one per environment), spread evenly over the function\'s regions.',
      ),
      cacheTtlSeconds: z
        .number()
        .int()
        .min(0, msg('expected 0 (no cache) or more seconds'))
        .optional()
        .describe('How long each execution environment caches a value (0 turns caching off). @default the cloud\'s client default'),
      concurrency: perEnvironmentCount(1)
        .optional()
        .describe('Average warm execution environments per region, each with its own cache. @default 1'),
    },
    function: {
      secrets: z.array(reference).default([]).describe('Secrets this function reads: paths or globs.'),
      parameters: z.array(reference).default([]).describe('Parameters this function reads: paths or globs (`db/*` is that subtree).'),
      regions: z.array(region).optional().describe('Regions the function runs in. @default the primary region'),
      environments: environmentNames.describe('Only these environments get the function. @default all'),
      suppress: suppressions,
    },
    externalSync: {
      preset: z
        .string()
        .regex(SLUG_PATTERN, msg('expected the name of a preset such as `doppler`'))
        .optional()
        .describe('A known integration whose principal and needs the backend knows (`doppler`).'),
      principal: z.string().min(1).optional().describe('Who writes the values, in the cloud\'s own form. @default the preset\'s principal'),
      secrets: z.array(reference).default([]),
      parameters: z.array(reference).default([]),
      read: z.boolean().default(false).describe('Also allow reading back what it writes. @default false'),
      environments: environmentNames,
    },
    audit: {
      enabled: z.boolean().default(true).describe('One audit log per account with alarms. @default true'),
      logRetentionDays: z.number().int().default(365).describe('How long the searchable audit log keeps events. @default 365'),
      bucketRetentionDays: z.number().int().default(400).describe('How long the archived audit records stay. @default 400'),
      alarmEmails: z.array(z.string().regex(EMAIL_PATTERN, msg('expected an email address'))).default([]),
    },
  };
};

const reference = z.string().regex(REFERENCE_PATTERN, msg('expected a logical path, optionally with `*` globs'));

/** A count that may differ per environment: one number for all, or one per environment name. */
function perEnvironmentCount(min: number) {
  return z.union([
    z.number().int(msg('expected a whole number')).min(min, msg(`expected at least ${min}`)),
    z.record(z.string(), z.number().int(msg('expected a whole number')).min(min, msg(`expected at least ${min}`))),
  ]);
}

const tags = z.record(
  z.string().regex(TAG_KEY_PATTERN, msg('tag keys are 1 to 128 letters, digits, spaces and _.:/=+-@')),
  z.string().regex(TAG_VALUE_PATTERN, msg('tag values are up to 256 letters, digits, spaces and _.:/=+-@')),
);

const keyed = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

/** HCP Terraform / Terraform Enterprise, on every cloud: one workspace `{workspacePrefix}{stack}` per stack. */
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
export type RemoteBackendSpec = z.infer<typeof remoteBackend>;

const AUDIT_DEFAULT = { enabled: true, logRetentionDays: 365, bucketRetentionDays: 400, alarmEmails: [] };

export interface PlatformSchemaOptions {
  /** Whether a spec without `cloud:` means this cloud. @default false */
  readonly isDefault?: boolean;
}

/** The whole spec of one cloud: the neutral vocabulary with the cloud's fragment merged in. */
export function platformSchemaFor(fragment: CloudSpecFragment, options: PlatformSchemaOptions = {}) {
  const n = neutralShapes(fragment.region, fragment.account);
  const k = fragment.keys ?? {};
  // Typed as the neutral shape: the core reads neutral keys only; a cloud's own keys reach its
  // backend as `options`, typed by the backend's spec module.
  const obj = <S extends Shape>(neutral: S, extra: Shape | undefined) => z.strictObject({ ...neutral, ...(extra ?? {}) } as S);
  const generate = obj(n.generate, k.generate);
  const rotation = obj(n.rotation, k.rotation);
  const usage = obj(n.usage, k.usage).describe(
    'Expected load, read only by the cost estimate of the review report; it changes no resource.',
  );
  const stateBackends = [...(fragment.stateBackends ?? []), remoteBackend];
  const remote = stateBackends.map((b) => String(((b.shape as Shape).type?._zod.def as { values?: unknown[] } | undefined)?.values?.[0] ?? '?'));
  const backend = z
    .union([z.literal('local'), z.strictObject({ type: z.literal('local') }), ...stateBackends] as [z.ZodType, z.ZodType, ...z.ZodType[]], {
      error: `expected \`local\`${remote.map((t) => ` or \`{ type: ${t}, ... }\``).join('')}`,
    })
    .default('local');
  const cloud = options.isDefault
    ? z.literal(fragment.cloud).default(fragment.cloud as never)
    : z.literal(fragment.cloud);
  return z
    .strictObject({
      $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
      project: z
        .string(msg('required: a slug such as `acme-payments`'))
        .regex(PROJECT_PATTERN, msg('expected 3 to 32 characters: lowercase letters, digits and `-`, starting with a letter')),
      cloud: cloud.describe(`The backend that provisions the platform.${options.isDefault ? ` @default ${fragment.cloud}` : ''}`),
      regions: n.regions,
      environments: z
        .record(z.string().regex(NAME_PATTERN, msg('environment names are lowercase letters, digits and `-`')), obj(n.environment, k.environment))
        .refine((envs) => Object.keys(envs).length > 0, msg('declare at least one environment')),
      promotion: z
        .array(z.string().regex(NAME_PATTERN, msg('expected an environment name')))
        .optional()
        .describe('The order changes are deployed in, e.g. [dev, staging, prod]: every environment once. @default the order of `environments`'),
      secrets: keyed(obj({ ...n.secret, generate: generate.optional(), rotation: rotation.optional() }, k.secret)).default({}),
      parameters: keyed(obj(n.parameter, k.parameter)).default({}),
      functions: z
        .record(
          z.string().regex(NAME_PATTERN, msg('function names are lowercase letters, digits and `-`')),
          obj({ ...n.function, usage: usage.optional() }, k.function),
        )
        .default({}),
      externalSync: z
        .record(z.string().regex(NAME_PATTERN, msg('sync names are lowercase letters, digits and `-`')), obj(n.externalSync, k.externalSync))
        .default({}),
      audit: obj(n.audit, k.audit).default(AUDIT_DEFAULT),
      backend,
      tags: tags.default({}),
      guardrails: z
        .strictObject({ suppress: suppressions })
        .optional()
        .describe('Platform-wide guardrail suppressions, each with its reason.'),
    })
    .describe(`A secrets platform on ${fragment.cloud}: secrets, parameters and the functions that read them, per environment.`);
}

/** The neutral vocabulary alone: what every cloud understands, and the types the core reads. */
const neutralSchema = platformSchemaFor({
  cloud: 'any',
  region: z.string().regex(/^[a-z][a-z0-9-]*[0-9a-z]$/, msg('expected a region name')),
  account: z.string(msg('expected the account as a quoted string')).min(1),
});

/** The keys of the neutral vocabulary at each place, for telling them from a cloud's own. */
export const NEUTRAL_KEYS: Readonly<Record<SpecPlace, readonly string[]>> = (() => {
  const n = neutralShapes(z.string(), z.string());
  return {
    environment: Object.keys(n.environment),
    secret: [...Object.keys(n.secret), 'generate', 'rotation'],
    generate: Object.keys(n.generate),
    rotation: Object.keys(n.rotation),
    parameter: Object.keys(n.parameter),
    function: [...Object.keys(n.function), 'usage'],
    usage: Object.keys(n.usage),
    externalSync: Object.keys(n.externalSync),
    audit: Object.keys(n.audit),
  };
})();

/**
 * The spec after defaults are applied, as the core reads it. A cloud's own keys are present
 * too (the parse was that cloud's schema); the core hands them to the backend as `options`.
 */
export type PlatformSpec = Omit<z.infer<typeof neutralSchema>, 'cloud' | 'backend'> & {
  readonly cloud: string;
  readonly backend: BackendSpec;
};
/** The spec as a person writes it, neutral keys only; a cloud's spec module has the full type. */
export type PlatformSpecInput = z.input<typeof neutralSchema>;
export type EnvironmentSpec = PlatformSpec['environments'][string];
export type SecretSpec = PlatformSpec['secrets'][string];
export type GenerateSpec = NonNullable<SecretSpec['generate']>;
export type RotationSpec = NonNullable<SecretSpec['rotation']>;
export type ParameterSpec = PlatformSpec['parameters'][string];
export type FunctionSpec = PlatformSpec['functions'][string];
export type UsageSpec = NonNullable<FunctionSpec['usage']>;
export type ExternalSyncSpec = PlatformSpec['externalSync'][string];
export type AuditSpec = PlatformSpec['audit'];

/** Where state lives: `local`, HCP Terraform (`remote`), or a remote backend of the cloud (opaque to the core). */
export type BackendSpec =
  | 'local'
  | { readonly type: 'local' }
  | RemoteBackendSpec
  | { readonly type: string; readonly [key: string]: unknown };

/** The JSON Schema published for editors: one branch per cloud, discriminated on `cloud`. */
export function platformJsonSchema(schemas: readonly z.ZodType[]): Record<string, unknown> {
  const all = schemas.length === 1 ? schemas[0] : z.union(schemas as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  return z.toJSONSchema(all, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
}
