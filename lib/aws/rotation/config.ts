/**
 * What the built-in rotation function knows about the secrets it rotates: for each secret name,
 * the options of its `GetRandomPassword` call. One function serves every secret of an
 * environment, so the construct writes this map into one environment variable, where a
 * reviewer reads it in the plan; the handler reads it back. No AWS SDK here: the construct
 * imports this file at synth time.
 */

/** The environment variable holding the JSON map `secret name -> password options`. */
export const ROTATION_SECRETS_ENV = 'ROTATION_SECRETS';

/** Lambda refuses a function whose environment variables, names and values together, exceed 4 KB. */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * The request of `GetRandomPassword`, by its API field names. A field is present only when it
 * differs from the API's default (32 characters, every class, no space, each class required),
 * which keeps the variable small.
 */
export interface PasswordOptions {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
}

/** Generator settings as the model states them (a structural subset of `GenerateModel`). */
export interface GeneratorSettings {
  readonly length: number;
  readonly excludeCharacters?: string;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeLowercase: boolean;
  readonly includeSpace: boolean;
  readonly requireEachIncludedType: boolean;
}

/** GetRandomPassword's own defaults (Secrets Manager API reference). */
const API_DEFAULTS = { length: 32, requireEachIncludedType: true } as const;

export function passwordOptions(g: GeneratorSettings): PasswordOptions {
  const options: Record<string, string | number | boolean> = {};
  if (g.length !== API_DEFAULTS.length) options.PasswordLength = g.length;
  if (g.excludeCharacters) options.ExcludeCharacters = g.excludeCharacters;
  if (g.excludeNumbers) options.ExcludeNumbers = true;
  if (g.excludePunctuation) options.ExcludePunctuation = true;
  if (g.excludeUppercase) options.ExcludeUppercase = true;
  if (g.excludeLowercase) options.ExcludeLowercase = true;
  if (g.includeSpace) options.IncludeSpace = true;
  if (g.requireEachIncludedType !== API_DEFAULTS.requireEachIncludedType) options.RequireEachIncludedType = g.requireEachIncludedType;
  return options;
}

/** The variable's value: keys sorted, so the plan never shows a reordering as a change. */
export function renderRotationSecrets(secrets: ReadonlyMap<string, PasswordOptions>): string {
  const sorted = [...secrets.keys()].sort().map((name) => [name, secrets.get(name)!] as const);
  return JSON.stringify(Object.fromEntries(sorted));
}

const OPTION_TYPES: Readonly<Record<keyof PasswordOptions, 'number' | 'string' | 'boolean'>> = {
  PasswordLength: 'number',
  ExcludeCharacters: 'string',
  ExcludeNumbers: 'boolean',
  ExcludePunctuation: 'boolean',
  ExcludeUppercase: 'boolean',
  ExcludeLowercase: 'boolean',
  IncludeSpace: 'boolean',
  RequireEachIncludedType: 'boolean',
};

/** Reads the map back; a malformed variable is a deployment fault, named precisely. */
export function parseRotationSecrets(raw: string | undefined): ReadonlyMap<string, PasswordOptions> {
  if (raw === undefined || raw === '') {
    throw new Error(`${ROTATION_SECRETS_ENV} is not set: the function does not know which secrets it rotates`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${ROTATION_SECRETS_ENV} is not valid JSON; expected {"secret name": {GetRandomPassword options}}`);
  }
  if (!isRecord(parsed)) throw new Error(`${ROTATION_SECRETS_ENV} must be a JSON object of secret name -> options`);
  const secrets = new Map<string, PasswordOptions>();
  for (const [name, options] of Object.entries(parsed)) {
    if (!isRecord(options)) throw new Error(`${ROTATION_SECRETS_ENV}: the options of ${name} must be an object`);
    for (const [field, value] of Object.entries(options)) {
      const expected = OPTION_TYPES[field as keyof PasswordOptions];
      if (expected === undefined) {
        throw new Error(`${ROTATION_SECRETS_ENV}: ${name} has an unknown option ${field}; allowed: ${Object.keys(OPTION_TYPES).join(', ')}`);
      }
      if (typeof value !== expected) throw new Error(`${ROTATION_SECRETS_ENV}: ${name}.${field} must be a ${expected}`);
    }
    secrets.set(name, options as PasswordOptions);
  }
  return secrets;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
